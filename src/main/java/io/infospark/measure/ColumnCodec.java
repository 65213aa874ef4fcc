package io.infospark.measure;

import io.infospark.core.BadInputException;
import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;
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
import org.apache.spark.unsafe.types.UTF8String;

/**
 * How one column's values become exact counting keys: a {@code long} for every type that fits one
 * losslessly (integers, booleans, dates, timestamps, intervals, decimals of ≤ 18 digits, bins or
 * the bits of a double), the bytes of the value otherwise (strings, binary, wide decimals).
 * Equal values get equal keys and different values different keys; nothing is hashed lossily.
 * Strings are compared by their UTF-8 bytes (binary collation).
 */
public final class ColumnCodec implements Serializable {
  private static final long serialVersionUID = 1L;

  enum Reader { BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, DECIMAL_LONG, DECIMAL_BYTES, STRING, BINARY, NULL }

  private final String name;
  private final DataType type;
  private final Reader reader;
  private final BinSpec bins;
  private final int precision;
  private final int scale;

  private ColumnCodec(String name, DataType type, Reader reader, BinSpec bins, int precision, int scale) {
    this.name = name;
    this.type = type;
    this.reader = reader;
    this.bins = bins;
    this.precision = precision;
    this.scale = scale;
  }

  /** Whether a column of this type needs bins (or {@link Binning#EXACT}) before counting. */
  static boolean isFloating(DataType t) {
    return t instanceof DoubleType || t instanceof FloatType;
  }

  /**
   * The codec of a column; {@code bins} is used for floating-point columns (null: exact values).
   *
   * @throws BadInputException for types that have no values to count (arrays, maps, structs, …)
   */
  static ColumnCodec of(String name, DataType t, BinSpec bins) {
    Reader r;
    int p = 0;
    int s = 0;
    if (t instanceof BooleanType) {
      r = Reader.BOOLEAN;
    } else if (t instanceof ByteType) {
      r = Reader.BYTE;
    } else if (t instanceof ShortType) {
      r = Reader.SHORT;
    } else if (t instanceof IntegerType || t instanceof DateType || t instanceof YearMonthIntervalType) {
      r = Reader.INT;
    } else if (t instanceof LongType || t instanceof TimestampType || t instanceof TimestampNTZType
        || t instanceof DayTimeIntervalType) {
      r = Reader.LONG;
    } else if (t instanceof FloatType) {
      r = Reader.FLOAT;
    } else if (t instanceof DoubleType) {
      r = Reader.DOUBLE;
    } else if (t instanceof DecimalType) {
      p = ((DecimalType) t).precision();
      s = ((DecimalType) t).scale();
      r = p <= 18 ? Reader.DECIMAL_LONG : Reader.DECIMAL_BYTES;
    } else if (t instanceof StringType) {
      r = Reader.STRING;
    } else if (t instanceof BinaryType) {
      r = Reader.BINARY;
    } else if (t instanceof NullType) {
      r = Reader.NULL;
    } else {
      throw new BadInputException("column '" + name + "' has type " + t.simpleString()
          + "; expected a column of atomic values (number, string, boolean, date, timestamp, decimal, binary): "
          + "select a field or cast it first");
    }
    return new ColumnCodec(name, t, r, isFloating(t) ? bins : null, p, s);
  }

  public String name() {
    return name;
  }

  public DataType type() {
    return type;
  }

  /** The bins of a discretised floating-point column, or null. */
  public BinSpec bins() {
    return bins;
  }

  /** True when keys are bytes ({@link #bytesKey}), false when they are longs ({@link #longKey}). */
  boolean bytesKeyed() {
    return reader == Reader.STRING || reader == Reader.BINARY || reader == Reader.DECIMAL_BYTES;
  }

  boolean isNull(InternalRow row, int ordinal) {
    return reader == Reader.NULL || row.isNullAt(ordinal);
  }

  /** The key of a non-null value of a long-keyed column. */
  long longKey(InternalRow row, int i) {
    switch (reader) {
      case BOOLEAN: return row.getBoolean(i) ? 1 : 0;
      case BYTE: return row.getByte(i);
      case SHORT: return row.getShort(i);
      case INT: return row.getInt(i);
      case LONG: return row.getLong(i);
      case FLOAT: return doubleKey(row.getFloat(i));
      case DOUBLE: return doubleKey(row.getDouble(i));
      case DECIMAL_LONG: return row.getDecimal(i, precision, scale).toUnscaledLong();
      default: throw new IllegalStateException(reader + " is bytes-keyed");
    }
  }

  private long doubleKey(double x) {
    if (bins != null) {
      return bins.index(x);
    }
    // exact values: one key per double, with 0.0 == -0.0 and a single NaN
    return Double.doubleToLongBits(x == 0.0 ? 0.0 : x);
  }

  /**
   * The value a key stands for, as readable text: the value itself for categorical columns, the
   * bin label (e.g. {@code [1.5, 3)}) for binned floating-point columns.
   */
  public String display(Long longKey, byte[] bytesKey) {
    if (bytesKeyed()) {
      return reader == Reader.BINARY ? hex(bytesKey) : new String(bytesKey, java.nio.charset.StandardCharsets.UTF_8);
    }
    long k = longKey;
    switch (reader) {
      case BOOLEAN: return String.valueOf(k == 1);
      case FLOAT: case DOUBLE:
        return bins != null ? bins.label(k) : String.valueOf(Double.longBitsToDouble(k));
      case DECIMAL_LONG: return java.math.BigDecimal.valueOf(k, scale).toPlainString();
      default: break;
    }
    if (type instanceof DateType) {
      return java.time.LocalDate.ofEpochDay(k).toString();
    }
    if (type instanceof TimestampType) {
      return java.time.Instant.EPOCH.plus(k, java.time.temporal.ChronoUnit.MICROS).toString();
    }
    if (type instanceof TimestampNTZType) {
      return java.time.LocalDateTime.ofEpochSecond(Math.floorDiv(k, 1_000_000L),
          (int) Math.floorMod(k, 1_000_000L) * 1000, java.time.ZoneOffset.UTC).toString();
    }
    return String.valueOf(k);
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder("0x");
    for (byte x : b) {
      sb.append(String.format("%02x", x));
    }
    return sb.toString();
  }

  /** The key of a non-null value of a bytes-keyed column; may point into the row (copy to keep). */
  UTF8String bytesKey(InternalRow row, int i) {
    switch (reader) {
      case STRING: return row.getUTF8String(i);
      case BINARY: return UTF8String.fromBytes(row.getBinary(i));
      case DECIMAL_BYTES:
        return UTF8String.fromString(row.getDecimal(i, precision, scale).toJavaBigDecimal().toPlainString());
      default: throw new IllegalStateException(reader + " is long-keyed");
    }
  }
}
