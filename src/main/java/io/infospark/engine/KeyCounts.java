package io.infospark.engine;

import java.util.Arrays;

/**
 * A per-task counter of distinct keys: an open-addressing hash table (linear probing, load ≤ 1/2)
 * that gives each new key a dense id (in insertion order) and keeps its count, and its weight sum
 * when rows are weighted. A task's rows are counted into one of these per column (and per column
 * pair), and only the distinct (key, count) entries cross the shuffle.
 *
 * <p>Layout for speed on tables larger than the cache: a slot holds the key (or the key's hash and
 * id) and the count side by side, so finding a key and adding to its count touches one cache line;
 * ids map back to slots ({@code slotOfId}) only when the table is read out. Not thread-safe; one
 * task owns it.
 */
abstract class KeyCounts {
  static final int MIN_CAPACITY = 64;

  int capacity = MIN_CAPACITY;
  int mask = MIN_CAPACITY - 1;
  int size;
  /** Slot of each id. */
  int[] slotOfId = new int[MIN_CAPACITY / 2];
  /** Weight sum per slot, or null when rows are not weighted (the weight is then the count). */
  double[] weights;
  private final boolean weighted;
  /** Longs per slot; a slot's count is its second long. */
  final int stride;
  long[] slots;

  KeyCounts(boolean weighted, int stride) {
    this.weighted = weighted;
    this.stride = stride;
    weights = weighted ? new double[MIN_CAPACITY] : null;
    slots = new long[stride * MIN_CAPACITY];
  }

  final int size() {
    return size;
  }

  /** The rows counted for the key with this id. */
  final long count(int id) {
    return slots[stride * slotOfId[id] + 1];
  }

  /** Adds n rows of summed weight w to the key with this id. */
  final void addById(int id, long n, double w) {
    int s = slotOfId[id];
    slots[stride * s + 1] += n;
    if (weights != null) {
      weights[s] += w;
    }
  }

  final double weight(int id) {
    return weights == null ? count(id) : weights[slotOfId[id]];
  }

  /** The heap this table holds, in bytes (its arrays as allocated). */
  long bytes() {
    return 8L * slots.length + 4L * slotOfId.length + (weights == null ? 0 : 8L * weights.length);
  }

  void clear() {
    size = 0;
    capacity = MIN_CAPACITY;
    mask = capacity - 1;
    slotOfId = new int[MIN_CAPACITY / 2];
    weights = weighted ? new double[MIN_CAPACITY] : null;
    slots = new long[stride * capacity];
  }

  /** Records a new id at this slot; returns the id. Grows the table when it is half full. */
  final int newId(int slot, double w) {
    int id = size++;
    if (id == slotOfId.length) {
      slotOfId = Arrays.copyOf(slotOfId, 2 * id);
    }
    slotOfId[id] = slot;
    if (weights != null) {
      weights[slot] = w;
    }
    if (2 * size > capacity) {
      rehash();
    }
    return id;
  }

  private void rehash() {
    double[] oldWeights = weights;
    int[] oldSlots = Arrays.copyOf(slotOfId, size);
    capacity *= 2;
    mask = capacity - 1;
    weights = oldWeights == null ? null : new double[capacity];
    long[] old = slots;
    slots = new long[stride * capacity];
    for (int id = 0; id < oldSlots.length; id++) {
      int from = stride * oldSlots[id];
      int s = slotOf(old, from) & mask;
      while (slots[stride * s + stride - 1] != 0) {
        s = (s + 1) & mask;
      }
      System.arraycopy(old, from, slots, stride * s, stride);
      slotOfId[id] = s;
      if (oldWeights != null) {
        weights[s] = oldWeights[oldSlots[id]];
      }
    }
  }

  /** The home slot (before masking) of the entry at {@code old[from]}. */
  abstract int slotOf(long[] old, int from);

  static int mix(long k) {
    return (int) Hashing.fmix64(k);
  }

  /** Long keys (ints, dates, timestamps, bins, packed id pairs); a slot is [key, count, id + 1]. */
  static final class Longs extends KeyCounts {
    Longs(boolean weighted) {
      super(weighted, 3);
    }

    /** Adds n rows of summed weight w to key k (inserted if new); returns its id. */
    int add(long k, long n, double w) {
      int s = mix(k) & mask;
      while (true) {
        int b = 3 * s;
        long e = slots[b + 2];
        if (e == 0) {
          slots[b] = k;
          slots[b + 1] = n;
          slots[b + 2] = size + 1;
          return newId(s, w);
        }
        if (slots[b] == k) {
          slots[b + 1] += n;
          if (weights != null) {
            weights[s] += w;
          }
          return (int) e - 1;
        }
        s = (s + 1) & mask;
      }
    }

    long key(int id) {
      return slots[3 * slotOfId[id]];
    }

    @Override
    int slotOf(long[] old, int from) {
      return mix(old[from]);
    }
  }

  /**
   * Byte-string keys (strings, binary), compared by content and kept as private copies in one byte
   * arena. A slot is [w0, w1, count, hash ≪ 32 | id + 1]: a key of at most {@link #INLINE} bytes
   * sits in w0, w1 (its bytes and, in the top byte, its length), so finding it touches one slot
   * and nothing else; a longer key (w1 = −1) is compared with its copy after the hashes match.
   */
  static final class Bytes extends KeyCounts {
    /** The longest key held in its slot. */
    static final int INLINE = 15;
    private static final long SEED = 42;
    private byte[] arena = new byte[256];
    /** Where the key of each id starts in the arena; {@code keyStart[id + 1]} ends it. */
    private int[] keyStart = new int[MIN_CAPACITY / 2 + 1];

    Bytes(boolean weighted) {
      super(weighted, 4);
    }

    // a slot: [w0, count, w1, hash << 32 | id + 1]; the count is the second long as in every table

    /** The first eight bytes of a key of at most {@link #INLINE} bytes, little-endian. */
    static long word0(byte[] b, int off, int len) {
      long a = 0;
      for (int i = 0, n = Math.min(len, 8); i < n; i++) {
        a |= (b[off + i] & 0xFFL) << (8 * i);
      }
      return a;
    }

    /** The bytes 8 … 14 of a key of at most {@link #INLINE} bytes, with its length in the top byte; −1 for longer keys. */
    static long word1(byte[] b, int off, int len) {
      if (len > INLINE) {
        return -1;
      }
      long x = (long) len << 56;
      for (int i = 8; i < len; i++) {
        x |= (b[off + i] & 0xFFL) << (8 * (i - 8));
      }
      return x;
    }

    /** The 32-bit hash of a key, as this table stores it. */
    static int hash(byte[] b, int off, int len) {
      return len <= INLINE ? inlineHash(word0(b, off, len), word1(b, off, len)) : (int) Hashing.bytes(b, off, len, SEED);
    }

    private static int inlineHash(long w0, long w1) {
      return (int) Hashing.fmix64(w0 * Hashing.GOLDEN + w1);
    }

    /** Adds n rows of summed weight w to the key {@code b[off, off + len)} (copied if new); returns its id. */
    int add(byte[] b, int off, int len, long n, double w) {
      boolean inline = len <= INLINE;
      long w0 = inline ? word0(b, off, len) : 0;
      long w1 = inline ? word1(b, off, len) : -1;
      int h = inline ? inlineHash(w0, w1) : (int) Hashing.bytes(b, off, len, SEED);
      int s = mix(h) & mask;
      while (true) {
        int base = 4 * s;
        long e = slots[base + 3];
        if (e == 0) {
          int id = size;
          store(id, b, off, len);
          slots[base] = w0;
          slots[base + 1] = n;
          slots[base + 2] = w1;
          slots[base + 3] = ((long) h << 32) | (id + 1);
          return newId(s, w);
        }
        if ((int) (e >>> 32) == h && slots[base + 2] == w1 && slots[base] == w0
            && (inline || sameKey((int) e - 1, b, off, len))) {
          slots[base + 1] += n;
          if (weights != null) {
            weights[s] += w;
          }
          return (int) e - 1;
        }
        s = (s + 1) & mask;
      }
    }

    private void store(int id, byte[] b, int off, int len) {
      if (id + 1 == keyStart.length) {
        keyStart = Arrays.copyOf(keyStart, 2 * keyStart.length);
      }
      int at = keyStart[id];
      if (at + len > arena.length) {
        arena = Arrays.copyOf(arena, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2L * arena.length, (long) at + len)));
      }
      System.arraycopy(b, off, arena, at, len);
      keyStart[id + 1] = at + len;
    }

    private boolean sameKey(int id, byte[] b, int off, int len) {
      int at = keyStart[id];
      return keyStart[id + 1] - at == len && Arrays.equals(arena, at, at + len, b, off, off + len);
    }

    /** The arena holding the keys; key id is {@code arena()[keyStart(id), keyStart(id) + keyLength(id))}. */
    byte[] arena() {
      return arena;
    }

    int keyStart(int id) {
      return keyStart[id];
    }

    int keyLength(int id) {
      return keyStart[id + 1] - keyStart[id];
    }

    /** The stored hash of the key with this id (equal to {@link #hash} of the key). */
    int hashOfId(int id) {
      return (int) (slots[4 * slotOfId[id] + 3] >>> 32);
    }

    @Override
    int slotOf(long[] old, int from) {
      return mix((int) (old[from + 3] >>> 32));
    }

    @Override
    long bytes() {
      return super.bytes() + arena.length + 4L * keyStart.length;
    }

    @Override
    void clear() {
      super.clear();
      arena = new byte[256];
      keyStart = new int[MIN_CAPACITY / 2 + 1];
    }
  }
}
