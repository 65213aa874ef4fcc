package io.infospark.measure;

import java.util.Arrays;

/**
 * A per-partition counter of distinct keys: an open-addressing hash table that gives each new key
 * a dense id (in insertion order) and keeps its count, and its weight sum when rows are weighted.
 * It is the primitive behind the one-scan profile: a partition's rows are counted into one of
 * these per column (and per column pair), and only the distinct (key, count) entries cross the
 * shuffle. Not thread-safe; one task owns it.
 */
abstract class KeyCounts {
  private static final int MIN_CAPACITY = 64;

  /** Slot → id + 1 (0 = empty). */
  int[] table = new int[MIN_CAPACITY];
  int mask = MIN_CAPACITY - 1;
  int size;
  long[] counts = new long[MIN_CAPACITY / 2];
  final double[][] weights;

  KeyCounts(boolean weighted) {
    weights = weighted ? new double[][] {new double[MIN_CAPACITY / 2]} : null;
  }

  int size() {
    return size;
  }

  long count(int id) {
    return counts[id];
  }

  double weight(int id) {
    return weights == null ? counts[id] : weights[0][id];
  }

  /** Adds n rows of summed weight w to the key with this id. */
  final void add(int id, long n, double w) {
    counts[id] += n;
    if (weights != null) {
      weights[0][id] += w;
    }
  }

  /**
   * An estimate of the heap this table holds, in bytes: per key the slot (at load ≤ 1/2), the
   * count, the weight and the key, with the slack of arrays that grow by doubling.
   */
  long bytes() {
    return (long) size * (weights == null ? 40 : 52) + keyBytes();
  }

  /** The heap of the keys beyond the per-key arrays (byte keys); 0 for long keys. */
  long keyBytes() {
    return 0;
  }

  /** Adds one row of weight w to the key with this id. */
  final void increment(int id, double w) {
    counts[id]++;
    if (weights != null) {
      weights[0][id] += w;
    }
  }

  /** A new id for a key about to be stored at {@code slot}; grows the per-id arrays as needed. */
  final int newId(int slot) {
    int id = size++;
    table[slot] = id + 1;
    if (id == counts.length) {
      counts = Arrays.copyOf(counts, id * 2);
      if (weights != null) {
        weights[0] = Arrays.copyOf(weights[0], id * 2);
      }
      growKeys(id * 2);
    }
    return id;
  }

  /** Keeps the load factor at most 1/2; call after the new key is stored. */
  final void afterInsert() {
    if (size * 2 > table.length) {
      rehash(table.length * 2);
    }
  }

  void clear() {
    size = 0;
    table = new int[MIN_CAPACITY];
    mask = MIN_CAPACITY - 1;
    counts = new long[MIN_CAPACITY / 2];
    if (weights != null) {
      weights[0] = new double[MIN_CAPACITY / 2];
    }
    growKeys(MIN_CAPACITY / 2);
  }

  private void rehash(int capacity) {
    table = new int[capacity];
    mask = capacity - 1;
    for (int id = 0; id < size; id++) {
      int slot = hashOf(id) & mask;
      while (table[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      table[slot] = id + 1;
    }
  }

  /** The (mixed) hash of the key with this id. */
  abstract int hashOf(int id);

  /** Makes the key arrays hold at least n keys (also: shrinks them on clear). */
  abstract void growKeys(int n);

  /** Murmur3's 64-bit finaliser: spreads long keys over the table. */
  static int mix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return (int) k;
  }

  /** Long keys: ints, dates, timestamps, bins, packed id pairs. */
  static final class Longs extends KeyCounts {
    long[] keys = new long[MIN_CAPACITY / 2];

    Longs(boolean weighted) {
      super(weighted);
    }

    /** The id of key k, inserted with count 0 if new. */
    int id(long k) {
      int slot = mix(k) & mask;
      while (true) {
        int e = table[slot];
        if (e == 0) {
          int id = newId(slot);
          keys[id] = k;
          afterInsert();
          return id;
        }
        if (keys[e - 1] == k) {
          return e - 1;
        }
        slot = (slot + 1) & mask;
      }
    }

    long key(int id) {
      return keys[id];
    }

    @Override
    int hashOf(int id) {
      return mix(keys[id]);
    }

    @Override
    void growKeys(int n) {
      keys = n < keys.length ? new long[n] : Arrays.copyOf(keys, n);
    }
  }

  /** Byte-string keys (strings, binary), compared by content; kept as private copies. */
  static final class Bytes extends KeyCounts {
    org.apache.spark.unsafe.types.UTF8String[] keys = new org.apache.spark.unsafe.types.UTF8String[MIN_CAPACITY / 2];
    int[] hashes = new int[MIN_CAPACITY / 2];
    /** Bytes of the key objects: a UTF8String (24) and its byte array (16 + length, 8-aligned). */
    long objectBytes;

    Bytes(boolean weighted) {
      super(weighted);
    }

    /** The id of key k (which may point into a reused row buffer; it is copied when new). */
    int id(org.apache.spark.unsafe.types.UTF8String k) {
      int h = k.hashCode();
      int slot = mix(h) & mask;
      while (true) {
        int e = table[slot];
        if (e == 0) {
          int id = newId(slot);
          keys[id] = k.copy();
          hashes[id] = h;
          objectBytes += 40 + ((k.numBytes() + 7) & ~7);
          afterInsert();
          return id;
        }
        if (hashes[e - 1] == h && keys[e - 1].equals(k)) {
          return e - 1;
        }
        slot = (slot + 1) & mask;
      }
    }

    org.apache.spark.unsafe.types.UTF8String key(int id) {
      return keys[id];
    }

    @Override
    int hashOf(int id) {
      return mix(hashes[id]);
    }

    @Override
    long keyBytes() {
      return objectBytes;
    }

    @Override
    void clear() {
      super.clear();
      objectBytes = 0;
    }

    @Override
    void growKeys(int n) {
      keys = n < keys.length ? new org.apache.spark.unsafe.types.UTF8String[n] : Arrays.copyOf(keys, n);
      hashes = n < hashes.length ? new int[n] : Arrays.copyOf(hashes, n);
    }
  }
}
