package io.infospark.sql;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.CollationFactory;
import org.apache.spark.sql.types.AtomicType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.VariantType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Turns the value of one column of an {@link InternalRow} into a hash-map key with the equality
 * SQL's {@code GROUP BY} uses: NaN is one value (distinct from null), −0.0 and 0.0 are one value,
 * binary values compare by content, strings by their bytes or, under a collation such as
 * {@code UTF8_LCASE}, by its collation key ('a' and 'A' are one value there, as in GROUP BY).
 * Keys are copies, safe to keep after the row is reused.
 */
final class ValueKey implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The types whose values can be counted: every atomic type but VARIANT, and NULL. */
  static boolean countable(DataType type) {
    return (type instanceof AtomicType && !(type instanceof VariantType)) || type instanceof NullType;
  }

  /** What {@link #countable} accepts, in words for error messages. */
  static final String COUNTABLE_TYPES =
      "atomic (NUMERIC, STRING, BOOLEAN, DATE, TIMESTAMP, BINARY, DECIMAL or INTERVAL)";

  private final DataType type;
  /** The collation whose keys stand for strings, or −1 when strings compare by their bytes. */
  private final int collationId;

  ValueKey(DataType type) {
    this.type = type;
    this.collationId = type instanceof StringType st && !st.supportsBinaryEquality() ? st.collationId() : -1;
  }

  /**
   * The key of {@code row[ordinal]}, or null when the value is null. A string key may still point
   * into the row's buffer: look it up as it is, and keep only {@link #own} copies.
   */
  Object read(InternalRow row, int ordinal) {
    if (row.isNullAt(ordinal)) {
      return null;
    }
    Object v = row.get(ordinal, type);
    if (collationId >= 0) {
      return CollationFactory.getCollationKey((UTF8String) v, collationId);
    }
    return normalise(v);
  }

  static Object normalise(Object v) {
    if (v instanceof Double d) {
      return d == 0.0 ? Double.valueOf(0.0) : d; // −0.0 → 0.0; Double.equals already unites NaNs
    }
    if (v instanceof Float f) {
      return f == 0.0f ? Float.valueOf(0.0f) : f;
    }
    if (v instanceof byte[] b) {
      return new Bytes(b);
    }
    if (v instanceof Decimal d) {
      return d.toJavaBigDecimal(); // Decimal is mutable; one column has one scale, so equals is numeric
    }
    return v;
  }

  /** A key that is safe to keep: strings copied out of the row's (reused) buffer. */
  static Object own(Object key) {
    if (key instanceof UTF8String s) {
      return s.clone();
    }
    if (key instanceof Bytes b) {
      return new Bytes(b.bytes().clone());
    }
    if (key instanceof Pair p) {
      return new Pair(own(p.x()), own(p.y()));
    }
    return key;
  }

  /** A binary value with content equality. */
  record Bytes(byte[] bytes) implements Serializable {
    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }

  /** A (x, y) pair of keys, for joint counts. */
  record Pair(Object x, Object y) implements Serializable {}
}
