package io.infospark.engine;

import io.infospark.engine.spark.ColumnChunk;
import io.infospark.engine.spark.MemoryBudget;
import java.util.Arrays;
import java.util.Iterator;
import scala.Tuple2;

/**
 * The map side of the engine: counts one task's chunks into a table per column
 * ({@link ColumnCounts}) and per column pair ({@link PairCounts}), and writes the distinct
 * (key, count) entries straight into the blocks of the task's shuffle output ({@link EntryBlocks},
 * through the {@link Emitter}).
 *
 * <p>A chunk is counted column by column: one table is hot in cache at a time, and a columnar
 * batch is read without converting it to rows; a dictionary-encoded vector is counted by its
 * dictionary ids ({@link DictionaryIds}). Memory is bounded: when the tables hold
 * {@code maxEntries} keys, or their memory budget ({@link MemoryBudget}: the task's execution
 * memory, at most {@code maxBytes}) grants no more, or Spark asks for memory, tables are emitted
 * and cleared — without pairs only the largest, so a low-cardinality column keeps combining
 * across the whole task; a near-unique column ({@link NearUnique}) stops counting and passes its
 * values straight through. The reduce side ({@link CountMerger}) merges the partial counts.
 */
final class TaskCounter implements EntryBlocks.Source {
  private final Iterator<ColumnChunk> chunks;
  private final CounterSettings settings;
  private final ColumnCounts[] columns;
  private final PairCounts pairs;
  private final Emitter emitter;
  private final MemoryBudget budget;
  private final long cap;
  private EntryBlocks.Writer out;
  private boolean inputDone;
  private boolean sawSpillRequest;

  // per chunk: weights, rows to skip (bad weight), each column's table ids (only with pairs)
  private double[] w = new double[0];
  private boolean[] skip = new boolean[0];
  private byte[] problem = new byte[0];
  private int[][] ids;

  TaskCounter(Iterator<ColumnChunk> chunks, CounterSettings settings) {
    this.chunks = chunks;
    this.settings = settings;
    int k = settings.columns();
    columns = new ColumnCounts[k];
    for (int i = 0; i < k; i++) {
      columns[i] = new ColumnCounts(i, settings);
    }
    pairs = new PairCounts(settings);
    emitter = new Emitter(columns, pairs, settings);
    cap = settings.cap();
    budget = settings.budgets().create(cap, this::spillRequested);
    ids = settings.pairs().length == 0 ? null : new int[k][0];
  }

  /** The task's entries, as blocks keyed by their merge partition. */
  Iterator<Tuple2<Integer, byte[]>> blocks() {
    out = new EntryBlocks.Writer(settings.partitions());
    return out.from(this);
  }

  /** Spark asks for memory: the tables are emitted at the next chunk (they cannot be freed in the middle of one). */
  private long spillRequested() {
    sawSpillRequest = true;
    return 0;
  }

  /** Writes the next entry (or entries) into the writer; false when the task's input is done and written. */
  @Override
  public boolean advance() {
    while (true) {
      if (emitter.busy()) {
        if (emitter.writeNext(out, set -> budget.hold(bytes()))) {
          return true;
        }
      } else if (!inputDone && chunks.hasNext()) {
        count(chunks.next());
        return true;
      } else if (!inputDone) {
        inputDone = true;
        emitter.enqueueAll();
      } else {
        if (emitter.writeProblem(out)) {
          return true;
        }
        budget.release();
        return false;
      }
    }
  }

  private void ensure(int n) {
    if (w.length < n) {
      w = new double[n];
      Arrays.fill(w, settings.constantWeight());
      skip = new boolean[n];
      problem = new byte[n];
      if (ids != null) {
        for (int i = 0; i < ids.length; i++) {
          ids[i] = new int[n];
        }
      }
    }
  }

  /** Counts one chunk (writing the values of pass-through columns), then makes room if it must. */
  private void count(ColumnChunk chunk) {
    int n = chunk.rows();
    ensure(n);
    boolean[] skipped = null;
    if (settings.weightColumn()) {
      chunk.weights(w, problem);
      for (int r = 0; r < n; r++) {
        skip[r] = problem[r] != 0;
        if (skip[r]) {
          emitter.weightProblem(problem[r]);
        }
      }
      skipped = skip;
    }
    boolean byDictionary = !settings.weightColumn();
    for (ColumnCounts c : columns) {
      if (c.nearUnique.passThrough()) {
        c.passThrough(chunk, n, w, skipped, out);
      } else {
        c.count(chunk, n, w, skipped, ids == null ? null : ids[c.column], byDictionary, settings.constantWeight());
      }
    }
    if (ids != null) {
      pairs.count(n, ids, columns, w, skipped);
    } else {
      for (ColumnCounts c : columns) {
        if (c.nearUnique.checkpoint(c.table.size())) {
          c.nearUnique.switchToPassThrough();
          emitter.enqueueColumn(c.column);
        }
      }
    }
    boolean requested = sawSpillRequest | budget.spillRequested();
    sawSpillRequest = false;
    if (requested) {
      emitter.enqueueAll();
    } else if (entries() >= settings.maxEntries() || !budget.hold(bytes())) {
      makeRoom();
    }
  }

  private long bytes() {
    long b = pairs.bytes() + 13L * w.length + (out == null ? 0 : out.bytes());
    for (ColumnCounts c : columns) {
      b += c.bytes();
    }
    if (ids != null) {
      b += 4L * ids.length * w.length;
    }
    return b;
  }

  private long entries() {
    long e = pairs.entries();
    for (ColumnCounts c : columns) {
      e += c.table.size();
    }
    return e;
  }

  /**
   * Queues tables for output: with pairs (whose keys are the columns' table ids) all of them.
   * Without pairs, a near-unique column switches to pass-through, as at a checkpoint; then the
   * largest tables are emitted until at most half the budget stays.
   */
  private void makeRoom() {
    if (ids != null) {
      emitter.enqueueAll();
      return;
    }
    int k = columns.length;
    // tables of pass-through columns are already queued (or empty)
    boolean[] taken = new boolean[k];
    long total = 0;
    long totalBytes = 0;
    for (int i = 0; i < k; i++) {
      taken[i] = columns[i].nearUnique.passThrough();
      if (!taken[i]) {
        total += columns[i].table.size();
        totalBytes += columns[i].table.bytes();
      }
    }
    int maxEntries = settings.maxEntries();
    for (int i = 0; i < k; i++) {
      ColumnCounts c = columns[i];
      int size = c.table.size();
      if (!taken[i] && size >= Math.min(NearUnique.PASS_THROUGH_MIN_KEYS, maxEntries / 4)
          && c.nearUnique.rateIsNearUnique(size)) {
        c.nearUnique.switchToPassThrough();
        taken[i] = true;
        total -= size;
        totalBytes -= c.table.bytes();
        emitter.enqueueColumn(i);
      }
    }
    long byteTarget = Math.min(cap, Math.max(budget.held(), 1)) / 2;
    while (total > maxEntries / 2 || totalBytes > byteTarget) {
      int largest = -1;
      for (int i = 0; i < k; i++) {
        if (!taken[i] && (largest < 0 || columns[i].table.bytes() > columns[largest].table.bytes())) {
          largest = i;
        }
      }
      if (largest < 0) {
        break;
      }
      taken[largest] = true;
      total -= columns[largest].table.size();
      totalBytes -= columns[largest].table.bytes();
      emitter.enqueueColumn(largest);
    }
  }
}
