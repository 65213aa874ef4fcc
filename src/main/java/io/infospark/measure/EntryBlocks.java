package io.infospark.measure;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Tuple2;

/**
 * The compact shuffle format of {@link ValueCounts}: a task's (key, count) entries are written
 * into one byte block per reduce partition, so the shuffle moves a few large records (one per
 * partition per flush) instead of one row per entry, and an entry costs its bytes — a near-unique
 * value ≈ 12 bytes instead of a ~96-byte row — not a record's serialisation, sort and copy.
 *
 * <p>An entry: a <b>key</b> — a header byte (bits 0–1 null mask, bits 2–5 which of k1, s1, k2, s2
 * follow), {@code set + 1} as a varint, then k1 (zig-zag varint), s1 (varint length and bytes),
 * k2, s2 as present — followed by the count {@code n} (varint) and, when the weight differs from
 * the count (header bit 6), the weight as 8 bytes. The key bytes are canonical (one value, one
 * encoding), so two keys are equal exactly when their bytes are equal with bit 6 of the header
 * masked out.
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

  /** The reduce partition of a key with this 64-bit hash: its high 32 bits scaled to [0, partitions). */
  static int partition(long h, int partitions) {
    return (int) (((h >>> 32) * partitions) >>> 32);
  }

  /**
   * Encodes a task's rows of {@link ValueCounts#PARTIAL} into blocks: a block per partition that
   * received entries, every {@link #FLUSH_BYTES} bytes of entries and at the end, keyed by its
   * partition (so a {@code HashPartitioner} with the same count sends it there).
   */
  static final class Writer implements Iterator<Tuple2<Integer, byte[]>> {
    static final int FLUSH_BYTES = 4 << 20;
    private final Iterator<InternalRow> in;
    private final int partitions;
    private final byte[][] buf;
    private final int[] len;
    private final int[] used;
    private int usedCount;
    private int emitPos;
    private long total;

    Writer(Iterator<InternalRow> in, int partitions) {
      this.in = in;
      this.partitions = partitions;
      buf = new byte[partitions][];
      len = new int[partitions];
      used = new int[partitions];
    }

    @Override
    public boolean hasNext() {
      if (emitPos < usedCount) {
        return true;
      }
      usedCount = 0;
      emitPos = 0;
      total = 0;
      while (total < FLUSH_BYTES && in.hasNext()) {
        add(in.next());
      }
      return usedCount > 0;
    }

    @Override
    public Tuple2<Integer, byte[]> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      int p = used[emitPos++];
      byte[] block = Arrays.copyOf(buf[p], len[p]);
      len[p] = 0;
      return new Tuple2<>(p, block);
    }

    private void add(InternalRow r) {
      int p = partition(r.getLong(0), partitions);
      UTF8String u1 = r.isNullAt(4) ? null : r.getUTF8String(4);
      UTF8String u2 = r.isNullAt(6) ? null : r.getUTF8String(6);
      int s1 = u1 == null ? 0 : u1.numBytes();
      int s2 = u2 == null ? 0 : u2.numBytes();
      int need = 1 + 5 + 10 + 5 + s1 + 10 + 5 + s2 + 10 + 8;
      byte[] b = buf[p];
      if (b == null || len[p] + need > b.length) {
        b = buf[p] = Arrays.copyOf(b == null ? new byte[0] : b, Math.max(Math.max(1024, need), 2 * len[p] + need));
      }
      if (len[p] == 0) {
        used[usedCount++] = p;
      }
      int start = len[p];
      int pos = start + 1;
      int header = r.getInt(2);
      pos = putVarint(b, pos, r.getInt(1) + 1L);
      if (!r.isNullAt(3)) {
        header |= K1;
        pos = putVarint(b, pos, zigzag(r.getLong(3)));
      }
      if (u1 != null) {
        header |= S1;
        pos = putBytes(b, pos, u1.getBaseObject(), u1.getBaseOffset(), s1);
      }
      if (!r.isNullAt(5)) {
        header |= K2;
        pos = putVarint(b, pos, zigzag(r.getLong(5)));
      }
      if (u2 != null) {
        header |= S2;
        pos = putBytes(b, pos, u2.getBaseObject(), u2.getBaseOffset(), s2);
      }
      long n = r.getLong(7);
      double w = r.getDouble(8);
      pos = putVarint(b, pos, n);
      if (Double.doubleToRawLongBits(w) != Double.doubleToRawLongBits((double) n)) {
        header |= WEIGHTED;
        Platform.putDouble(b, Platform.BYTE_ARRAY_OFFSET + pos, w);
        pos += 8;
      }
      b[start] = (byte) header;
      total += pos - start;
      len[p] = pos;
    }
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

  private static int putBytes(byte[] b, int pos, Object base, long offset, int n) {
    pos = putVarint(b, pos, n);
    Platform.copyMemory(base, offset, b, Platform.BYTE_ARRAY_OFFSET + pos, n);
    return pos + n;
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
        w = Platform.getDouble(block, Platform.BYTE_ARRAY_OFFSET + pos);
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
