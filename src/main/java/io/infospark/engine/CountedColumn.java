package io.infospark.engine;

import io.infospark.core.BadInputException;
import io.infospark.engine.spark.KeyType;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * A column to count: its name, its type, and for a floating-point column its bins (or none: exact
 * values). Values are counted by the one definition of equality the SQL functions share (the
 * equality of {@code GROUP BY}): NaN is one value distinct from null, −0.0 and 0.0 are one value,
 * binary values compare by content, collated strings by their collation key.
 */
public final class CountedColumn implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final DataType type;
  private final KeyType key;
  private final ValueBins bins;

  private CountedColumn(String name, DataType type, KeyType key, ValueBins bins) {
    this.name = name;
    this.type = type;
    this.key = key;
    this.bins = bins;
  }

  /**
   * A column of this name and type; {@code bins} is used for floating-point columns (null: exact values).
   *
   * @throws BadInputException for types that have no values to count (arrays, maps, structs, …)
   */
  public static CountedColumn of(String name, DataType type, ValueBins bins) {
    KeyType k = KeyType.of(type);
    if (k == null) {
      throw new BadInputException("column '" + name + "' has type " + type.simpleString()
          + "; expected a column of atomic values (number, string, boolean, date, timestamp, decimal, binary): "
          + "select a field or cast it first");
    }
    return new CountedColumn(name, type, k, k.floating() ? bins : null);
  }

  /** Whether a column of this type is floating-point (and is binned unless counted exactly). */
  public static boolean isFloating(DataType t) {
    KeyType k = KeyType.of(t);
    return k != null && k.floating();
  }

  /** Whether values of this type can be counted. */
  public static boolean countable(DataType t) {
    return KeyType.of(t) != null;
  }

  public String name() {
    return name;
  }

  public DataType type() {
    return type;
  }

  /** The bins of a discretised floating-point column, or null. */
  public ValueBins bins() {
    return bins;
  }

  KeyType keyType() {
    return key;
  }

  boolean bytesKeyed() {
    return key.bytesKeyed();
  }

  /**
   * The value a key stands for, as readable text: the value itself for categorical columns, the
   * bin label (e.g. {@code [1.5, 3)}) for binned floating-point columns; for a string under a
   * collation its collation key (lower case under {@code UTF8_LCASE}; hexadecimal bytes when the
   * key is not text).
   */
  public String display(CountKey k) {
    if (k.isBytes()) {
      byte[] b = k.bytesNoCopy();
      switch (key.kind()) {
        case BINARY: return hex(b);
        case COLLATED_STRING: return utf8OrHex(b);
        default: return new String(b, StandardCharsets.UTF_8);
      }
    }
    long v = k.longValue();
    switch (key.kind()) {
      case BOOLEAN: return String.valueOf(v == 1);
      case FLOAT: case DOUBLE:
        return bins != null ? bins.label(v) : String.valueOf(Double.longBitsToDouble(v));
      case DECIMAL_LONG: return java.math.BigDecimal.valueOf(v, key.scale()).toPlainString();
      default: break;
    }
    if (type instanceof DateType) {
      return java.time.LocalDate.ofEpochDay(v).toString();
    }
    if (type instanceof TimestampType) {
      return java.time.Instant.EPOCH.plus(v, java.time.temporal.ChronoUnit.MICROS).toString();
    }
    if (type instanceof TimestampNTZType) {
      return java.time.LocalDateTime.ofEpochSecond(Math.floorDiv(v, 1_000_000L),
          (int) Math.floorMod(v, 1_000_000L) * 1000, java.time.ZoneOffset.UTC).toString();
    }
    return String.valueOf(v);
  }

  private static String utf8OrHex(byte[] b) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      return hex(b);
    }
  }

  private static String hex(byte[] b) {
    return "0x" + java.util.HexFormat.of().formatHex(b);
  }

  @Override
  public String toString() {
    return name + " " + type.simpleString() + (bins == null ? "" : " binned " + bins.describe());
  }
}
