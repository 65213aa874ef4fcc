package io.infospark.measure;

import java.util.Arrays;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A per-task counter of distinct keys: an open-addressing hash table (linear probing, load ≤ 1/2)
 * that gives each new key a dense id (in insertion order) and keeps its count, and its weight sum
 * when rows are weighted. It is the primitive behind the one-scan profile: a task's rows are
 * counted into one of these per column (and per column pair), and only the distinct (key, count)
 * entries cross the shuffle.
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

  int size() {
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

  double weight(int id) {
    return weights == null ? count(id) : weights[slotOfId[id]];
  }

  /** An estimate of the heap this table holds, in bytes (slots at load ≤ 1/2, ids, keys). */
  abstract long bytes();

  void clear() {
    size = 0;
    capacity = MIN_CAPACITY;
    mask = capacity - 1;
    slotOfId = new int[MIN_CAPACITY / 2];
    weights = weighted ? new double[MIN_CAPACITY] : null;
    allocate(capacity);
  }

  /** Allocates empty slot arrays for this capacity. */
  void allocate(int capacity) {
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
    moveTo(capacity, oldSlots, oldWeights);
  }

  /**
   * Re-inserts every id into fresh slot arrays of the new capacity ({@code mask} is already set);
   * {@code oldSlots[id]} is the id's slot in the old arrays; updates {@link #slotOfId}.
   */
  abstract void moveTo(int capacity, int[] oldSlots, double[] oldWeights);

  /** Murmur3's 64-bit finaliser: spreads keys over the table. */
  static int mix(long k) {
    return (int) CountMerger.fmix64(k);
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
    long bytes() {
      return (long) size * (weights == null ? 56 : 72);
    }

    @Override
    void moveTo(int capacity, int[] oldSlots, double[] oldWeights) {
      long[] old = slots;
      slots = new long[3 * capacity];
      for (int id = 0; id < oldSlots.length; id++) {
        int from = 3 * oldSlots[id];
        int s = mix(old[from]) & mask;
        while (slots[3 * s + 2] != 0) {
          s = (s + 1) & mask;
        }
        System.arraycopy(old, from, slots, 3 * s, 3);
        slotOfId[id] = s;
        if (oldWeights != null) {
          weights[s] = oldWeights[oldSlots[id]];
        }
      }
    }
  }

  /**
   * Byte-string keys (strings, binary), compared by content and kept as private copies. A slot is
   * [hash ≪ 32 | id + 1, count, w0, w1]: a key of at most {@link #INLINE} bytes also sits in w0, w1
   * (its bytes and, in the top byte, its length), so finding it touches one slot and nothing else;
   * a longer key (w1 = −1) is compared with its copy after the hashes match.
   */
  static final class Bytes extends KeyCounts {
    /** The longest key held in its slot. */
    static final int INLINE = 15;
    UTF8String[] keys = new UTF8String[MIN_CAPACITY / 2];
    /** Bytes of the key objects: a UTF8String (24) and its byte array (16 + length, 8-aligned). */
    long objectBytes;
    // the packed form of the key being added (w1 = −1: too long to inline)
    private long w0;
    private long w1;

    Bytes(boolean weighted) {
      super(weighted, 4);
    }

    /** Packs a key of at most {@link #INLINE} bytes into w0, w1 (length in w1's top byte); else w1 = −1. */
    private void pack(UTF8String k) {
      int len = k.numBytes();
      if (len > INLINE) {
        w0 = 0;
        w1 = -1;
        return;
      }
      Object base = k.getBaseObject();
      long off = k.getBaseOffset();
      long a = 0;
      long b = (long) len << 56;
      for (int i = 0; i < len; i++) {
        long x = Platform.getByte(base, off + i) & 0xFFL;
        if (i < 8) {
          a |= x << (8 * i);
        } else {
          b |= x << (8 * (i - 8));
        }
      }
      w0 = a;
      w1 = b;
    }

    /** Adds n rows of summed weight w to key k (which may point into a reused buffer); returns its id. */
    int add(UTF8String k, long n, double w) {
      int h = hash(k);
      boolean inline = w1 != -1;
      int s = mix(h) & mask;
      while (true) {
        int b = 4 * s;
        long e = slots[b];
        if (e == 0) {
          int id = size;
          if (id == keys.length) {
            keys = Arrays.copyOf(keys, 2 * id);
          }
          keys[id] = k.copy();
          objectBytes += 40 + ((k.numBytes() + 7) & ~7);
          slots[b] = ((long) h << 32) | (id + 1);
          slots[b + 1] = n;
          slots[b + 2] = w0;
          slots[b + 3] = w1;
          return newId(s, w);
        }
        if ((int) (e >>> 32) == h && slots[b + 3] == w1 && slots[b + 2] == w0
            && (inline || keys[(int) e - 1].equals(k))) {
          slots[b + 1] += n;
          if (weights != null) {
            weights[s] += w;
          }
          return (int) e - 1;
        }
        s = (s + 1) & mask;
      }
    }

    UTF8String key(int id) {
      return keys[id];
    }

    /** The 32-bit hash of a key, as this table stores it: of its packed words, or Murmur3 of a long key. */
    int hash(UTF8String k) {
      pack(k);
      return w1 != -1 ? (int) CountMerger.fmix64(w0 * 0x9E3779B97F4A7C15L + w1) : k.hashCode();
    }

    /** The stored hash of the key with this id (equal to {@link #hash} of the key). */
    int hashOfId(int id) {
      return (int) (slots[4 * slotOfId[id]] >>> 32);
    }

    @Override
    long bytes() {
      return (long) size * (weights == null ? 72 : 88) + objectBytes;
    }

    @Override
    void allocate(int capacity) {
      super.allocate(capacity);
      keys = new UTF8String[capacity / 2];
      objectBytes = 0;
    }

    @Override
    void moveTo(int capacity, int[] oldSlots, double[] oldWeights) {
      long[] old = slots;
      slots = new long[4 * capacity];
      for (int id = 0; id < oldSlots.length; id++) {
        int from = 4 * oldSlots[id];
        int s = mix((int) (old[from] >>> 32)) & mask;
        while (slots[4 * s] != 0) {
          s = (s + 1) & mask;
        }
        System.arraycopy(old, from, slots, 4 * s, 4);
        slotOfId[id] = s;
        if (oldWeights != null) {
          weights[s] = oldWeights[oldSlots[id]];
        }
      }
    }
  }
}
