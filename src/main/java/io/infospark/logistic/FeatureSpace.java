package io.infospark.logistic;

import io.infospark.core.BadInputException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

/**
 * How input columns become the feature vector x: numeric columns as they are; boolean columns as
 * one 0/1 feature {@code column=true}; string columns one-hot, one feature {@code column=value}
 * per level but the first in sorted order (the reference level, R's convention); or one ready
 * vector column. Immutable and serialisable: it travels to the executors and into saved models.
 */
public final class FeatureSpace implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The kind of one input column. */
  public enum Kind { NUMERIC, BOOLEAN, CATEGORICAL, VECTOR }

  /** One input column: where its features start in x and, for categories, the coded levels. */
  public record Column(String name, Kind kind, int offset, int width, List<String> levels, String reference)
      implements Serializable {}

  private final List<Column> columns;
  private final List<String> names;

  /** @throws BadInputException when two coefficients would have the same name */
  FeatureSpace(List<Column> columns, List<String> names) {
    this.columns = List.copyOf(columns);
    this.names = List.copyOf(names);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String n : names) {
      if (!seen.add(n)) {
        throw new BadInputException("features: two coefficients would be named '" + n
            + "' (a column listed twice, or a column named like a level of a string column); each name once");
      }
    }
  }

  public List<Column> columns() {
    return columns;
  }

  /** Coefficient names in x order (the intercept excluded). */
  public List<String> names() {
    return names;
  }

  public int size() {
    return names.size();
  }

  /** Feature names of a vector column: from its ML attributes when present, else col[0], col[1], …. */
  static List<String> vectorNames(String col, int size, List<String> given) {
    if (given != null && given.size() == size) {
      return given;
    }
    List<String> n = new ArrayList<>();
    for (int j = 0; j < size; j++) {
      n.add(col + "[" + j + "]");
    }
    return n;
  }

  /**
   * Builds the space for {@code cols} of {@code schema}; {@code levels} holds the distinct
   * non-null values of every string column.
   */
  static FeatureSpace of(StructType schema, List<String> cols, Map<String, List<String>> levels) {
    List<Column> out = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String c : cols) {
      DataType t = type(schema, c);
      int off = names.size();
      if (t instanceof NumericType) {
        out.add(new Column(c, Kind.NUMERIC, off, 1, List.of(), null));
        names.add(c);
      } else if (t instanceof BooleanType) {
        out.add(new Column(c, Kind.BOOLEAN, off, 1, List.of("true"), "false"));
        names.add(c + "=true");
      } else if (t instanceof StringType) {
        List<String> lv = new ArrayList<>(levels.getOrDefault(c, List.of()));
        Collections.sort(lv);
        if (lv.isEmpty()) {
          throw new BadInputException("feature column '" + c + "' has no non-null values");
        }
        List<String> coded = lv.subList(1, lv.size());
        out.add(new Column(c, Kind.CATEGORICAL, off, coded.size(), List.copyOf(coded), lv.get(0)));
        for (String v : coded) {
          names.add(c + "=" + v);
        }
      } else {
        throw new BadInputException("feature column '" + c + "' has type " + t.simpleString()
            + "; expected a number, boolean or string (or pass one vector column)");
      }
    }
    return new FeatureSpace(out, names);
  }

  static FeatureSpace ofVector(String col, int size, List<String> names) {
    List<String> n = vectorNames(col, size, names);
    return new FeatureSpace(List.of(new Column(col, Kind.VECTOR, 0, size, List.of(), null)), n);
  }

  /** A Column for a top-level field, quoted whatever its name holds (dots, spaces, backticks). */
  static org.apache.spark.sql.Column col(String name) {
    return org.apache.spark.sql.functions.col("`" + name.replace("`", "``") + "`");
  }

  static DataType type(StructType schema, String c) {
    if (!java.util.Arrays.asList(schema.fieldNames()).contains(c)) {
      throw new BadInputException("column '" + c + "' not found; columns: " + String.join(", ", schema.fieldNames()));
    }
    return schema.apply(c).dataType();
  }

  /**
   * Writes the features of row {@code r} (whose fields {@code pos[k]} hold column k) into
   * {@code idx}/{@code val} as a sparse row; returns the entry count, or −1 − k when column k holds
   * a null, NaN or ±∞ (or a string level this space does not know, when {@code strict}).
   */
  int encode(Row r, int[] pos, int[] idx, double[] val, boolean strict) {
    int n = 0;
    for (int k = 0; k < columns.size(); k++) {
      Column c = columns.get(k);
      int f = pos[k];
      if (r.isNullAt(f)) {
        return -1 - k;
      }
      switch (c.kind) {
        case NUMERIC: {
          double v = ((Number) r.get(f)).doubleValue();
          if (!Double.isFinite(v)) {
            return -1 - k;
          }
          if (v != 0.0) {
            idx[n] = c.offset;
            val[n++] = v;
          }
          break;
        }
        case BOOLEAN:
          if (r.getBoolean(f)) {
            idx[n] = c.offset;
            val[n++] = 1.0;
          }
          break;
        case CATEGORICAL: {
          String s = r.getString(f);
          int i = Collections.binarySearch(c.levels, s);
          if (i >= 0) {
            idx[n] = c.offset + i;
            val[n++] = 1.0;
          } else if (strict && !s.equals(c.reference)) {
            return -1 - k;
          }
          break;
        }
        default: {
          Vector v = (Vector) r.get(f);
          if (v.size() != c.width) {
            throw new BadInputException("vector column '" + c.name + "' has a vector of size " + v.size()
                + " but the features have " + c.width);
          }
          if (v instanceof SparseVector) {
            SparseVector sv = (SparseVector) v;
            for (int i = 0; i < sv.indices().length; i++) {
              double x = sv.values()[i];
              if (!Double.isFinite(x)) {
                return -1 - k;
              }
              idx[n] = sv.indices()[i];
              val[n++] = x;
            }
          } else {
            for (int i = 0; i < c.width; i++) {
              double x = v.apply(i);
              if (!Double.isFinite(x)) {
                return -1 - k;
              }
              idx[n] = i;
              val[n++] = x;
            }
          }
        }
      }
    }
    return n;
  }
}
