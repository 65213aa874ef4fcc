package io.infospark.engine;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The exact counting key of one value ({@code io.infospark.engine.spark.KeyType} defines it): a
 * {@code long} for numbers, dates, timestamps, booleans and bins, bytes for strings (their UTF-8
 * bytes or collation key), binary values and wide decimals. {@link CountedColumn#display} turns it
 * back into readable text. Keys order by their long, or by their bytes as unsigned.
 */
public final class CountKey implements Serializable, Comparable<CountKey> {
  private static final long serialVersionUID = 1L;
  private final long value;
  private final byte[] bytes;

  private CountKey(long value, byte[] bytes) {
    this.value = value;
    this.bytes = bytes;
  }

  public static CountKey of(long value) {
    return new CountKey(value, null);
  }

  public static CountKey of(byte[] bytes) {
    return new CountKey(0, bytes.clone());
  }

  static CountKey ofOwned(byte[] bytes) {
    return new CountKey(0, bytes);
  }

  /** Whether the key is bytes (else a long). */
  public boolean isBytes() {
    return bytes != null;
  }

  /** The long key. */
  public long longValue() {
    if (bytes != null) {
      throw new IllegalStateException("a bytes key");
    }
    return value;
  }

  /** The bytes key (a copy). */
  public byte[] bytes() {
    if (bytes == null) {
      throw new IllegalStateException("a long key");
    }
    return bytes.clone();
  }

  byte[] bytesNoCopy() {
    return bytes;
  }

  @Override
  public int compareTo(CountKey o) {
    if (bytes == null || o.bytes == null) {
      return bytes == null && o.bytes == null ? Long.compare(value, o.value) : bytes == null ? -1 : 1;
    }
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CountKey k && value == k.value && Arrays.equals(bytes, k.bytes);
  }

  @Override
  public int hashCode() {
    return bytes == null ? Long.hashCode(value) : Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return bytes == null ? String.valueOf(value) : java.util.HexFormat.of().formatHex(bytes);
  }
}
