package io.infospark.engine;

import java.io.Serializable;

/**
 * What one task of the map side counts and how: the one settings record of {@link TaskCounter}
 * and its parts, made on the driver and sent with the task.
 *
 * @param bytesKeyed per column, whether its keys are bytes (else longs)
 * @param bins per column, the bins of a discretised floating-point column, or null
 * @param pairs pairs of column indices counted jointly
 * @param weightColumn whether the chunks carry a weight column (else every row weighs constantWeight)
 * @param constantWeight the weight of every row without a weight column
 * @param weighted whether weights are summed (false: an entry's weight is its count)
 * @param pairNulls whether pair rows with a null count (nulls as a category)
 * @param partitions merge partitions the entries are written for
 * @param maxEntries the most keys the tables hold together before they are emitted
 * @param maxBytes the most heap the tables may hold (0: {@link Settings#defaultMaxBytes} of the task's JVM)
 * @param budgets where the memory comes from
 */
record CounterSettings(boolean[] bytesKeyed, ValueBins[] bins, int[][] pairs, boolean weightColumn,
    double constantWeight, boolean weighted, boolean pairNulls, int partitions, int maxEntries, long maxBytes,
    Settings.Budgets budgets) implements Serializable {

  int columns() {
    return bytesKeyed.length;
  }

  /** The byte budget of the task's tables, resolved in the task's JVM. */
  long cap() {
    return maxBytes > 0 ? maxBytes : Settings.defaultMaxBytes();
  }

  /** The table size at which a column's rate of new keys is first checked ({@link NearUnique}). */
  int firstCheckpoint() {
    return Math.max(1, Math.min(NearUnique.FIRST_CHECKPOINT, maxEntries / 4));
  }
}
