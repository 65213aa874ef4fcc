package io.infospark.result;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rules for values in the summary JSON (DESIGN.md §3): counts as integers when whole, ±∞ as
 * the strings {@code "Infinity"} / {@code "-Infinity"}, undefined values as {@code null} with a
 * {@code reason} field beside them.
 */
public final class SummaryJson {
  private SummaryJson() {}

  /** A count or weight sum: a whole number as an integer (10000, not 10000.0), else as a double. */
  public static void putCount(ObjectNode node, String field, double value, List<String> undefined) {
    if (value == Math.rint(value) && Math.abs(value) < 0x1p53) {
      node.put(field, (long) value);
    } else {
      putNumber(node, field, value, undefined);
    }
  }

  /**
   * Writes a number field of one result object: a finite number as a number, ±∞ as the string
   * {@code "Infinity"} / {@code "-Infinity"}, null or NaN as {@code null}.
   *
   * @param undefined collects the names of the fields written as null, for {@link #putReason}
   */
  public static void putNumber(ObjectNode node, String field, Double value, List<String> undefined) {
    if (value == null || value.isNaN()) {
      node.putNull(field);
      undefined.add(field);
    } else if (value.isInfinite()) {
      node.put(field, value > 0 ? "Infinity" : "-Infinity");
    } else {
      node.put(field, value);
    }
  }

  /** A whole number that may be undefined: null (collected in {@code undefined}) or the number. */
  public static void putWhole(ObjectNode node, String field, Long value, List<String> undefined) {
    if (value == null) {
      node.putNull(field);
      undefined.add(field);
    } else {
      node.put(field, value);
    }
  }

  /** A flag or a size that may be unknown, written as null without a reason of its own (it follows from others). */
  public static void putOptional(ObjectNode node, String field, Object value) {
    if (value == null) {
      node.putNull(field);
    } else if (value instanceof Boolean b) {
      node.put(field, b);
    } else {
      node.put(field, ((Number) value).longValue());
    }
  }

  /** The {@code reason} of a result object with null fields: the given one, else which fields. */
  public static void putReason(ObjectNode node, String reason, List<String> undefined) {
    if (reason != null) {
      node.put("reason", reason);
    } else if (!undefined.isEmpty()) {
      node.put("reason", "undefined for this input: " + String.join(", ", undefined));
    }
  }

  /**
   * Writes a result's fields (numbers, booleans, strings, lists and nested maps) into node, with
   * the rules of {@link #putNumber}; a {@code reason} lists the fields that were undefined.
   */
  public static void putMap(ObjectNode node, Map<String, ?> fields) {
    List<String> undefined = new ArrayList<>();
    putFields(node, fields, "", undefined);
    putReason(node, null, undefined);
  }

  private static void putFields(ObjectNode node, Map<String, ?> fields, String prefix, List<String> undefined) {
    for (Map.Entry<String, ?> e : fields.entrySet()) {
      String k = e.getKey();
      Object v = e.getValue();
      if (v == null || v instanceof Double || v instanceof Float) {
        List<String> here = new ArrayList<>();
        putNumber(node, k, v == null ? null : ((Number) v).doubleValue(), here);
        here.forEach(f -> undefined.add(prefix + f));
      } else if (v instanceof Number) {
        node.put(k, ((Number) v).longValue());
      } else if (v instanceof Boolean) {
        node.put(k, (Boolean) v);
      } else if (v instanceof Map) {
        @SuppressWarnings("unchecked")
        Map<String, ?> inner = (Map<String, ?>) v;
        putFields(node.putObject(k), inner, prefix + k + ".", undefined);
      } else if (v instanceof Iterable) {
        ArrayNode a = node.putArray(k);
        for (Object x : (Iterable<?>) v) {
          if (x instanceof Map) {
            // list items (a fit's path[]) hold null for what was not computed, without a reason each
            @SuppressWarnings("unchecked")
            Map<String, ?> inner = (Map<String, ?>) x;
            putFields(a.addObject(), inner, prefix + k + "[].", new ArrayList<>());
          } else {
            a.add(String.valueOf(x));
          }
        }
      } else {
        node.put(k, String.valueOf(v));
      }
    }
  }

}
