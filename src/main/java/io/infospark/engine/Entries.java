package io.infospark.engine;

import io.infospark.engine.spark.ByteKeys;
import io.infospark.engine.spark.ColumnChunk;
import io.infospark.engine.spark.KeyType;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.types.DataTypes;
import scala.Tuple2;

/**
 * Merged counts turned back into the engine's entries ({@link EntryBlocks}), so that counts already
 * merged once — saved states, the counts of another run — are merged again by the engine's own
 * reduce side ({@link CountMerger}): rows of {@link MergedCounts#MERGED} (a saved state's files, a
 * count's {@link MergedCounts#rows}) written as entry blocks keyed by the merge partition their key
 * hashes to, exactly as the map side sends a counted key; merged entries written back into blocks
 * (to keep them); and blocks read as merged entries.
 */
final class Entries {
  private Entries() {}

  /** The key types of the columns of {@link MergedCounts#MERGED} before its weight, as they are read. */
  static final KeyType[] ROW_TYPES = {
      KeyType.of(DataTypes.IntegerType), KeyType.of(DataTypes.IntegerType), KeyType.of(DataTypes.LongType),
      KeyType.of(DataTypes.BinaryType), KeyType.of(DataTypes.LongType), KeyType.of(DataTypes.BinaryType),
      KeyType.of(DataTypes.LongType)};

  /**
   * The entries of rows of {@link MergedCounts#MERGED} (set, nullmask, k1, s1, k2, s2, n and, when
   * {@code weightColumn}, the weight w; else each weighs its count) as blocks keyed by their merge partition of {@code partitions}: the partition
   * the map side of a count sends the same key to ({@link Hashing#entry}, {@link EntryBlocks#partition}).
   */
  static Iterator<Tuple2<Integer, byte[]>> ofRows(Iterator<ColumnChunk> chunks, int partitions, boolean weightColumn) {
    EntryBlocks.Writer out = new EntryBlocks.Writer(partitions);
    return out.from(new RowSource(chunks, out, weightColumn));
  }

  /** The merge partition of {@code partitions} a merged entry's key hashes to: where a count sends that key. */
  static int partitionOf(MergedEntry e, int partitions) {
    return EntryBlocks.partition(Hashing.entry(e.set, e.nullmask, partHash(e.hasK1, e.k1, e.s1, e.s1Off, e.s1Len),
        partHash(e.hasK2, e.k2, e.s2, e.s2Off, e.s2Len)), partitions);
  }

  private static long partHash(boolean hasK, long k, byte[] s, int off, int len) {
    return hasK ? k : len < 0 ? 0 : KeyCounts.Bytes.hash(s, off, len);
  }

  /** Merged entries (views, refilled for each) written into blocks of about {@link EntryBlocks.Writer#FLUSH_BYTES}. */
  static Iterator<byte[]> toBlocks(Iterator<MergedEntry> entries) {
    EntryBlocks.Writer out = new EntryBlocks.Writer(1);
    Iterator<Tuple2<Integer, byte[]>> blocks = out.from(() -> {
      if (!entries.hasNext()) {
        return false;
      }
      MergedEntry e = entries.next();
      out.start(0, e.set, e.nullmask);
      if (e.hasK1) {
        out.longKey(e.k1);
      } else if (e.s1Len >= 0) {
        out.bytesKey(e.s1, e.s1Off, e.s1Len);
      } else {
        out.nullKey();
      }
      if (e.hasK2) {
        out.longKey(e.k2);
      } else if (e.s2Len >= 0) {
        out.bytesKey(e.s2, e.s2Off, e.s2Len);
      }
      out.finish(e.n, e.w);
      return true;
    });
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return blocks.hasNext();
      }

      @Override
      public byte[] next() {
        return blocks.next()._2();
      }
    };
  }

  /** The entries of blocks as merged entries (one view, refilled for each). */
  static Iterator<MergedEntry> fromBlocks(Iterator<byte[]> blocks) {
    return new Iterator<>() {
      private final EntryBlocks.Cursor cursor = new EntryBlocks.Cursor();
      private final EntryBlocks.Cursor keyCursor = new EntryBlocks.Cursor();
      private final MergedEntry e = new MergedEntry();
      private boolean ready;

      @Override
      public boolean hasNext() {
        while (!ready) {
          if (cursor.block != null && cursor.next()) {
            ready = true;
          } else if (blocks.hasNext()) {
            byte[] b = blocks.next();
            cursor.reset(b, 0, b.length);
          } else {
            return false;
          }
        }
        return true;
      }

      @Override
      public MergedEntry next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ready = false;
        EntryBlocks.decodeKey(cursor.block, cursor.keyStart, e, keyCursor);
        e.n = cursor.n;
        e.w = cursor.w;
        return e;
      }
    };
  }

  /** Writes the entries of row chunks, one row (one entry) per call. */
  private static final class RowSource implements EntryBlocks.Source {
    private final Iterator<ColumnChunk> chunks;
    private final EntryBlocks.Writer out;
    private final boolean weightColumn;
    private int rows;
    private int r;
    private long[] set = new long[0];
    private long[] nullmask;
    private long[] k1;
    private boolean[] k1Null;
    private long[] k2;
    private boolean[] k2Null;
    private long[] n;
    private boolean[] scratch;
    private double[] w;
    private byte[] problem;
    private ByteKeys s1;
    private ByteKeys s2;

    RowSource(Iterator<ColumnChunk> chunks, EntryBlocks.Writer out, boolean weightColumn) {
      this.chunks = chunks;
      this.out = out;
      this.weightColumn = weightColumn;
    }

    @Override
    public boolean advance() {
      while (r == rows) {
        if (!chunks.hasNext()) {
          return false;
        }
        read(chunks.next());
      }
      int i = r++;
      int s = (int) set[i];
      int mask = (int) nullmask[i];
      long h1 = partHash(!k1Null[i], k1[i], s1.base[i], s1.offset[i], s1.length[i]);
      long h2 = partHash(!k2Null[i], k2[i], s2.base[i], s2.offset[i], s2.length[i]);
      out.start(Hashing.entry(s, mask, h1, h2), s, mask);
      if (!k1Null[i]) {
        out.longKey(k1[i]);
      } else if (s1.length[i] >= 0) {
        out.bytesKey(s1.base[i], s1.offset[i], s1.length[i]);
      } else {
        out.nullKey();
      }
      if (!k2Null[i]) {
        out.longKey(k2[i]);
      } else if (s2.length[i] >= 0) {
        out.bytesKey(s2.base[i], s2.offset[i], s2.length[i]);
      }
      out.finish(n[i], weightColumn ? w[i] : n[i]);
      return true;
    }

    private void read(ColumnChunk c) {
      rows = c.rows();
      r = 0;
      if (set.length < rows) {
        int m = Math.max(rows, io.infospark.engine.spark.InternalInput.CHUNK);
        set = new long[m];
        nullmask = new long[m];
        k1 = new long[m];
        k1Null = new boolean[m];
        k2 = new long[m];
        k2Null = new boolean[m];
        n = new long[m];
        scratch = new boolean[m];
        w = new double[m];
        problem = new byte[m];
        s1 = new ByteKeys(m);
        s2 = new ByteKeys(m);
      }
      c.longs(0, set, scratch);
      c.longs(1, nullmask, scratch);
      c.longs(2, k1, k1Null);
      c.bytes(3, s1);
      c.longs(4, k2, k2Null);
      c.bytes(5, s2);
      c.longs(6, n, scratch);
      if (weightColumn) {
        c.weights(w, problem);
      }
    }
  }
}
