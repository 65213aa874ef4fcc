package io.infospark.engine;

import io.infospark.engine.spark.ByteKeys;
import io.infospark.engine.spark.ColumnChunk;

/**
 * One column's counts in one task: its table of distinct keys ({@link KeyCounts}), its null rows,
 * its near-unique state and its dictionary ids. Counts a chunk's values of the column (decoded
 * into primitive arrays first), or, once the column passes through, writes them straight out.
 */
final class ColumnCounts {
  final int column;
  final boolean bytesKeyed;
  private final ValueBins bins;
  final KeyCounts table;
  final NearUnique nearUnique;
  final DictionaryIds dictionary = new DictionaryIds();
  long nullRows;
  double nullWeight;
  // decoding scratch, as long as the largest chunk so far
  private long[] keys = new long[0];
  private boolean[] isNull = new boolean[0];
  private ByteKeys byteKeys = new ByteKeys(0);
  private final ByteKeys one = new ByteKeys(1);

  ColumnCounts(int column, CounterSettings s) {
    this.column = column;
    this.bytesKeyed = s.bytesKeyed()[column];
    this.bins = s.bins()[column];
    this.table = bytesKeyed ? new KeyCounts.Bytes(s.weighted()) : new KeyCounts.Longs(s.weighted());
    this.nearUnique = new NearUnique(s.firstCheckpoint());
  }

  private void ensure(int n) {
    if (keys.length < n) {
      keys = new long[n];
      isNull = new boolean[n];
      byteKeys = new ByteKeys(n);
    }
  }

  /** Column c of the chunk as long keys (bins applied) into {@link #keys}, {@link #isNull}. */
  private void decodeLongs(ColumnChunk chunk, int n) {
    boolean nulls = chunk.longs(column, keys, isNull);
    if (bins != null) {
      for (int r = 0; r < n; r++) {
        if (!(nulls && isNull[r])) {
          keys[r] = bins.index(Double.longBitsToDouble(keys[r]));
        }
      }
    }
  }

  /** The long key of row r (bins applied). */
  private long longAt(ColumnChunk chunk, int r) {
    long k = chunk.longAt(column, r);
    return bins == null ? k : bins.index(Double.longBitsToDouble(k));
  }

  /** Adds row r's key with count 0 (a dictionary id seen for the first time); returns its table id. */
  int addKeyAt(ColumnChunk chunk, int r) {
    if (bytesKeyed) {
      one.reset();
      chunk.bytesAt(column, r, one, 0);
      return ((KeyCounts.Bytes) table).add(one.base[0], one.offset[0], one.length[0], 0, 0);
    }
    return ((KeyCounts.Longs) table).add(longAt(chunk, r), 0, 0);
  }

  /**
   * Counts the chunk's values of this column into the table.
   *
   * @param w the weight of each row
   * @param skip rows not to count (a bad weight), or null
   * @param ids where to put each row's table id (−1: null), or null when no pair needs them
   * @param byDictionary whether dictionary-encoded vectors may be counted by their ids
   */
  void count(ColumnChunk chunk, int n, double[] w, boolean[] skip, int[] ids, boolean byDictionary,
      double constantWeight) {
    if (byDictionary && dictionary.count(chunk, n, this, ids, constantWeight)) {
      return;
    }
    ensure(n);
    long counted = 0;
    if (bytesKeyed) {
      chunk.bytes(column, byteKeys);
      KeyCounts.Bytes t = (KeyCounts.Bytes) table;
      byte[][] base = byteKeys.base;
      int[] off = byteKeys.offset;
      int[] len = byteKeys.length;
      for (int r = 0; r < n; r++) {
        if (skip != null && skip[r]) {
          continue;
        }
        int id = -1;
        if (len[r] < 0) {
          nullRows++;
          nullWeight += w[r];
        } else {
          id = t.add(base[r], off[r], len[r], 1, w[r]);
          counted++;
        }
        if (ids != null) {
          ids[r] = id;
        }
      }
    } else {
      decodeLongs(chunk, n);
      KeyCounts.Longs t = (KeyCounts.Longs) table;
      for (int r = 0; r < n; r++) {
        if (skip != null && skip[r]) {
          continue;
        }
        int id = -1;
        if (isNull[r]) {
          nullRows++;
          nullWeight += w[r];
        } else {
          id = t.add(keys[r], 1, w[r]);
          counted++;
        }
        if (ids != null) {
          ids[r] = id;
        }
      }
    }
    nearUnique.saw(counted);
  }

  /** A pass-through column's chunk: nulls counted here, every other value written out as an entry of count 1. */
  void passThrough(ColumnChunk chunk, int n, double[] w, boolean[] skip, EntryBlocks.Writer out) {
    ensure(n);
    if (bytesKeyed) {
      chunk.bytes(column, byteKeys);
      for (int r = 0; r < n; r++) {
        if (skip != null && skip[r]) {
          continue;
        }
        int len = byteKeys.length[r];
        if (len < 0) {
          nullRows++;
          nullWeight += w[r];
          continue;
        }
        byte[] b = byteKeys.base[r];
        int off = byteKeys.offset[r];
        out.start(Hashing.entry(column, 0, KeyCounts.Bytes.hash(b, off, len), 0), column, 0);
        out.bytesKey(b, off, len);
        out.finish(1, w[r]);
      }
    } else {
      decodeLongs(chunk, n);
      for (int r = 0; r < n; r++) {
        if (skip != null && skip[r]) {
          continue;
        }
        if (isNull[r]) {
          nullRows++;
          nullWeight += w[r];
          continue;
        }
        long k = keys[r];
        out.start(Hashing.entry(column, 0, k, 0), column, 0);
        out.longKey(k);
        out.finish(1, w[r]);
      }
    }
  }

  /** The hash of the key with this id: the long key, or the table's hash of the bytes; 0 for null (id &lt; 0). */
  long keyHash(int id) {
    if (id < 0) {
      return 0;
    }
    return table instanceof KeyCounts.Bytes b ? b.hashOfId(id) : ((KeyCounts.Longs) table).key(id);
  }

  /** Writes the key with this id as the entry's next key part (null when id &lt; 0). */
  void writeKey(EntryBlocks.Writer out, int id) {
    if (id < 0) {
      out.nullKey();
    } else if (table instanceof KeyCounts.Bytes b) {
      out.bytesKey(b.arena(), b.keyStart(id), b.keyLength(id));
    } else {
      out.longKey(((KeyCounts.Longs) table).key(id));
    }
  }

  /** The table (and its null counts) were written out: empty it. */
  void emitted() {
    table.clear();
    dictionary.forget();
    nearUnique.tableCleared();
  }

  long bytes() {
    return table.bytes() + dictionary.bytes() + 9L * keys.length;
  }
}
