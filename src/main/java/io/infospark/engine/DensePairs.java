package io.infospark.engine;

/**
 * Dense count matrices of pairs of low-cardinality columns (unweighted): a pair's row is counted
 * by an array increment at (id of x + 1, id of y + 1) instead of a hash lookup (0 stands for null).
 * A matrix grows with the columns' tables up to {@link #MAX_CELLS}; a pair whose keys outgrow it
 * counts in its hash table for the rest of the task. Before output, a matrix is moved into the
 * pair's hash table ({@link #flush}).
 */
final class DensePairs {
  /** The most cells of a pair's matrix (2 MB); larger pairs count in their hash table. */
  static final int MAX_CELLS = 1 << 18;

  private final long[][] matrix;
  private final int[] shift;
  private final int[] rows;
  /** Per pair: its keys outgrew a matrix in this task; it counts in its hash table. */
  private final boolean[] hashOnly;

  DensePairs(int pairs) {
    matrix = new long[pairs][];
    shift = new int[pairs];
    rows = new int[pairs];
    hashOnly = new boolean[pairs];
  }

  /**
   * Counts pair p's rows of a chunk (ids −1: null) in its matrix, grown to the current sizes of
   * the two columns' tables. False when the pair is (or just became) hash-only: the caller counts
   * it in the hash table, into which the matrix was just moved.
   */
  boolean count(int p, int[] a, int[] b, int n, int sizeX, int sizeY, boolean pairNulls, KeyCounts.Longs table) {
    if (hashOnly[p]) {
      return false;
    }
    int needRows = sizeX + 1;
    int needCols = sizeY + 1;
    if (matrix[p] == null || needRows > rows[p] || needCols > 1 << shift[p]) {
      int newRows = Integer.highestOneBit(Math.max(needRows, 4) - 1) << 1;
      int newShift = 32 - Integer.numberOfLeadingZeros(Math.max(needCols, 4) - 1);
      if ((long) newRows << newShift > MAX_CELLS) {
        flush(p, table);
        matrix[p] = null;
        hashOnly[p] = true;
        return false;
      }
      long[] grown = new long[newRows << newShift];
      long[] old = matrix[p];
      if (old != null) {
        int oldShift = shift[p];
        for (int cell = 0; cell < old.length; cell++) {
          if (old[cell] != 0) {
            grown[((cell >>> oldShift) << newShift) | (cell & ((1 << oldShift) - 1))] = old[cell];
          }
        }
      }
      matrix[p] = grown;
      shift[p] = newShift;
      rows[p] = newRows;
    }
    long[] m = matrix[p];
    int s = shift[p];
    for (int r = 0; r < n; r++) {
      if ((a[r] < 0 || b[r] < 0) && !pairNulls) {
        continue;
      }
      m[((a[r] + 1) << s) | (b[r] + 1)]++;
    }
    return true;
  }

  /** Moves pair p's counts into its hash table (ids −1 stand for null) and zeroes them. */
  void flush(int p, KeyCounts.Longs table) {
    long[] m = matrix[p];
    if (m == null) {
      return;
    }
    int s = shift[p];
    for (int cell = 0; cell < m.length; cell++) {
      if (m[cell] != 0) {
        long a = (cell >>> s) - 1;
        long b = (cell & ((1 << s) - 1)) - 1;
        table.add((a << 32) | (b & 0xffffffffL), m[cell], m[cell]);
        m[cell] = 0;
      }
    }
  }

  long bytes() {
    long b = 0;
    for (long[] m : matrix) {
      b += m == null ? 0 : 8L * m.length;
    }
    return b;
  }
}
