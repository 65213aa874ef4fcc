package io.infospark.engine;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One table of a {@link RunningCounts}: the merged counts of the keys of one group of the engine's
 * merge layout (the keys one merge task merges), in an open-addressing hash table that new counts are added to in place, and the batch id of the last
 * counts it holds ({@link #version}). A key is compared byte for byte after a hash match, so a
 * collision never merges two values.
 *
 * <p>Entries travel as one byte array each ({@link #entry}): the key — a header byte (bits 0–1 the
 * null mask, 2 k1 present, 3 s1 present, 4 k2 present, 5 s2 present), the key set (4 bytes), k1
 * (8), s1 (length, 4, and bytes), k2 (8), s2 (length and bytes) — then the count (8) and the
 * weight (8). A table holds per key its bytes, their offset, the count, the weight (weighted
 * counts only) and two ints of slots: about 30 bytes plus the key's own.
 */
final class BucketTable implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long SEED = 0x57AEL;
  /** The version of a table being changed (a failure half-way leaves it unusable, never half-counted). */
  static final long CHANGING = Long.MIN_VALUE;

  /** The batch id of the last counts this table holds (-1: none). */
  long version;
  /** The change of statistics of the last batch added, for a retried task ({@link #changedBatch}). */
  StatisticsChange change;
  long changedBatch = CHANGING;

  private final boolean weighted;
  private int[] slotId;
  private int[] slotHash;
  private int mask;
  private int size;
  private byte[] keys;
  private int[] keyStart;
  private long[] n;
  private double[] w;

  BucketTable(long version, boolean weighted, int expectedKeys) {
    this.version = version;
    this.weighted = weighted;
    int capacity = Integer.highestOneBit(Math.max(1024, 2 * expectedKeys) - 1) << 1;
    slotId = new int[capacity];
    slotHash = new int[capacity];
    mask = capacity - 1;
    keyStart = new int[capacity / 2 + 1];
    n = new long[capacity / 2];
    w = weighted ? new double[capacity / 2] : null;
    keys = new byte[Math.max(1 << 12, 12 * expectedKeys)];
  }

  /** The keys held. */
  int size() {
    return size;
  }

  /** The entry of a row of {@link MergedCounts#MERGED}. */
  static byte[] entry(org.apache.spark.sql.Row r) {
    MergedEntry e = new MergedEntry();
    MergedCounts.fill(e, r);
    return entry(e);
  }

  /** The entry of a merged entry. */
  static byte[] entry(MergedEntry e) {
    boolean k1 = e.hasK1;
    boolean s1 = !k1 && e.s1Len >= 0;
    boolean k2 = e.hasK2;
    boolean s2 = !k2 && e.s2Len >= 0;
    int len = 1 + 4 + (k1 ? 8 : 0) + (s1 ? 4 + e.s1Len : 0) + (k2 ? 8 : 0) + (s2 ? 4 + e.s2Len : 0) + 16;
    ByteBuffer b = ByteBuffer.allocate(len);
    b.put((byte) ((e.nullmask & 3) | (k1 ? 4 : 0) | (s1 ? 8 : 0) | (k2 ? 16 : 0) | (s2 ? 32 : 0)));
    b.putInt(e.set);
    if (k1) {
      b.putLong(e.k1);
    }
    if (s1) {
      b.putInt(e.s1Len).put(e.s1, e.s1Off, e.s1Len);
    }
    if (k2) {
      b.putLong(e.k2);
    }
    if (s2) {
      b.putInt(e.s2Len).put(e.s2, e.s2Off, e.s2Len);
    }
    b.putLong(e.n).putDouble(e.w);
    return b.array();
  }

  /**
   * Adds an entry's count and weight to its key (a new key starts from zero) and records the move
   * of the key's old count to its new one in {@code change}.
   */
  void add(byte[] entry, StatisticsChange change) {
    int keyLen = entry.length - 16;
    ByteBuffer tail = ByteBuffer.wrap(entry, keyLen, 16);
    long addN = tail.getLong();
    double addW = tail.getDouble();
    long h = Hashing.bytes(entry, 0, keyLen, SEED);
    int hi = (int) (h >>> 32);
    int slot = (int) h & mask;
    int set = ByteBuffer.wrap(entry, 1, 4).getInt();
    int nullmask = entry[0] & 3;
    while (true) {
      int id1 = slotId[slot];
      if (id1 == 0) {
        break;
      }
      int id = id1 - 1;
      if (slotHash[slot] == hi && keyStart[id + 1] - keyStart[id] == keyLen
          && Arrays.equals(keys, keyStart[id], keyStart[id + 1], entry, 0, keyLen)) {
        long oldN = n[id];
        double oldW = weighted ? w[id] : oldN;
        n[id] = oldN + addN;
        if (weighted) {
          w[id] = oldW + addW;
        }
        change.moved(set, nullmask, oldN, oldW, n[id], weighted ? w[id] : n[id], addN, addW);
        return;
      }
      slot = (slot + 1) & mask;
    }
    int id = size++;
    if (id == n.length) {
      keyStart = Arrays.copyOf(keyStart, 2 * n.length + 1);
      n = Arrays.copyOf(n, 2 * n.length);
      if (weighted) {
        w = Arrays.copyOf(w, 2 * w.length);
      }
    }
    int at = keyStart[id];
    if (at + keyLen > keys.length) {
      keys = Arrays.copyOf(keys, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2L * keys.length, at + keyLen)));
    }
    System.arraycopy(entry, 0, keys, at, keyLen);
    keyStart[id + 1] = at + keyLen;
    n[id] = addN;
    if (weighted) {
      w[id] = addW;
    }
    slotId[slot] = id + 1;
    slotHash[slot] = hi;
    change.newKeys++;
    change.moved(set, nullmask, 0, 0, addN, weighted ? addW : addN, addN, addW);
    if (2 * size > mask + 1) {
      rehash();
    }
  }

  private void rehash() {
    int[] oldId = slotId;
    int[] oldHash = slotHash;
    int capacity = 2 * oldId.length;
    slotId = new int[capacity];
    slotHash = new int[capacity];
    mask = capacity - 1;
    for (int s = 0; s < oldId.length; s++) {
      int id1 = oldId[s];
      if (id1 != 0) {
        int id = id1 - 1;
        int slot = (int) Hashing.bytes(keys, keyStart[id], keyStart[id + 1] - keyStart[id], SEED) & mask;
        while (slotId[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        slotId[slot] = id1;
        slotHash[slot] = oldHash[s];
      }
    }
  }

  /** Every key's merged entry, in turn (one entry object, refilled). */
  java.util.Iterator<MergedEntry> entries() {
    MergedEntry e = new MergedEntry();
    return new java.util.Iterator<>() {
      private int id;

      @Override
      public boolean hasNext() {
        return id < size;
      }

      @Override
      public MergedEntry next() {
        if (id >= size) {
          throw new java.util.NoSuchElementException();
        }
        ByteBuffer b = ByteBuffer.wrap(keys, keyStart[id], keyStart[id + 1] - keyStart[id]);
        e.clearKeys();
        int header = b.get();
        e.nullmask = header & 3;
        e.set = b.getInt();
        if ((header & 4) != 0) {
          e.hasK1 = true;
          e.k1 = b.getLong();
        }
        if ((header & 8) != 0) {
          e.s1Len = b.getInt();
          e.s1 = keys;
          e.s1Off = b.position();
          b.position(b.position() + e.s1Len);
        }
        if ((header & 16) != 0) {
          e.hasK2 = true;
          e.k2 = b.getLong();
        }
        if ((header & 32) != 0) {
          e.s2Len = b.getInt();
          e.s2 = keys;
          e.s2Off = b.position();
          b.position(b.position() + e.s2Len);
        }
        e.n = n[id];
        e.w = weighted ? w[id] : n[id];
        id++;
        return e;
      }
    };
  }
}
