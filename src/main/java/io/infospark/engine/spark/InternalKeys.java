package io.infospark.engine.spark;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Reads the keys of {@link KeyType} from Spark's internal formats: an {@link InternalRow} (the
 * engine's row path, and the SQL functions' aggregation input) or a {@link ColumnVector} (the
 * engine's columnar path). The values must not be null.
 */
public final class InternalKeys {
  private InternalKeys() {}

  /** The key of a long-keyed value at ordinal i of a row. */
  public static long longKey(KeyType t, InternalRow row, int i) {
    switch (t.kind()) {
      case BOOLEAN: return KeyType.booleanKey(row.getBoolean(i));
      case BYTE: return row.getByte(i);
      case SHORT: return row.getShort(i);
      case INT: return row.getInt(i);
      case LONG: return row.getLong(i);
      case FLOAT: return KeyType.floatKey(row.getFloat(i));
      case DOUBLE: return KeyType.doubleKey(row.getDouble(i));
      case DECIMAL_LONG: return row.getDecimal(i, t.precision(), t.scale()).toUnscaledLong();
      default: throw new IllegalStateException(t + " is bytes-keyed");
    }
  }

  /** The key of a bytes-keyed value at ordinal i of a row; it may point into the row (copy it to keep it). */
  public static UTF8String bytesKey(KeyType t, InternalRow row, int i) {
    switch (t.kind()) {
      case STRING: return row.getUTF8String(i);
      case COLLATED_STRING: return SparkLine.collationKey(row.getUTF8String(i), t.collationId());
      case BINARY: return UTF8String.fromBytes(row.getBinary(i));
      case DECIMAL_BYTES:
        return UTF8String.fromBytes(KeyType.wideDecimalKey(row.getDecimal(i, t.precision(), t.scale()).toJavaBigDecimal()));
      default: throw new IllegalStateException(t + " is long-keyed");
    }
  }

  /** The key of a long-keyed value at row r of a column vector. */
  static long longKey(KeyType t, ColumnVector v, int r) {
    switch (t.kind()) {
      case BOOLEAN: return KeyType.booleanKey(v.getBoolean(r));
      case BYTE: return v.getByte(r);
      case SHORT: return v.getShort(r);
      case INT: return v.getInt(r);
      case LONG: return v.getLong(r);
      case FLOAT: return KeyType.floatKey(v.getFloat(r));
      case DOUBLE: return KeyType.doubleKey(v.getDouble(r));
      case DECIMAL_LONG: return v.getDecimal(r, t.precision(), t.scale()).toUnscaledLong();
      default: throw new IllegalStateException(t + " is bytes-keyed");
    }
  }

  /** The key of a bytes-keyed value at row r of a column vector. */
  static UTF8String bytesKey(KeyType t, ColumnVector v, int r) {
    switch (t.kind()) {
      case STRING: return v.getUTF8String(r);
      case COLLATED_STRING: return SparkLine.collationKey(v.getUTF8String(r), t.collationId());
      case BINARY: return UTF8String.fromBytes(v.getBinary(r));
      case DECIMAL_BYTES:
        return UTF8String.fromBytes(KeyType.wideDecimalKey(v.getDecimal(r, t.precision(), t.scale()).toJavaBigDecimal()));
      default: throw new IllegalStateException(t + " is long-keyed");
    }
  }

  /** Puts a string's bytes into slot r: by reference when they live in a heap array, else copied. */
  static void put(UTF8String s, ByteKeys out, int r) {
    if (s.getBaseObject() instanceof byte[] b) {
      out.set(r, b, (int) (s.getBaseOffset() - Platform.BYTE_ARRAY_OFFSET), s.numBytes());
    } else {
      byte[] copy = s.getBytes();
      out.copy(r, copy, 0, copy.length);
    }
  }
}
