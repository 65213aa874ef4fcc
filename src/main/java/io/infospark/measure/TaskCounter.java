package io.infospark.measure;

import java.util.Iterator;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The map side of {@link ValueCounts}: counts one task's rows into a primitive hash table per
 * column ({@link KeyCounts}) and per column pair, and writes the distinct (key, count) entries
 * straight into the blocks of the task's shuffle output ({@link EntryBlocks}).
 *
 * <p>The input comes in chunks (a Parquet/ORC {@link ColumnarBatch}, or 4,096 copied rows) and a
 * chunk is counted <b>column by column</b>: one table is hot in cache at a time, and a columnar
 * batch is read without converting it to rows; a dictionary-encoded vector is counted by its
 * dictionary ids, with one table lookup per id per dictionary (a Parquet column chunk), not per
 * batch. When the tables together hold
 * {@code maxEntries} keys they are emitted and cleared (without pairs only the largest, so a
 * low-cardinality column keeps combining across the whole task), which bounds memory whatever
 * the cardinality; the reduce side ({@link CountMerger}) merges the partial counts.
 */
final class TaskCounter {
  static final int CHUNK = 4096;
  /** The fewest keys a table must hold before its column may switch to pass-through. */
  static final int PASS_THROUGH_MIN_KEYS = 1 << 14;
  /** Table size at which a column's rate of new keys is first checked; then at every doubling. */
  static final int FIRST_CHECKPOINT = 1 << 17;

  /** One chunk of input rows; {@code row(r)} may return a reused view. */
  interface Chunk {
    int rows();

    InternalRow row(int r);

    /** The column vector at this ordinal of a columnar chunk; null for rows. */
    default ColumnVector vector(int ordinal) {
      return null;
    }
  }

  private final Iterator<? extends Chunk> chunks;
  private final ColumnCodec[] codecs;
  private final int[] ordinals;
  private final int[][] pairs;
  /** Ordinal of the weight column, or -1 when every row weighs {@link #constantWeight}. */
  private final int weightOrdinal;
  private final double constantWeight;
  private final boolean weighted;
  private final boolean pairNulls;
  private final int maxEntries;
  private final long maxBytes;

  private final KeyCounts[] singles;
  private final KeyCounts.Longs[] pairCounts;
  private final long[] nullRows;
  private final double[] nullWeight;
  private final long[] weightProblems = new long[5];
  /** Per column, the id of each row of the current chunk (-1: null); only with pairs. */
  private final int[][] ids;
  private final double[] w = new double[CHUNK];
  /** Per column: whether its values go straight to the output (they do not combine in this task). */
  private final boolean[] passThrough;
  /** Which columns were pass-through when the chunk being emitted was counted. */
  private final boolean[] chunkPassThrough;
  /** Per column: non-null values counted into its table since the table was last emitted. */
  private final long[] seen;
  /** Per column: the table size of its next new-key-rate checkpoint, and size and seen at the last. */
  private final int[] nextCheckpoint;
  private final int[] sizeAtCheckpoint;
  private final long[] seenAtCheckpoint;
  // pass-through emission: the chunk just counted, the column and row to write next
  private Chunk passChunk;
  private int passColumn;
  private int passRow;
  private final boolean[] skip = new boolean[CHUNK];

  // emission: sets queued for output, the one being written and its next id
  private final int[] queue;
  private int queued;
  private int queuePos;
  private int emitSet = -1;
  private int emitId;
  private boolean emitNulls;
  private boolean inputDone;

  private EntryBlocks.Writer out;
  private boolean ready;

  /**
   * @param ordinals the ordinal of each codec's column in the chunk rows
   * @param weightOrdinal the ordinal of a double weight column, or -1 for a constant weight
   * @param constantWeight the weight of every row when weightOrdinal is -1
   * @param weighted whether weights are summed (false: w = n in the output)
   */
  TaskCounter(Iterator<? extends Chunk> chunks, ColumnCodec[] codecs, int[] ordinals, int[][] pairs,
      int weightOrdinal, double constantWeight, boolean weighted, boolean pairNulls, int maxEntries, long maxBytes) {
    this.chunks = chunks;
    this.codecs = codecs;
    this.ordinals = ordinals;
    this.pairs = pairs;
    this.weightOrdinal = weightOrdinal;
    this.constantWeight = constantWeight;
    this.weighted = weighted;
    this.pairNulls = pairNulls;
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes > 0 ? maxBytes : defaultMaxBytes();
    int k = codecs.length;
    singles = new KeyCounts[k];
    for (int i = 0; i < k; i++) {
      singles[i] = codecs[i].bytesKeyed() ? new KeyCounts.Bytes(weighted) : new KeyCounts.Longs(weighted);
    }
    pairCounts = new KeyCounts.Longs[pairs.length];
    for (int p = 0; p < pairs.length; p++) {
      pairCounts[p] = new KeyCounts.Longs(weighted);
    }
    passThrough = new boolean[k];
    chunkPassThrough = new boolean[k];
    seen = new long[k];
    nextCheckpoint = new int[k];
    sizeAtCheckpoint = new int[k];
    seenAtCheckpoint = new long[k];
    java.util.Arrays.fill(nextCheckpoint, Math.max(1, Math.min(FIRST_CHECKPOINT, maxEntries / 4)));
    nullRows = new long[k];
    nullWeight = new double[k];
    ids = pairs.length == 0 ? null : new int[k][CHUNK];
    queue = new int[k + pairs.length];
    java.util.Arrays.fill(w, constantWeight);
  }

  /**
   * The default heap budget of one task's tables: a quarter of the heap beyond Spark's reserved
   * 300 MB, shared by as many tasks as the JVM has cores; at least 16 MB.
   */
  static long defaultMaxBytes() {
    long usable = Runtime.getRuntime().maxMemory() - (300L << 20);
    return Math.max(16L << 20, usable / 4 / Runtime.getRuntime().availableProcessors());
  }

  /** Chunks over columnar batches (consumed one at a time; a batch may be reused by the reader). */
  static Iterator<Chunk> batches(Iterator<ColumnarBatch> it) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Chunk next() {
        ColumnarBatch b = it.next();
        return new Chunk() {
          @Override
          public int rows() {
            return b.numRows();
          }

          @Override
          public InternalRow row(int r) {
            return b.getRow(r);
          }

          @Override
          public ColumnVector vector(int ordinal) {
            return b.column(ordinal);
          }
        };
      }
    };
  }

  /** Chunks of {@link #CHUNK} rows copied from a row iterator (whose rows may be reused). */
  static Iterator<Chunk> rows(Iterator<InternalRow> it) {
    InternalRow[] buf = new InternalRow[CHUNK];
    int[] n = new int[1];
    Chunk chunk = new Chunk() {
      @Override
      public int rows() {
        return n[0];
      }

      @Override
      public InternalRow row(int r) {
        return buf[r];
      }
    };
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Chunk next() {
        n[0] = 0;
        while (n[0] < CHUNK && it.hasNext()) {
          buf[n[0]++] = it.next().copy();
        }
        return chunk;
      }
    };
  }

  /** The task's entries, as blocks for this many merge partitions. */
  EntryBlocks.Writer blocks(int partitions) {
    out = new EntryBlocks.Writer(partitions);
    return out.from(this::advance);
  }

  /** Writes the next entry (or entries) into the writer; false when the task's input is done and written. */
  private boolean advance() {
    ready = false;
    while (!ready) {
      if (emitSet >= 0 || queuePos < queued) {
        ready = writeNext();
      } else if (passChunk != null) {
        ready = writePassThrough();
      } else if (!inputDone && chunks.hasNext()) {
        Chunk chunk = chunks.next();
        count(chunk);
        System.arraycopy(passThrough, 0, chunkPassThrough, 0, passThrough.length);
        if (pairs.length == 0) {
          checkpoints();
        }
        passChunk = chunk;
        passColumn = 0;
        passRow = 0;
        if (entries() >= maxEntries || bytes() >= maxBytes) {
          makeRoom();
        }
      } else if (!inputDone) {
        inputDone = true;
        queueAll();
      } else {
        ready = writeProblem();
        if (!ready) {
          return false;
        }
      }
    }
    return true;
  }

  private void count(Chunk chunk) {
    int n = chunk.rows();
    if (weightOrdinal >= 0) {
      for (int r = 0; r < n; r++) {
        InternalRow row = chunk.row(r);
        int problem;
        if (row.isNullAt(weightOrdinal)) {
          problem = 1;
        } else {
          double x = row.getDouble(weightOrdinal);
          problem = Double.isNaN(x) ? 2 : x < 0 ? 3 : Double.isInfinite(x) ? 4 : 0;
          w[r] = x;
        }
        skip[r] = problem != 0;
        if (problem != 0) {
          weightProblems[problem]++;
        }
      }
    }
    for (int i = 0; i < codecs.length; i++) {
      if (passThrough[i]) {
        countNulls(chunk, n, i);
      } else {
        countColumn(chunk, n, i);
      }
    }
    for (int p = 0; p < pairs.length; p++) {
      int[] a = ids[pairs[p][0]];
      int[] b = ids[pairs[p][1]];
      if (countDense(p, a, b, n)) {
        continue;
      }
      KeyCounts.Longs pc = pairCounts[p];
      for (int r = 0; r < n; r++) {
        if (weightOrdinal >= 0 && skip[r] || (a[r] < 0 || b[r] < 0) && !pairNulls) {
          continue;
        }
        pc.add(((long) a[r] << 32) | (b[r] & 0xffffffffL), 1, w[r]);
      }
    }
  }

  /** The most cells of a pair's dense count matrix (2 MB); larger pairs count in their hash table. */
  static final int DENSE_MAX_CELLS = 1 << 18;
  /** Per pair: counts by (id of x + 1) · stride + (id of y + 1) (0: null), or null when not dense. */
  private long[][] dense;
  private int[] denseShift;
  private int[] denseRows;
  /** Per pair: its keys outgrew a dense matrix in this task; it counts in its hash table. */
  private boolean[] hashOnly;

  /**
   * Counts a pair of low-cardinality columns (unweighted) in a dense matrix indexed by their ids:
   * an array increment per row instead of a hash lookup. The matrix is moved into the pair's hash
   * table before output ({@link #flushDense}); false when the pair is (or just became) hash-only.
   */
  private boolean countDense(int p, int[] a, int[] b, int n) {
    if (weighted) {
      return false;
    }
    if (dense == null) {
      dense = new long[pairs.length][];
      denseShift = new int[pairs.length];
      denseRows = new int[pairs.length];
      hashOnly = new boolean[pairs.length];
    }
    if (hashOnly[p]) {
      return false;
    }
    int needRows = singles[pairs[p][0]].size() + 1;
    int needCols = singles[pairs[p][1]].size() + 1;
    if (dense[p] == null || needRows > denseRows[p] || needCols > 1 << denseShift[p]) {
      int rows = Integer.highestOneBit(Math.max(needRows, 4) - 1) << 1;
      int shift = 32 - Integer.numberOfLeadingZeros(Math.max(needCols, 4) - 1);
      if ((long) rows << shift > DENSE_MAX_CELLS) {
        flushDense(p);
        hashOnly[p] = true;
        return false;
      }
      long[] grown = new long[rows << shift];
      if (dense[p] != null) {
        int oldShift = denseShift[p];
        for (int cell = 0; cell < dense[p].length; cell++) {
          if (dense[p][cell] != 0) {
            grown[((cell >>> oldShift) << shift) | (cell & ((1 << oldShift) - 1))] = dense[p][cell];
          }
        }
      }
      dense[p] = grown;
      denseShift[p] = shift;
      denseRows[p] = rows;
    }
    long[] m = dense[p];
    int shift = denseShift[p];
    for (int r = 0; r < n; r++) {
      if ((a[r] < 0 || b[r] < 0) && !pairNulls) {
        continue;
      }
      m[((a[r] + 1) << shift) | (b[r] + 1)]++;
    }
    return true;
  }

  /** Moves pair p's dense counts into its hash table (ids −1 stand for null) and zeroes them. */
  private void flushDense(int p) {
    if (dense == null || dense[p] == null) {
      return;
    }
    long[] m = dense[p];
    int shift = denseShift[p];
    for (int cell = 0; cell < m.length; cell++) {
      if (m[cell] != 0) {
        long a = (cell >>> shift) - 1;
        long b = (cell & ((1 << shift) - 1)) - 1;
        pairCounts[p].add((a << 32) | (b & 0xffffffffL), m[cell], m[cell]);
        m[cell] = 0;
      }
    }
  }

  /** A pass-through column's nulls; its values are written by {@link #writePassThrough}. */
  private void countNulls(Chunk chunk, int n, int i) {
    ColumnCodec c = codecs[i];
    int ord = ordinals[i];
    for (int r = 0; r < n; r++) {
      if (!(weightOrdinal >= 0 && skip[r]) && c.isNull(chunk.row(r), ord)) {
        nullRows[i]++;
        nullWeight[i] += w[r];
      }
    }
  }

  /** Writes the next non-null value of a pass-through column of the chunk just counted. */
  private boolean writePassThrough() {
    Chunk chunk = passChunk;
    int n = chunk.rows();
    for (; passColumn < codecs.length; passColumn++, passRow = 0) {
      if (!chunkPassThrough[passColumn]) {
        continue;
      }
      ColumnCodec c = codecs[passColumn];
      int ord = ordinals[passColumn];
      while (passRow < n) {
        int r = passRow++;
        InternalRow row = chunk.row(r);
        if (weightOrdinal >= 0 && skip[r] || c.isNull(row, ord)) {
          continue;
        }
        if (c.bytesKeyed()) {
          UTF8String key = c.bytesKey(row, ord);
          out.start(CountMerger.hash(passColumn, 0, ((KeyCounts.Bytes) singles[passColumn]).hash(key), 0), passColumn, 0);
          out.bytesKey(key);
        } else {
          long key = c.longKey(row, ord);
          out.start(CountMerger.hash(passColumn, 0, key, 0), passColumn, 0);
          out.longKey(key);
        }
        out.finish(1, w[r]);
        return true;
      }
    }
    passChunk = null;
    return false;
  }

  /**
   * Counts a dictionary-encoded column vector (Parquet keeps low- and mid-cardinality column chunks
   * so) by its dictionary ids ({@link #countDictionaryAcrossBatches}). False when the vector is not
   * dictionary-encoded, or rows carry their own weights (only row chunks do).
   */
  private boolean countDictionary(Chunk chunk, int n, int i) {
    if (weightOrdinal >= 0 || !(chunk.vector(ordinals[i]) instanceof WritableColumnVector v) || !v.hasDictionary()) {
      return false;
    }
    countDictionaryAcrossBatches(chunk, n, i, v);
    return true;
  }

  // dictionary ids counted across the batches of one dictionary (a Parquet column chunk; no weight
  // column): per column the dictionary, each id's table id + 1 (0: not looked up yet),
  // its count not yet added to the table, and the ids with such counts
  private Object[] dictOf;
  private int[][] dictIdTable;
  private int[][] dictPending;
  private int[][] dictTouched;
  private int[] dictTouchedCount;

  /**
   * Counts a dictionary-encoded vector into per-id counts that live as long as its dictionary: a
   * value costs an array increment, and each id one table lookup per dictionary (a Parquet column
   * chunk of many batches), not per batch. The counts reach the table in {@link #flushDictionary}.
   */
  private void countDictionaryAcrossBatches(Chunk chunk, int n, int i, WritableColumnVector v) {
    if (dictOf == null) {
      int k = codecs.length;
      dictOf = new Object[k];
      dictIdTable = new int[k][0];
      dictPending = new int[k][0];
      dictTouched = new int[k][0];
      dictTouchedCount = new int[k];
    }
    Object dict = SparkInternals.dictionaryOf(v);
    if (dict == null || dict != dictOf[i]) {
      flushDictionary(i);
      forgetDictionary(i);
      dictOf[i] = dict;
    }
    WritableColumnVector dictIds = v.getDictionaryIds();
    int[] table = dictIdTable[i];
    int[] pending = dictPending[i];
    int[] touched = dictTouched[i];
    int t = dictTouchedCount[i];
    ColumnCodec c = codecs[i];
    int ord = ordinals[i];
    KeyCounts kc = singles[i];
    int[] out = ids == null ? null : ids[i];
    long counted = 0;
    boolean nulls = v.hasNull();
    for (int r = 0; r < n; r++) {
      if (nulls && v.isNullAt(r)) {
        nullRows[i]++;
        nullWeight[i] += constantWeight;
        if (out != null) {
          out[r] = -1;
        }
        continue;
      }
      int d = dictIds.getDictId(r);
      if (d >= pending.length) {
        int size = Math.max(d + 1, Math.max(1024, 2 * pending.length));
        table = dictIdTable[i] = java.util.Arrays.copyOf(table, size);
        pending = dictPending[i] = java.util.Arrays.copyOf(pending, size);
        touched = dictTouched[i] = java.util.Arrays.copyOf(touched, size);
      }
      if (pending[d]++ == 0) {
        touched[t++] = d;
        if (table[d] == 0) {
          InternalRow row = chunk.row(r);
          int id = c.bytesKeyed()
              ? ((KeyCounts.Bytes) kc).add(c.bytesKey(row, ord), 0, 0)
              : ((KeyCounts.Longs) kc).add(c.longKey(row, ord), 0, 0);
          table[d] = id + 1;
        }
      }
      if (out != null) {
        out[r] = table[d] - 1;
      }
      counted++;
    }
    dictTouchedCount[i] = t;
    seen[i] += counted;
  }

  /** Adds column i's pending dictionary-id counts to its table (before it is read or emitted). */
  private void flushDictionary(int i) {
    if (dictOf == null || dictTouchedCount[i] == 0) {
      return;
    }
    int[] table = dictIdTable[i];
    int[] pending = dictPending[i];
    int[] touched = dictTouched[i];
    KeyCounts kc = singles[i];
    for (int j = 0; j < dictTouchedCount[i]; j++) {
      int d = touched[j];
      kc.addById(table[d] - 1, pending[d], pending[d] * constantWeight);
      pending[d] = 0;
    }
    dictTouchedCount[i] = 0;
  }

  /** Drops column i's dictionary-id → table-id map (its table was cleared, or a new dictionary came). */
  private void forgetDictionary(int i) {
    if (dictOf != null) {
      dictOf[i] = null;
      java.util.Arrays.fill(dictIdTable[i], 0);
    }
  }

  /** Queues a table for output, its pending dictionary counts added first. */
  private void enqueue(int set) {
    if (set < codecs.length) {
      flushDictionary(set);
    }
    queue[queued++] = set;
  }

  private void countColumn(Chunk chunk, int n, int i) {
    if (countDictionary(chunk, n, i)) {
      return;
    }
    ColumnCodec c = codecs[i];
    int ord = ordinals[i];
    int[] out = ids == null ? null : ids[i];
    boolean checkSkip = weightOrdinal >= 0;
    if (c.bytesKeyed()) {
      KeyCounts.Bytes t = (KeyCounts.Bytes) singles[i];
      for (int r = 0; r < n; r++) {
        if (checkSkip && skip[r]) {
          continue;
        }
        InternalRow row = chunk.row(r);
        int id = -1;
        if (c.isNull(row, ord)) {
          nullRows[i]++;
          nullWeight[i] += w[r];
        } else {
          id = t.add(c.bytesKey(row, ord), 1, w[r]);
          seen[i]++;
        }
        if (out != null) {
          out[r] = id;
        }
      }
    } else {
      KeyCounts.Longs t = (KeyCounts.Longs) singles[i];
      for (int r = 0; r < n; r++) {
        if (checkSkip && skip[r]) {
          continue;
        }
        InternalRow row = chunk.row(r);
        int id = -1;
        if (c.isNull(row, ord)) {
          nullRows[i]++;
          nullWeight[i] += w[r];
        } else {
          id = t.add(c.longKey(row, ord), 1, w[r]);
          seen[i]++;
        }
        if (out != null) {
          out[r] = id;
        }
      }
    }
  }

  private long bytes() {
    long b = 0;
    if (dense != null) {
      for (long[] m : dense) {
        b += m == null ? 0 : 8L * m.length;
      }
    }
    for (KeyCounts k : singles) {
      b += k.bytes();
    }
    for (KeyCounts k : pairCounts) {
      b += k.bytes();
    }
    return b;
  }

  private long entries() {
    long e = 0;
    for (KeyCounts k : singles) {
      e += k.size();
    }
    for (KeyCounts k : pairCounts) {
      e += k.size();
    }
    return e;
  }

  /**
   * A column whose table reached its checkpoint size while at least 90% of the values counted
   * since the last checkpoint were new keys does not combine (near-unique): its table is queued
   * for output and its values pass straight through from now on.
   */
  private void checkpoints() {
    for (int i = 0; i < codecs.length; i++) {
      int size = singles[i].size();
      if (passThrough[i] || size < nextCheckpoint[i]) {
        continue;
      }
      if (nearUnique(i)) {
        passThrough[i] = true;
        enqueue(i);
      } else {
        nextCheckpoint[i] = 2 * size;
        sizeAtCheckpoint[i] = size;
        seenAtCheckpoint[i] = seen[i];
      }
    }
  }

  /** Whether at least 90% of column i's values since its last checkpoint were new keys. */
  private boolean nearUnique(int i) {
    long values = seen[i] - seenAtCheckpoint[i];
    return values > 0 && 10L * (singles[i].size() - sizeAtCheckpoint[i]) >= 9L * values;
  }

  /**
   * Queues tables for output: with pairs (whose keys are the single-column ids) all of them.
   * Without pairs, a near-unique column ({@link #nearUnique}) switches to pass-through, as at a
   * checkpoint; then the largest tables are emitted until at most half the budget stays.
   */
  private void makeRoom() {
    if (pairs.length > 0) {
      queueAll();
      return;
    }
    // tables of pass-through columns are already queued (or empty)
    boolean[] taken = passThrough.clone();
    long total = 0;
    long totalBytes = 0;
    for (int i = 0; i < codecs.length; i++) {
      if (!taken[i]) {
        total += singles[i].size();
        totalBytes += singles[i].bytes();
      }
    }
    for (int i = 0; i < codecs.length; i++) {
      int size = singles[i].size();
      if (!taken[i] && size >= Math.min(PASS_THROUGH_MIN_KEYS, maxEntries / 4) && nearUnique(i)) {
        passThrough[i] = true;
        taken[i] = true;
        total -= size;
        totalBytes -= singles[i].bytes();
        enqueue(i);
      }
    }
    while (total > maxEntries / 2 || totalBytes > maxBytes / 2) {
      int largest = -1;
      for (int i = 0; i < singles.length; i++) {
        if (!taken[i] && (largest < 0 || singles[i].bytes() > singles[largest].bytes())) {
          largest = i;
        }
      }
      if (largest < 0) {
        break;
      }
      taken[largest] = true;
      total -= singles[largest].size();
      totalBytes -= singles[largest].bytes();
      enqueue(largest);
    }
  }

  /** Queues every table: the pairs first, since their keys are resolved through the singles. */
  private void queueAll() {
    for (int p = 0; p < pairs.length; p++) {
      flushDense(p);
      enqueue(codecs.length + p);
    }
    for (int i = 0; i < codecs.length; i++) {
      enqueue(i);
    }
  }

  /** Writes the next queued entry into the row; false when the queue ran dry. */
  private boolean writeNext() {
    while (true) {
      if (emitSet < 0) {
        if (queuePos == queued) {
          queuePos = 0;
          queued = 0;
          return false;
        }
        emitSet = queue[queuePos++];
        emitId = 0;
        emitNulls = emitSet < codecs.length;
      }
      int k = codecs.length;
      KeyCounts t = emitSet < k ? singles[emitSet] : pairCounts[emitSet - k];
      if (emitId < t.size()) {
        int id = emitId++;
        if (emitSet < k) {
          writeSingle(emitSet, id, t.count(id), t.weight(id));
        } else {
          writePair(emitSet, id);
        }
        return true;
      }
      if (emitNulls) {
        emitNulls = false;
        int i = emitSet;
        if (nullRows[i] > 0) {
          out.start(CountMerger.hash(i, 1, 0, 0), i, 1);
          out.nullKey();
          out.finish(nullRows[i], weighted ? nullWeight[i] : nullRows[i]);
          nullRows[i] = 0;
          nullWeight[i] = 0;
          return true;
        }
      }
      t.clear();
      if (emitSet < k) {
        forgetDictionary(emitSet);
        seen[emitSet] = 0;
        sizeAtCheckpoint[emitSet] = 0;
        seenAtCheckpoint[emitSet] = 0;
        nextCheckpoint[emitSet] = Math.max(1, Math.min(FIRST_CHECKPOINT, maxEntries / 4));
      }
      emitSet = -1;
    }
  }

  private void writeSingle(int i, int id, long n, double weight) {
    out.start(CountMerger.hash(i, 0, keyHash(i, id), 0), i, 0);
    writeKey(i, id);
    out.finish(n, weight);
  }

  private void writePair(int set, int id) {
    int p = set - codecs.length;
    long packed = pairCounts[p].key(id);
    int a = (int) (packed >>> 32);
    int b = (int) packed;
    int nullmask = (a < 0 ? 1 : 0) | (b < 0 ? 2 : 0);
    long h = CountMerger.hash(set, nullmask, keyHash(pairs[p][0], a), keyHash(pairs[p][1], b));
    out.start(h, set, nullmask);
    writeKey(pairs[p][0], a);
    writeKey(pairs[p][1], b);
    KeyCounts.Longs pc = pairCounts[p];
    out.finish(pc.count(id), pc.weight(id));
  }

  /** The hash of column {@code column}'s key with this id: the long key, or the table's hash of the bytes; 0 for null (id < 0). */
  private long keyHash(int column, int id) {
    if (id < 0) {
      return 0;
    }
    KeyCounts k = singles[column];
    return k instanceof KeyCounts.Bytes b ? b.hashOfId(id) : ((KeyCounts.Longs) k).key(id);
  }

  /** Writes column {@code column}'s key with this id as the entry's next key part (null when id < 0). */
  private void writeKey(int column, int id) {
    if (id < 0) {
      out.nullKey();
      return;
    }
    KeyCounts k = singles[column];
    if (k instanceof KeyCounts.Bytes b) {
      out.bytesKey(b.key(id));
    } else {
      out.longKey(((KeyCounts.Longs) k).key(id));
    }
  }

  /** Writes the next weight-problem row; false when none is left. */
  private boolean writeProblem() {
    for (int code = 1; code < weightProblems.length; code++) {
      if (weightProblems[code] > 0) {
        out.start(CountMerger.hash(ValueCounts.WEIGHT_PROBLEMS, 0, code, 0), ValueCounts.WEIGHT_PROBLEMS, 0);
        out.longKey(code);
        out.finish(weightProblems[code], 0.0);
        weightProblems[code] = 0;
        return true;
      }
    }
    return false;
  }

}
