package io.infospark.engine.spark;

import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DayTimeIntervalType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.types.YearMonthIntervalType;

/**
 * The one definition of value equality in infospark, shared by the counting engine (both of its
 * paths) and the SQL functions: how a value of a column type becomes an exact counting key, equal
 * for equal values and different for different ones, with the equality of SQL's {@code GROUP BY}.
 *
 * <ul>
 *   <li>a {@code long} for every type that fits one losslessly: booleans (0/1), integers, dates
 *       (days since the epoch), timestamps with or without time zone (microseconds), times,
 *       intervals, decimals of ≤ 18 digits (the unscaled value), floating-point numbers (the bits
 *       of the double, with −0.0 and 0.0 one value and every NaN one value, distinct from null);
 *   <li>bytes otherwise: strings by their UTF-8 bytes, or under a non-binary collation such as
 *       {@code UTF8_LCASE} by the collation's key ('a' and 'A' are one value there); binary by its
 *       content; decimals of more than 18 digits by their plain decimal text.
 * </ul>
 *
 * Null is not a key: readers report it separately. The readers of this definition are
 * {@link InternalKeys} (Spark's internal rows and column vectors) and the engine's reader of
 * public {@link org.apache.spark.sql.Row}s; a test checks that they agree.
 */
public final class KeyType implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How values are read. */
  public enum Kind {
    BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, DECIMAL_LONG, DECIMAL_BYTES, STRING, COLLATED_STRING,
    BINARY, NULL;

    /** Whether keys of this kind are bytes (else longs). */
    public boolean bytes() {
      return this == DECIMAL_BYTES || this == STRING || this == COLLATED_STRING || this == BINARY;
    }
  }

  /** What {@link #of} accepts, in words for error messages. */
  public static final String COUNTABLE_TYPES =
      "atomic (NUMERIC, STRING, BOOLEAN, DATE, TIMESTAMP, BINARY, DECIMAL or INTERVAL)";

  private final DataType type;
  private final Kind kind;
  private final int precision;
  private final int scale;
  private final int collationId;

  private KeyType(DataType type, Kind kind, int precision, int scale, int collationId) {
    this.type = type;
    this.kind = kind;
    this.precision = precision;
    this.scale = scale;
    this.collationId = collationId;
  }

  /** The key type of a column type, or null when its values cannot be counted (arrays, maps, structs, variants). */
  public static KeyType of(DataType t) {
    if (t instanceof BooleanType) {
      return new KeyType(t, Kind.BOOLEAN, 0, 0, -1);
    } else if (t instanceof ByteType) {
      return new KeyType(t, Kind.BYTE, 0, 0, -1);
    } else if (t instanceof ShortType) {
      return new KeyType(t, Kind.SHORT, 0, 0, -1);
    } else if (t instanceof IntegerType || t instanceof DateType || t instanceof YearMonthIntervalType) {
      return new KeyType(t, Kind.INT, 0, 0, -1);
    } else if (t instanceof LongType || t instanceof TimestampType || t instanceof TimestampNTZType
        || t instanceof DayTimeIntervalType || SparkLine.isTime(t)) {
      return new KeyType(t, Kind.LONG, 0, 0, -1);
    } else if (t instanceof FloatType) {
      return new KeyType(t, Kind.FLOAT, 0, 0, -1);
    } else if (t instanceof DoubleType) {
      return new KeyType(t, Kind.DOUBLE, 0, 0, -1);
    } else if (t instanceof DecimalType d) {
      return new KeyType(t, d.precision() <= 18 ? Kind.DECIMAL_LONG : Kind.DECIMAL_BYTES, d.precision(), d.scale(), -1);
    } else if (t instanceof StringType) {
      int collation = SparkLine.nonBinaryCollation(t);
      return new KeyType(t, collation < 0 ? Kind.STRING : Kind.COLLATED_STRING, 0, 0, collation);
    } else if (t instanceof BinaryType) {
      return new KeyType(t, Kind.BINARY, 0, 0, -1);
    } else if (t instanceof NullType) {
      return new KeyType(t, Kind.NULL, 0, 0, -1);
    }
    return null;
  }

  public DataType type() {
    return type;
  }

  public Kind kind() {
    return kind;
  }

  /** True when keys are bytes, false when they are longs. */
  public boolean bytesKeyed() {
    return kind.bytes();
  }

  /** Whether the column's values are floating-point numbers (whose keys may be bins instead). */
  public boolean floating() {
    return kind == Kind.FLOAT || kind == Kind.DOUBLE;
  }

  public int precision() {
    return precision;
  }

  public int scale() {
    return scale;
  }

  /** The collation whose keys stand for strings, or −1 when strings compare by their bytes. */
  public int collationId() {
    return collationId;
  }

  /** The key of a double: its bits, with −0.0 as 0.0 and one NaN ({@code doubleToLongBits} makes NaNs one). */
  public static long doubleKey(double x) {
    return Double.doubleToLongBits(x == 0.0 ? 0.0 : x);
  }

  /** The key of a float: the key of the same double (widening keeps floats distinct). */
  public static long floatKey(float x) {
    return doubleKey(x);
  }

  /** The key of a boolean. */
  public static long booleanKey(boolean b) {
    return b ? 1 : 0;
  }

  /** The key bytes of a decimal of more than 18 digits: its plain decimal text at the column's scale. */
  public static byte[] wideDecimalKey(BigDecimal d) {
    return d.toPlainString().getBytes(StandardCharsets.UTF_8);
  }

  /** The key bytes of a string under this type's collation ({@link Kind#COLLATED_STRING}). */
  public byte[] collationKey(String s) {
    return SparkLine.collationKey(org.apache.spark.unsafe.types.UTF8String.fromString(s), collationId).getBytes();
  }

  @Override
  public String toString() {
    return kind + "(" + type.simpleString() + ")";
  }
}
