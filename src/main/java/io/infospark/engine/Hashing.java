package io.infospark.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The hash functions of the engine: pure functions of their arguments (no state), so a key hashes
 * the same in every task, on every path and in every JVM. Tables, shuffle partitions and merge
 * passes are all chosen from these.
 */
final class Hashing {
  private Hashing() {}

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final long C2 = 0xC2B2AE3D27D4EB4FL;

  /** Murmur3's 64-bit finaliser: spreads the bits of k over the whole word. */
  static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }

  /** A 64-bit hash of {@code b[off, off + len)}: eight bytes at a time, then the tail, then {@link #fmix64}. */
  static long bytes(byte[] b, int off, int len, long seed) {
    long h = seed ^ (len * GOLDEN);
    int i = 0;
    for (; i + 8 <= len; i += 8) {
      long x = (long) LONGS.get(b, off + i) * C2;
      h = Long.rotateLeft(h ^ Long.rotateLeft(x, 31) * GOLDEN, 27) * 5 + 0x52dce729;
    }
    long tail = 0;
    for (int j = 0; i + j < len; j++) {
      tail |= (b[off + i + j] & 0xFFL) << (8 * j);
    }
    h ^= Long.rotateLeft(tail * C2, 31) * GOLDEN;
    return fmix64(h);
  }

  /** The hash of an entry's key: its set, null mask and the hashes (or long values) of its one or two parts. */
  static long entry(int set, int nullmask, long h1, long h2) {
    long x = fmix64(h1 + GOLDEN * (4L * set + nullmask + 5));
    return fmix64(x ^ (h2 * C2));
  }
}
