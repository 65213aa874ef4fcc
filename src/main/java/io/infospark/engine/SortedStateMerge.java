package io.infospark.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.TaskContext;

/**
 * Merges saved runs by the order of their files: every file of a saved state holds its entries
 * sorted by key ({@code set, nullmask, k1, s1, k2, s2}, nulls first, bytes unsigned — the order
 * the writer sorts them in), so the files of one group of k runs merge as k sorted streams: the
 * smallest key of their heads is the next distinct key, and its counts are the sum over the heads
 * that hold it. No hash table and no copy of the entries: a task holds one batch of each file.
 *
 * <p>A file is read column by column with Parquet's own column readers ({@link #BATCH} rows at a
 * time), not through a Dataset: nothing is planned on the driver, and each file is one stream in
 * its own order. A file out of order (not written by this writer) is an error, never a wrong count.
 */
final class SortedStateMerge implements Iterator<MergedEntry> {
  /** Rows read from a file at a time, column by column. */
  static final int BATCH = 4096;
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

  private final Run[] heap;
  private int live;
  /** The merged entry handed out; its byte parts are its own buffers, from offset 0. */
  private final MergedEntry out = new MergedEntry();
  private byte[] outS1 = new byte[64];
  private byte[] outS2 = new byte[64];
  private boolean ready;

  /**
   * The merged entries of these files (any number of runs' files of one group), weighted when the
   * files have a weight column {@code w}.
   */
  SortedStateMerge(List<String> files, Configuration conf, boolean weighted) {
    List<Run> runs = new ArrayList<>();
    TaskContext task = TaskContext.get();
    try {
      for (String f : files) {
        Run r = new Run(new Path(f), conf, weighted);
        if (task != null) {
          task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> r.close());
        }
        if (r.advance()) {
          runs.add(r);
        }
      }
    } catch (RuntimeException e) {
      runs.forEach(Run::close);
      throw e;
    }
    heap = runs.toArray(new Run[0]);
    live = heap.length;
    for (int i = live / 2 - 1; i >= 0; i--) {
      siftDown(i);
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
    Run top = heap[0];
    copyKey(top.head);
    out.n = 0;
    out.w = 0;
    while (live > 0 && compare(heap[0].head, out) == 0) {
      Run r = heap[0];
      out.n += r.head.n;
      out.w += r.head.w;
      if (!r.advance()) {
        heap[0] = heap[--live];
        heap[live] = null;
        r.close();
      } else if (compare(r.head, out) <= 0) {
        throw new IllegalStateException("saved state file " + r.path + " is not sorted by key (or holds a key twice)");
      }
      siftDown(0);
    }
    ready = true;
    return true;
  }

  @Override
  public MergedEntry next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    ready = false;
    return out;
  }

  /** The head's key as the output's, its bytes copied (the head's batch is refilled as it moves on). */
  private void copyKey(MergedEntry h) {
    out.clearKeys();
    out.set = h.set;
    out.nullmask = h.nullmask;
    out.hasK1 = h.hasK1;
    out.k1 = h.k1;
    out.hasK2 = h.hasK2;
    out.k2 = h.k2;
    if (h.s1Len >= 0) {
      out.s1 = outS1 = owned(h.s1, h.s1Off, h.s1Len, outS1);
      out.s1Len = h.s1Len;
    }
    if (h.s2Len >= 0) {
      out.s2 = outS2 = owned(h.s2, h.s2Off, h.s2Len, outS2);
      out.s2Len = h.s2Len;
    }
  }

  /** {@code b[off, off + len)} copied to the start of buf, or of a larger buffer when it does not fit. */
  private static byte[] owned(byte[] b, int off, int len, byte[] buf) {
    byte[] to = len > buf.length ? new byte[Math.max(len, 2 * buf.length)] : buf;
    System.arraycopy(b, off, to, 0, len);
    return to;
  }

  private void siftDown(int i) {
    Run x = heap[i];
    while (true) {
      int c = 2 * i + 1;
      if (c >= live) {
        break;
      }
      if (c + 1 < live && compare(heap[c + 1].head, heap[c].head) < 0) {
        c++;
      }
      if (compare(heap[c].head, x.head) >= 0) {
        break;
      }
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = x;
  }

  /** The writer's order of keys: set, null mask, k1, s1, k2, s2; an absent part first; bytes unsigned. */
  static int compare(MergedEntry a, MergedEntry b) {
    int c = Integer.compare(a.set, b.set);
    if (c == 0) {
      c = Integer.compare(a.nullmask, b.nullmask);
    }
    if (c == 0) {
      c = a.hasK1 != b.hasK1 ? (a.hasK1 ? 1 : -1) : Long.compare(a.k1, b.k1);
    }
    if (c == 0) {
      c = compareBytes(a.s1, a.s1Off, a.s1Len, b.s1, b.s1Off, b.s1Len);
    }
    if (c == 0) {
      c = a.hasK2 != b.hasK2 ? (a.hasK2 ? 1 : -1) : Long.compare(a.k2, b.k2);
    }
    if (c == 0) {
      c = compareBytes(a.s2, a.s2Off, a.s2Len, b.s2, b.s2Off, b.s2Len);
    }
    return c;
  }

  /** Unsigned lexicographic order of two byte ranges (null, length −1, first): eight bytes at a time. */
  private static int compareBytes(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
    if (aLen < 0 || bLen < 0) {
      return Integer.compare(aLen < 0 ? 0 : 1, bLen < 0 ? 0 : 1);
    }
    int n = Math.min(aLen, bLen);
    int i = 0;
    for (; i + 8 <= n; i += 8) {
      long x = (long) BIG_ENDIAN.get(a, aOff + i);
      long y = (long) BIG_ENDIAN.get(b, bOff + i);
      if (x != y) {
        return Long.compareUnsigned(x, y);
      }
    }
    for (; i < n; i++) {
      int c = (a[aOff + i] & 0xFF) - (b[bOff + i] & 0xFF);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(aLen, bLen);
  }

  /** One file: its entries in order, a batch at a time; {@link #head} is the current one. */
  private static final class Run {
    final Path path;
    final MergedEntry head = new MergedEntry();
    private final ParquetFileReader reader;
    private final MessageType schema;
    private final String createdBy;
    private final boolean weighted;
    private ColumnReader[] columns;
    private long groupRows;
    private long groupRead;
    // the batch: row i's columns; bytes of s1 and s2 in one buffer each
    private int rows;
    private int i;
    private final int[] set = new int[BATCH];
    private final int[] nullmask = new int[BATCH];
    private final long[] k1 = new long[BATCH];
    private final boolean[] hasK1 = new boolean[BATCH];
    private final long[] k2 = new long[BATCH];
    private final boolean[] hasK2 = new boolean[BATCH];
    private final long[] n = new long[BATCH];
    private final double[] w = new double[BATCH];
    private final int[] s1Off = new int[BATCH + 1];
    private final int[] s1Len = new int[BATCH];
    private final int[] s2Off = new int[BATCH + 1];
    private final int[] s2Len = new int[BATCH];
    private byte[] s1 = new byte[1 << 14];
    private byte[] s2 = new byte[1 << 10];
    private boolean closed;

    Run(Path path, Configuration conf, boolean weighted) {
      this.path = path;
      this.weighted = weighted;
      try {
        reader = ParquetFileReader.open(HadoopInputFile.fromPath(path, conf));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the saved state file " + path, e);
      }
      schema = reader.getFooter().getFileMetaData().getSchema();
      createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
    }

    /** Moves to the next entry; false at the end of the file. */
    boolean advance() {
      if (i == rows && !fill()) {
        return false;
      }
      MergedEntry e = head;
      e.set = set[i];
      e.nullmask = nullmask[i];
      e.hasK1 = hasK1[i];
      e.k1 = k1[i];
      e.hasK2 = hasK2[i];
      e.k2 = k2[i];
      e.s1 = s1;
      e.s1Off = s1Off[i];
      e.s1Len = s1Len[i];
      e.s2 = s2;
      e.s2Off = s2Off[i];
      e.s2Len = s2Len[i];
      e.n = n[i];
      e.w = weighted ? w[i] : n[i];
      i++;
      return true;
    }

    /** Reads the next batch, column by column; false at the end of the file. */
    private boolean fill() {
      try {
        while (groupRead == groupRows) {
          PageReadStore pages = reader.readNextRowGroup();
          if (pages == null) {
            return false;
          }
          ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages,
              new GroupRecordConverter(schema).getRootConverter(), schema, createdBy);
          columns = new ColumnReader[COLUMNS.length];
          for (int c = 0; c < (weighted ? 8 : 7); c++) {
            ColumnDescriptor d = schema.getColumnDescription(new String[] {COLUMNS[c]});
            columns[c] = store.getColumnReader(d);
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
      ints(columns[0], set);
      ints(columns[1], nullmask);
      longs(columns[2], k1, hasK1);
      s1 = bytes(columns[3], s1, s1Off, s1Len);
      longs(columns[4], k2, hasK2);
      s2 = bytes(columns[5], s2, s2Off, s2Len);
      longs(columns[6], n, null);
      if (weighted) {
        ColumnReader c = columns[7];
        for (int r = 0; r < rows; r++) {
          w[r] = c.getDouble();
          c.consume();
        }
      }
      return true;
    }

    private void ints(ColumnReader c, int[] into) {
      for (int r = 0; r < rows; r++) {
        into[r] = c.getInteger();
        c.consume();
      }
    }

    private void longs(ColumnReader c, long[] into, boolean[] present) {
      int defined = c.getDescriptor().getMaxDefinitionLevel();
      for (int r = 0; r < rows; r++) {
        boolean has = c.getCurrentDefinitionLevel() == defined;
        if (present != null) {
          present[r] = has;
        }
        into[r] = has ? c.getLong() : 0;
        c.consume();
      }
    }

    /** Reads a bytes column into buf (grown as needed, returned): row r at off[r], len[r] (−1 for null). */
    private byte[] bytes(ColumnReader c, byte[] buf, int[] off, int[] len) {
      int defined = c.getDescriptor().getMaxDefinitionLevel();
      int at = 0;
      for (int r = 0; r < rows; r++) {
        off[r] = at;
        if (c.getCurrentDefinitionLevel() == defined) {
          Binary b = c.getBinary();
          int l = b.length();
          if (at + l > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(2 * buf.length, at + l));
          }
          ByteBuffer bb = b.toByteBuffer();
          bb.get(buf, at, l);
          len[r] = l;
          at += l;
        } else {
          len[r] = -1;
        }
        c.consume();
      }
      return buf;
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
}
