package io.infospark.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import scala.Tuple2;

/**
 * The compact shuffle format of the engine: a task's (key, count) entries are written into one
 * byte block per reduce partition, so the shuffle moves a few large records (one per partition per
 * flush) instead of one row per entry, and an entry costs its bytes — a near-unique value ≈ 12
 * bytes instead of a ~96-byte row — not a record's serialisation, sort and copy.
 *
 * <p>An entry: a <b>key</b> — a header byte (bits 0–1 null mask, bits 2–5 which of k1, s1, k2, s2
 * follow), {@code set + 1} as a varint, then k1 (zig-zag varint), s1 (varint length and bytes),
 * k2, s2 as present — followed by the count {@code n} (varint) and, when the weight differs from
 * the count (header bit 6), the weight as 8 bytes (little-endian IEEE 754). The key bytes are
 * canonical (one value, one encoding), so two keys are equal exactly when their bytes are equal
 * with bit 6 of the header masked out.
 */
final class EntryBlocks {
  private EntryBlocks() {}

  static final int K1 = 4;
  static final int S1 = 8;
  static final int K2 = 16;
  static final int S2 = 32;
  static final int WEIGHTED = 64;
  /** Header bits that belong to the key. */
  static final int KEY_BITS = 0x3F;
  private static final VarHandle DOUBLES = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

  /** The reduce partition of a key with this 64-bit hash: its high 32 bits scaled to [0, partitions). */
  static int partition(long h, int partitions) {
    return (int) (((h >>> 32) * partitions) >>> 32);
  }

  /** Something that writes entries into a {@link Writer}: one or more per call, false when done. */
  interface Source {
    boolean advance();
  }

  /**
   * Writes a task's entries into blocks: {@code start}, one or two keys, {@code finish}. Blocks are
   * handed out (one per partition that received entries, keyed by the partition, so a
   * {@code HashPartitioner} with the same count sends it there) every {@link #FLUSH_BYTES} bytes of
   * entries and at the end of the source.
   */
  static final class Writer implements Iterator<Tuple2<Integer, byte[]>> {
    /** Bytes of entries between flushes: the partitions' buffers together stay about cache-sized. */
    static final int FLUSH_BYTES = 1 << 20;
    private final int partitions;
    private final byte[][] buf;
    private final int[] len;
    private final int[] used;
    private Source source;
    private int usedCount;
    private int emitPos;
    private long total;
    // the entry being written: its partition, start, write position, header and next key part
    private int p;
    private int entryStart;
    private int pos;
    private int header;
    private int part;

    Writer(int partitions) {
      this.partitions = partitions;
      buf = new byte[partitions][];
      len = new int[partitions];
      used = new int[partitions];
    }

    /** This writer as the iterator of the blocks of the source's entries. */
    Writer from(Source s) {
      this.source = s;
      return this;
    }

    /** The bytes of the partition buffers (they are kept between flushes). */
    long bytes() {
      long b = 12L * partitions;
      for (byte[] x : buf) {
        b += x == null ? 0 : x.length;
      }
      return b;
    }

    @Override
    public boolean hasNext() {
      if (emitPos < usedCount) {
        return true;
      }
      usedCount = 0;
      emitPos = 0;
      total = 0;
      while (total < FLUSH_BYTES && source.advance()) {
        // the source writes its entries into this writer
      }
      return usedCount > 0;
    }

    @Override
    public Tuple2<Integer, byte[]> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      int q = used[emitPos++];
      byte[] block = Arrays.copyOf(buf[q], len[q]);
      len[q] = 0;
      return new Tuple2<>(q, block);
    }

    private void ensure(int extra) {
      byte[] b = buf[p];
      if (b == null || pos + extra > b.length) {
        buf[p] = Arrays.copyOf(b == null ? new byte[0] : b, Math.max(Math.max(1024, pos + extra), 2 * pos));
      }
    }

    /** Starts an entry of key set {@code set} whose key has this 64-bit hash. */
    void start(long h, int set, int nullmask) {
      p = partition(h, partitions);
      entryStart = pos = len[p];
      ensure(64);
      header = nullmask;
      part = 0;
      pos = putVarint(buf[p], pos + 1, set + 1L);
    }

    /** The next key part: a long. */
    void longKey(long v) {
      header |= part++ == 0 ? K1 : K2;
      pos = putVarint(buf[p], pos, zigzag(v));
    }

    /** The next key part: the bytes {@code b[off, off + n)}. */
    void bytesKey(byte[] b, int off, int n) {
      header |= part++ == 0 ? S1 : S2;
      ensure(n + 48);
      byte[] out = buf[p];
      pos = putVarint(out, pos, n);
      System.arraycopy(b, off, out, pos, n);
      pos += n;
    }

    /** The next key part: null (its bit of the null mask is set). */
    void nullKey() {
      part++;
    }

    /** Ends the entry with its rows and summed weight. */
    void finish(long n, double w) {
      byte[] b = buf[p];
      b[entryStart] = (byte) header;
      pos = putCount(b, entryStart, pos, n, w);
      if (entryStart == 0) {
        used[usedCount++] = p;
      }
      total += pos - entryStart;
      len[p] = pos;
    }
  }

  /**
   * Ends the entry that starts at {@code entryStart} (its header written) with its count and, when
   * it differs from the count, its weight (setting the header's weight bit); returns the end.
   */
  static int putCount(byte[] b, int entryStart, int pos, long n, double w) {
    pos = putVarint(b, pos, n);
    if (Double.doubleToRawLongBits(w) != Double.doubleToRawLongBits((double) n)) {
      b[entryStart] |= WEIGHTED;
      DOUBLES.set(b, pos, w);
      pos += 8;
    }
    return pos;
  }

  static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  static int putVarint(byte[] b, int pos, long v) {
    while ((v & ~0x7FL) != 0) {
      b[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    b[pos++] = (byte) v;
    return pos;
  }

  /**
   * Fills e's key from the key that starts at {@code b[pos]} (its header byte), reading with cursor
   * c; e's byte parts point into b.
   */
  static void decodeKey(byte[] b, int pos, MergedEntry e, Cursor c) {
    int header = b[pos++];
    c.block = b;
    c.pos = pos;
    e.clearKeys();
    e.set = (int) (c.readVarint() - 1);
    e.nullmask = header & 3;
    if ((header & K1) != 0) {
      e.hasK1 = true;
      e.k1 = unzigzag(c.readVarint());
    }
    if ((header & S1) != 0) {
      e.s1Len = (int) c.readVarint();
      e.s1 = b;
      e.s1Off = c.pos;
      c.pos += e.s1Len;
    }
    if ((header & K2) != 0) {
      e.hasK2 = true;
      e.k2 = unzigzag(c.readVarint());
    }
    if ((header & S2) != 0) {
      e.s2Len = (int) c.readVarint();
      e.s2 = b;
      e.s2Off = c.pos;
      c.pos += e.s2Len;
    }
  }

  /**
   * A cursor over the entries of one block: {@link #next} reads the next entry and leaves its key's
   * bounds, header, count and weight in the fields.
   */
  static final class Cursor {
    byte[] block;
    int end;
    int pos;
    /** The current entry's key: {@code block[keyStart, keyEnd)}, its header byte first. */
    int keyStart;
    int keyEnd;
    int header;
    long n;
    double w;

    void reset(byte[] block, int from, int end) {
      this.block = block;
      this.pos = from;
      this.end = end;
    }

    boolean next() {
      if (pos >= end) {
        return false;
      }
      keyStart = pos;
      header = block[pos++] & 0xFF;
      skipVarint();
      if ((header & K1) != 0) {
        skipVarint();
      }
      if ((header & S1) != 0) {
        int l = (int) readVarint();
        pos += l;
      }
      if ((header & K2) != 0) {
        skipVarint();
      }
      if ((header & S2) != 0) {
        int l = (int) readVarint();
        pos += l;
      }
      keyEnd = pos;
      n = readVarint();
      if ((header & WEIGHTED) != 0) {
        w = (double) DOUBLES.get(block, pos);
        pos += 8;
      } else {
        w = n;
      }
      return true;
    }

    private void skipVarint() {
      while (block[pos++] < 0) {
        // continuation bit set
      }
    }

    long readVarint() {
      long v = 0;
      int shift = 0;
      byte x;
      do {
        x = block[pos++];
        v |= (long) (x & 0x7F) << shift;
        shift += 7;
      } while (x < 0);
      return v;
    }
  }
}
