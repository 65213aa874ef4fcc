package io.infospark.engine;

/**
 * The joint counts of column pairs in one task: a hash table per pair whose keys pack the two
 * columns' table ids ((id of x) ≪ 32 | id of y, −1 for null), with {@link DensePairs} for pairs of
 * low-cardinality columns when rows are not weighted.
 */
final class PairCounts {
  final int[][] pairs;
  final KeyCounts.Longs[] tables;
  private final DensePairs dense;
  private final boolean pairNulls;

  PairCounts(CounterSettings s) {
    this.pairs = s.pairs();
    this.pairNulls = s.pairNulls();
    tables = new KeyCounts.Longs[pairs.length];
    for (int p = 0; p < pairs.length; p++) {
      tables[p] = new KeyCounts.Longs(s.weighted());
    }
    dense = s.weighted() ? null : new DensePairs(pairs.length);
  }

  /**
   * Counts the pairs of a chunk from its columns' table ids.
   *
   * @param ids per column, each row's table id (−1: null)
   * @param skip rows not to count (a bad weight), or null
   */
  void count(int n, int[][] ids, ColumnCounts[] columns, double[] w, boolean[] skip) {
    for (int p = 0; p < pairs.length; p++) {
      int[] a = ids[pairs[p][0]];
      int[] b = ids[pairs[p][1]];
      if (dense != null && dense.count(p, a, b, n, columns[pairs[p][0]].table.size(),
          columns[pairs[p][1]].table.size(), pairNulls, tables[p])) {
        continue;
      }
      KeyCounts.Longs t = tables[p];
      for (int r = 0; r < n; r++) {
        if (skip != null && skip[r] || (a[r] < 0 || b[r] < 0) && !pairNulls) {
          continue;
        }
        t.add(((long) a[r] << 32) | (b[r] & 0xffffffffL), 1, w[r]);
      }
    }
  }

  /** Moves pair p's dense counts into its table (before the table is written out). */
  void settle(int p) {
    if (dense != null) {
      dense.flush(p, tables[p]);
    }
  }

  long entries() {
    long e = 0;
    for (KeyCounts t : tables) {
      e += t.size();
    }
    return e;
  }

  long bytes() {
    long b = dense == null ? 0 : dense.bytes();
    for (KeyCounts t : tables) {
      b += t.bytes();
    }
    return b;
  }
}
