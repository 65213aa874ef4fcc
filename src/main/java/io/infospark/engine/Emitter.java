package io.infospark.engine;

/**
 * The output of one task's tables: the key sets queued for output are written entry by entry into
 * the task's blocks (a column's distinct keys, then its null row; a pair's keys, resolved through
 * its columns' tables), and each table is emptied once written. Entries go out one per call so
 * that the blocks are flushed to the shuffle as they fill, however large a table is.
 */
final class Emitter {
  private final ColumnCounts[] columns;
  private final PairCounts pairs;
  private final double constantWeight;
  private final boolean weighted;
  private final int[] queue;
  private int queued;
  private int queuePos;
  private int set = -1;
  private int nextId;
  private boolean nullsPending;
  private final long[] weightProblems = new long[5];

  Emitter(ColumnCounts[] columns, PairCounts pairs, CounterSettings s) {
    this.columns = columns;
    this.pairs = pairs;
    this.constantWeight = s.constantWeight();
    this.weighted = s.weighted();
    this.queue = new int[columns.length + pairs.pairs.length];
  }

  /** Whether key sets are queued or being written. */
  boolean busy() {
    return set >= 0 || queuePos < queued;
  }

  /** Queues column i's table (its pending dictionary counts added first). */
  void enqueueColumn(int i) {
    columns[i].dictionary.flush(columns[i].table, constantWeight);
    queue[queued++] = i;
  }

  /** Queues every table: the pairs first, since their keys are resolved through the columns' tables. */
  void enqueueAll() {
    for (int p = 0; p < pairs.pairs.length; p++) {
      pairs.settle(p);
      queue[queued++] = columns.length + p;
    }
    for (int i = 0; i < columns.length; i++) {
      enqueueColumn(i);
    }
  }

  /** Rows with a bad weight, by problem code (1 null, 2 NaN, 3 negative, 4 infinite). */
  void weightProblem(int code) {
    weightProblems[code]++;
  }

  /**
   * Writes the next queued entry.
   *
   * @param afterTable called with the key set whose table was just written and emptied
   * @return false when the queue ran dry
   */
  boolean writeNext(EntryBlocks.Writer out, java.util.function.IntConsumer afterTable) {
    int k = columns.length;
    while (true) {
      if (set < 0) {
        if (queuePos == queued) {
          queuePos = 0;
          queued = 0;
          return false;
        }
        set = queue[queuePos++];
        nextId = 0;
        nullsPending = set < k;
      }
      KeyCounts t = set < k ? columns[set].table : pairs.tables[set - k];
      if (nextId < t.size()) {
        int id = nextId++;
        if (set < k) {
          writeColumnEntry(out, set, id, t.count(id), t.weight(id));
        } else {
          writePairEntry(out, set - k, id);
        }
        return true;
      }
      if (nullsPending) {
        nullsPending = false;
        ColumnCounts c = columns[set];
        if (c.nullRows > 0) {
          out.start(Hashing.entry(set, 1, 0, 0), set, 1);
          out.nullKey();
          out.finish(c.nullRows, weighted ? c.nullWeight : c.nullRows);
          c.nullRows = 0;
          c.nullWeight = 0;
          return true;
        }
      }
      if (set < k) {
        columns[set].emitted();
      } else {
        t.clear();
      }
      int done = set;
      set = -1;
      afterTable.accept(done);
    }
  }

  private void writeColumnEntry(EntryBlocks.Writer out, int i, int id, long n, double w) {
    ColumnCounts c = columns[i];
    out.start(Hashing.entry(i, 0, c.keyHash(id), 0), i, 0);
    c.writeKey(out, id);
    out.finish(n, w);
  }

  private void writePairEntry(EntryBlocks.Writer out, int p, int id) {
    KeyCounts.Longs t = pairs.tables[p];
    long packed = t.key(id);
    int a = (int) (packed >>> 32);
    int b = (int) packed;
    ColumnCounts x = columns[pairs.pairs[p][0]];
    ColumnCounts y = columns[pairs.pairs[p][1]];
    int nullmask = (a < 0 ? 1 : 0) | (b < 0 ? 2 : 0);
    int set = columns.length + p;
    out.start(Hashing.entry(set, nullmask, x.keyHash(a), y.keyHash(b)), set, nullmask);
    x.writeKey(out, a);
    y.writeKey(out, b);
    out.finish(t.count(id), t.weight(id));
  }

  /** Writes the next weight-problem entry; false when none is left. */
  boolean writeProblem(EntryBlocks.Writer out) {
    for (int code = 1; code < weightProblems.length; code++) {
      if (weightProblems[code] > 0) {
        out.start(Hashing.entry(MergedEntry.WEIGHT_PROBLEMS, 0, code, 0), MergedEntry.WEIGHT_PROBLEMS, 0);
        out.longKey(code);
        out.finish(weightProblems[code], 0.0);
        weightProblems[code] = 0;
        return true;
      }
    }
    return false;
  }
}
