package io.infospark.engine;

import io.infospark.engine.spark.ColumnChunk;
import java.util.Arrays;

/**
 * Counting a dictionary-encoded column by its dictionary ids, across the batches of one dictionary
 * (a Parquet column chunk): a value costs an array increment, and each id one table lookup per
 * dictionary, not per batch. The per-id counts reach the column's table in {@link #flush} (before
 * the table is read or emitted, and when a new dictionary comes). Only without a weight column.
 */
final class DictionaryIds {
  private Object dictionary;
  /** Per dictionary id: its table id + 1 (0: not looked up yet in this dictionary). */
  private int[] tableId = new int[0];
  /** Per dictionary id: its count not yet added to the table. */
  private int[] pending = new int[0];
  /** The ids with pending counts. */
  private int[] touched = new int[0];
  private int touchedCount;
  private int[] ids = new int[0];

  /**
   * Counts the chunk's column by dictionary ids when its values come dictionary-encoded.
   *
   * @param out where to put each row's table id (−1: null), or null
   * @return false when the column is not dictionary-encoded in this chunk (nothing was counted)
   */
  boolean count(ColumnChunk chunk, int n, ColumnCounts col, int[] out, double constantWeight) {
    if (ids.length < n) {
      ids = new int[n];
    }
    if (!chunk.dictionaryIds(col.column, ids)) {
      return false;
    }
    Object d = chunk.dictionary(col.column);
    if (d == null || d != dictionary) {
      flush(col.table, constantWeight);
      forget();
      dictionary = d;
    }
    int[] table = tableId;
    int[] counts = pending;
    int t = touchedCount;
    long counted = 0;
    for (int r = 0; r < n; r++) {
      int id = ids[r];
      if (id < 0) {
        col.nullRows++;
        col.nullWeight += constantWeight;
        if (out != null) {
          out[r] = -1;
        }
        continue;
      }
      if (id >= counts.length) {
        int size = Math.max(id + 1, Math.max(1024, 2 * counts.length));
        table = tableId = Arrays.copyOf(table, size);
        counts = pending = Arrays.copyOf(counts, size);
        touched = Arrays.copyOf(touched, size);
      }
      if (counts[id]++ == 0) {
        touched[t++] = id;
        if (table[id] == 0) {
          table[id] = col.addKeyAt(chunk, r) + 1;
        }
      }
      if (out != null) {
        out[r] = table[id] - 1;
      }
      counted++;
    }
    touchedCount = t;
    col.nearUnique.saw(counted);
    return true;
  }

  /** Adds the pending per-id counts to the table. */
  void flush(KeyCounts into, double constantWeight) {
    for (int j = 0; j < touchedCount; j++) {
      int d = touched[j];
      into.addById(tableId[d] - 1, pending[d], pending[d] * constantWeight);
      pending[d] = 0;
    }
    touchedCount = 0;
  }

  /** Drops the id → table id map (the table was cleared, or a new dictionary came). */
  void forget() {
    dictionary = null;
    Arrays.fill(tableId, 0);
  }

  long bytes() {
    return 12L * tableId.length + 4L * ids.length;
  }
}
