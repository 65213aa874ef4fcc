package io.infospark.sql;

import io.infospark.engine.spark.InternalKeys;
import io.infospark.engine.spark.KeyType;
import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Turns the value of one column of an {@link InternalRow} into a hash-map key by the one
 * definition of value equality infospark has, the counting engine's ({@link KeyType}): the
 * equality of SQL's {@code GROUP BY}. NaN is one value (distinct from null), −0.0 and 0.0 are one
 * value, binary values compare by content, strings by their bytes or, under a collation such as
 * {@code UTF8_LCASE}, by its collation key ('a' and 'A' are one value there). A key is a
 * {@code Long} or a {@link UTF8String} of the key bytes, so the SQL functions and the jobs count
 * exactly the same values.
 */
final class ValueKey implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The types whose values can be counted: every atomic type but VARIANT, and NULL. */
  static boolean countable(DataType type) {
    return KeyType.of(type) != null;
  }

  /** What {@link #countable} accepts, in words for error messages. */
  static final String COUNTABLE_TYPES = KeyType.COUNTABLE_TYPES;

  private final KeyType type;

  ValueKey(DataType type) {
    this.type = KeyType.of(type);
  }

  /**
   * The key of {@code row[ordinal]}, or null when the value is null. A string key may still point
   * into the row's buffer: look it up as it is, and keep only {@link #own} copies.
   */
  Object read(InternalRow row, int ordinal) {
    if (type.kind() == KeyType.Kind.NULL || row.isNullAt(ordinal)) {
      return null;
    }
    return type.bytesKeyed() ? InternalKeys.bytesKey(type, row, ordinal) : (Object) InternalKeys.longKey(type, row, ordinal);
  }

  /** A key that is safe to keep: byte keys copied out of the row's (reused) buffer. */
  static Object own(Object key) {
    if (key instanceof UTF8String s) {
      return s.clone();
    }
    if (key instanceof Pair p) {
      return new Pair(own(p.x()), own(p.y()));
    }
    return key;
  }

  /** A (x, y) pair of keys, for joint counts. */
  record Pair(Object x, Object y) implements Serializable {}
}
