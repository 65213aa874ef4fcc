package io.infospark.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.TaskContext;

/**
 * Merges saved runs by the order of their files: every file of a saved state holds its entries
 * sorted by key ({@code set, nullmask, k1, s1, k2, s2}, nulls first, bytes unsigned — the order
 * the writer sorts them in), so the files of one group of k runs merge as k sorted streams: the
 * smallest key of their heads is the next distinct key, and its counts are the sum over the heads
 * that hold it. No hash table and no copy of the entries: a task holds one batch of each file.
 *
 * <p>A file is read {@link #BATCH} rows at a time, column by column, its pages decoded straight into
 * arrays ({@link PageColumn}; zstd pages decompressed in one call each, {@link OneShotZstd}), not
 * through a Dataset: nothing is planned on the driver, and each file is one stream in its own order.
 * Up to {@link #SCAN} runs, the next key is found by one pass over the heads, which also finds every
 * head holding it (in daily states most keys recur in every run); more runs go through a heap. Keys
 * compare by their set and null mask as one long, then their parts, byte parts first by their
 * first eight bytes as a long. A file out of order (not written by this writer) is an error, never a
 * wrong count: each merged key must follow the one before.
 */
final class SortedStateMerge implements Iterator<MergedEntry> {
  /** Rows read from a file at a time, column by column. */
  static final int BATCH = 512;
  /** Eight bytes read as one big-endian long compare, unsigned, as the bytes do one by one. */
  private static final java.lang.invoke.VarHandle BIG_ENDIAN = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
      long[].class, java.nio.ByteOrder.BIG_ENDIAN);
  private static final String[] COLUMNS = {"set", "nullmask", "k1", "s1", "k2", "s2", "n", "w"};

  /** The Hadoop configuration of the session, carried to the tasks (it is Writable, not Serializable). */
  static final class Conf implements Serializable {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;

    Conf(Configuration c) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      try (DataOutputStream o = new DataOutputStream(b)) {
        c.write(o);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      bytes = b.toByteArray();
    }

    Configuration get() {
      Configuration c = new Configuration(false);
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
        c.readFields(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return c;
    }
  }

  /** Up to this many runs, the heads are scanned for the smallest key; more runs go through a heap. */
  static final int SCAN = 8;

  /** The runs not yet at their end: a heap by head key when more than {@link #SCAN}, else in any order. */
  private final Run[] runs;
  private int live;
  private final boolean heap;
  /** The runs whose heads hold the next key (the scan's ties). */
  private final int[] ties;
  /** The key handed out last (row 0), for the order check of the next one. */
  private final Keys last = new Keys(1);
  private boolean any;
  /** The merged entry handed out; its byte parts are {@link #last}'s buffers. */
  private final MergedEntry out = new MergedEntry();
  private boolean ready;

  /**
   * The merged entries of these files (any number of runs' files of one group), weighted when the
   * files have a weight column {@code w}.
   */
  SortedStateMerge(List<String> files, Configuration conf, boolean weighted) {
    List<Run> open = new ArrayList<>();
    TaskContext task = TaskContext.get();
    try {
      for (String f : files) {
        Run r = new Run(new Path(f), conf, weighted);
        if (task != null) {
          task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> r.close());
        }
        if (r.advance()) {
          open.add(r);
        } else {
          r.close();
        }
      }
    } catch (RuntimeException e) {
      open.forEach(Run::close);
      throw e;
    }
    runs = open.toArray(new Run[0]);
    live = runs.length;
    ties = new int[live];
    heap = live > SCAN;
    if (heap) {
      for (int i = live / 2 - 1; i >= 0; i--) {
        siftDown(i);
      }
    }
  }

  @Override
  public boolean hasNext() {
    if (ready) {
      return true;
    }
    if (live == 0) {
      return false;
    }
    Run min = heap ? runs[0] : scan();
    // every head is past the key handed out last when the smallest one is (a file out of order is caught here)
    if (any && compare(min, min.i, last, 0) <= 0) {
      throw new IllegalStateException("saved state file " + min.path + " is not sorted by key (or holds a key twice)");
    }
    any = true;
    last.copyRow(0, min, min.i);
    out.n = 0;
    out.w = 0;
    if (heap) {
      while (live > 0 && compare(runs[0], runs[0].i, last, 0) == 0) {
        Run r = runs[0];
        add(r);
        if (!r.advance()) {
          runs[0] = runs[--live];
          runs[live] = null;
          r.close();
        }
        siftDown(0);
      }
    } else {
      int t = tieCount;
      for (int j = t - 1; j >= 0; j--) {
        Run r = runs[ties[j]];
        add(r);
        if (!r.advance()) {
          runs[ties[j]] = runs[--live];
          runs[live] = null;
          r.close();
        }
      }
    }
    fillOut();
    ready = true;
    return true;
  }

  private int tieCount;

  /** The run of the smallest head, the runs holding that key in {@link #ties} (ascending). */
  private Run scan() {
    int best = 0;
    ties[0] = 0;
    int t = 1;
    for (int j = 1; j < live; j++) {
      int c = compare(runs[j], runs[j].i, runs[best], runs[best].i);
      if (c < 0) {
        best = j;
        ties[0] = j;
        t = 1;
      } else if (c == 0) {
        ties[t++] = j;
      }
    }
    tieCount = t;
    return runs[best];
  }

  private void add(Run r) {
    out.n += r.n[r.i];
    out.w += r.weighted ? r.w[r.i] : r.n[r.i];
  }

  /** The key handed out as {@link #out}'s, viewing {@link #last}'s buffers. */
  private void fillOut() {
    Keys k = last;
    out.set = (int) (k.head[0] >> 32);
    out.nullmask = (int) k.head[0] ^ Integer.MIN_VALUE;
    out.hasK1 = k.hasK1[0];
    out.k1 = k.k1[0];
    out.hasK2 = k.hasK2[0];
    out.k2 = k.k2[0];
    out.s1 = k.s1;
    out.s1Off = 0;
    out.s1Len = k.s1Len[0];
    out.s2 = k.s2;
    out.s2Off = 0;
    out.s2Len = k.s2Len[0];
  }

  @Override
  public MergedEntry next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    ready = false;
    return out;
  }

  private void siftDown(int i) {
    Run x = runs[i];
    while (true) {
      int c = 2 * i + 1;
      if (c >= live) {
        break;
      }
      if (c + 1 < live && compare(runs[c + 1], runs[c + 1].i, runs[c], runs[c].i) < 0) {
        c++;
      }
      if (compare(runs[c], runs[c].i, x, x.i) >= 0) {
        break;
      }
      runs[i] = runs[c];
      i = c;
    }
    runs[i] = x;
  }

  /**
   * The writer's order of keys (row ra of a against row rb of b): set, null mask, k1, s1, k2, s2; an
   * absent part first; bytes unsigned.
   */
  static int compare(Keys a, int ra, Keys b, int rb) {
    int c = Long.compare(a.head[ra], b.head[rb]);
    if (c != 0) {
      return c;
    }
    if (a.hasK1[ra] != b.hasK1[rb]) {
      return a.hasK1[ra] ? 1 : -1;
    }
    c = Long.compare(a.k1[ra], b.k1[rb]);
    if (c != 0) {
      return c;
    }
    c = compareBytes(a.s1, a.s1Off[ra], a.s1Len[ra], a.p1[ra], b.s1, b.s1Off[rb], b.s1Len[rb], b.p1[rb]);
    if (c != 0) {
      return c;
    }
    if (a.hasK2[ra] != b.hasK2[rb]) {
      return a.hasK2[ra] ? 1 : -1;
    }
    c = Long.compare(a.k2[ra], b.k2[rb]);
    if (c != 0) {
      return c;
    }
    return compareBytes(a.s2, a.s2Off[ra], a.s2Len[ra], a.p2[ra], b.s2, b.s2Off[rb], b.s2Len[rb], b.p2[rb]);
  }

  /**
   * Unsigned lexicographic order of two byte ranges (null, length −1, first), given their first eight
   * bytes as big-endian longs (zero-padded): most keys differ there, and equal short keys end there.
   */
  private static int compareBytes(byte[] a, int aOff, int aLen, long aPre, byte[] b, int bOff, int bLen, long bPre) {
    if (aLen < 0 || bLen < 0) {
      return Integer.compare(aLen < 0 ? 0 : 1, bLen < 0 ? 0 : 1);
    }
    if (aPre != bPre) {
      return Long.compareUnsigned(aPre, bPre);
    }
    if (aLen <= 8 || bLen <= 8) {
      // the shorter is a prefix of the other (its padding equals the other's bytes)
      return Integer.compare(aLen, bLen);
    }
    return Arrays.compareUnsigned(a, aOff + 8, aOff + aLen, b, bOff + 8, bOff + bLen);
  }

  /** The first eight bytes of {@code b[off, off + len)} as a big-endian long, zero-padded. */
  static long prefix(byte[] b, int off, int len) {
    if (len >= 8) {
      return (long) BIG_ENDIAN.get(b, off);
    }
    long p = 0;
    for (int i = 0; i < 8; i++) {
      p = p << 8 | (i < len ? b[off + i] & 0xFF : 0);
    }
    return p;
  }

  /**
   * Keys in columns, row by row: the set and null mask as one long ({@link #head}, ordered as the two
   * ints), the long parts, the byte parts in one buffer each with their first eight bytes as longs.
   */
  static class Keys {
    final long[] head;
    final boolean[] hasK1;
    final long[] k1;
    final boolean[] hasK2;
    final long[] k2;
    final int[] s1Off;
    final int[] s1Len;
    final long[] p1;
    final int[] s2Off;
    final int[] s2Len;
    final long[] p2;
    byte[] s1 = new byte[64];
    byte[] s2 = new byte[64];

    Keys(int rows) {
      head = new long[rows];
      hasK1 = new boolean[rows];
      k1 = new long[rows];
      hasK2 = new boolean[rows];
      k2 = new long[rows];
      s1Off = new int[rows];
      s1Len = new int[rows];
      p1 = new long[rows];
      s2Off = new int[rows];
      s2Len = new int[rows];
      p2 = new long[rows];
    }

    /** Set and null mask as one long whose signed order is theirs, set first. */
    static long head(int set, int nullmask) {
      return (long) set << 32 | (nullmask ^ Integer.MIN_VALUE) & 0xFFFFFFFFL;
    }

    /** Row r of this (a one-row holder) set to row f of from, its bytes copied. */
    void copyRow(int r, Keys from, int f) {
      head[r] = from.head[f];
      hasK1[r] = from.hasK1[f];
      k1[r] = from.k1[f];
      hasK2[r] = from.hasK2[f];
      k2[r] = from.k2[f];
      p1[r] = from.p1[f];
      p2[r] = from.p2[f];
      s1Len[r] = from.s1Len[f];
      s2Len[r] = from.s2Len[f];
      s1Off[r] = 0;
      s2Off[r] = 0;
      if (s1Len[r] > 0) {
        s1 = owned(from.s1, from.s1Off[f], s1Len[r], s1);
      }
      if (s2Len[r] > 0) {
        s2 = owned(from.s2, from.s2Off[f], s2Len[r], s2);
      }
    }
  }

  /** {@code b[off, off + len)} copied to the start of buf, or of a larger buffer when it does not fit. */
  private static byte[] owned(byte[] b, int off, int len, byte[] buf) {
    byte[] to = len > buf.length ? new byte[Math.max(len, 2 * buf.length)] : buf;
    System.arraycopy(b, off, to, 0, len);
    return to;
  }

  /** One file: its entries in order, a batch at a time, in columns; row {@link #i} is its head. */
  private static final class Run extends Keys {
    final Path path;
    final boolean weighted;
    private final ParquetFileReader reader;
    private final MessageType schema;
    private PageColumn[] columns;
    private long groupRows;
    private long groupRead;
    // the batch: rows [0, rows), the head at i (−1 before the first)
    private int rows;
    int i = -1;
    private final long[] wBits = new long[BATCH];
    final long[] n = new long[BATCH];
    final double[] w = new double[BATCH];
    private final Sink sink = new Sink();
    private boolean closed;

    Run(Path path, Configuration conf, boolean weighted) {
      super(BATCH);
      this.path = path;
      this.weighted = weighted;
      s1 = new byte[1 << 14];
      s2 = new byte[1 << 10];
      try {
        org.apache.parquet.ParquetReadOptions usual = org.apache.parquet.HadoopReadOptions.builder(conf, path).build();
        reader = ParquetFileReader.open(HadoopInputFile.fromPath(path, conf), org.apache.parquet.HadoopReadOptions
            .builder(conf, path).withCodecFactory(new OneShotZstd(usual.getCodecFactory())).build());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the saved state file " + path, e);
      }
      schema = reader.getFooter().getFileMetaData().getSchema();
    }

    /** Moves to the next entry; false at the end of the file. */
    boolean advance() {
      if (++i < rows) {
        return true;
      }
      return fill();
    }

    /** Reads the next batch, column by column; false at the end of the file. */
    private boolean fill() {
      try {
        while (groupRead == groupRows) {
          PageReadStore pages = reader.readNextRowGroup();
          if (pages == null) {
            return false;
          }
          columns = new PageColumn[COLUMNS.length];
          for (int c = 0; c < (weighted ? 8 : 7); c++) {
            ColumnDescriptor d = schema.getColumnDescription(new String[] {COLUMNS[c]});
            columns[c] = new PageColumn(d, pages.getPageReader(d), path.toString());
          }
          groupRows = pages.getRowCount();
          groupRead = 0;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the saved state file " + path, e);
      }
      rows = (int) Math.min(BATCH, groupRows - groupRead);
      groupRead += rows;
      i = 0;
      columns[0].longs(head, null, rows);
      columns[1].longs(n, null, rows); // the null masks, in n until the counts are read
      for (int r = 0; r < rows; r++) {
        head[r] = head((int) head[r], (int) n[r]);
      }
      columns[2].longs(k1, hasK1, rows);
      sink.buf = s1;
      sink.at = 0;
      columns[3].bytes(sink, s1Off, s1Len, p1, rows);
      s1 = sink.buf;
      columns[4].longs(k2, hasK2, rows);
      sink.buf = s2;
      sink.at = 0;
      columns[5].bytes(sink, s2Off, s2Len, p2, rows);
      s2 = sink.buf;
      columns[6].longs(n, null, rows);
      if (weighted) {
        columns[7].longs(wBits, null, rows);
        for (int r = 0; r < rows; r++) {
          w[r] = Double.longBitsToDouble(wBits[r]);
        }
      }
      return true;
    }

    void close() {
      if (!closed) {
        closed = true;
        try {
          reader.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  /** Bytes appended to a growing buffer. */
  static final class Sink extends java.io.OutputStream {
    byte[] buf;
    int at;

    @Override
    public void write(int b) {
      ensure(1);
      buf[at++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, buf, at, len);
      at += len;
    }

    private void ensure(int more) {
      if (at + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(2 * buf.length, at + more));
      }
    }
  }
}
