package io.infospark.core.logistic;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A block of rows (x_i, y_i, w_i) stored contiguously: dense row-major values, or compressed
 * sparse rows when fewer than half the entries are non-zero. Blocks are what the Spark layer
 * caches (a few thousand rows each), so that one pass touches flat arrays, not row objects.
 */
public final class DataBlock implements Serializable {
  private static final long serialVersionUID = 1L;
  final int rows;
  final int features;
  final double[] labels;
  final double[] weights;
  /** Dense: rows × features row-major; null when sparse. */
  final double[] dense;
  /** Sparse (CSR): row i has entries rowStart[i] until rowStart[i + 1]. */
  final int[] rowStart;
  final int[] columns;
  final double[] values;
  /**
   * With cross-validation folds: the rows are sorted by fold and fold k holds rows
   * {@code foldStart[k]} until {@code foldStart[k + 1]} (length K + 1); null without folds.
   */
  final int[] foldStart;

  private DataBlock(int rows, int features, double[] labels, double[] weights, double[] dense,
      int[] rowStart, int[] columns, double[] values) {
    this(rows, features, labels, weights, dense, rowStart, columns, values, null);
  }

  private DataBlock(int rows, int features, double[] labels, double[] weights, double[] dense,
      int[] rowStart, int[] columns, double[] values, int[] foldStart) {
    this.foldStart = foldStart;
    this.rows = rows;
    this.features = features;
    this.labels = labels;
    this.weights = weights;
    this.dense = dense;
    this.rowStart = rowStart;
    this.columns = columns;
    this.values = values;
  }

  public int rows() {
    return rows;
  }

  public int features() {
    return features;
  }

  public boolean isSparse() {
    return dense == null;
  }

  /** The number of folds the rows are sorted into, 0 without folds. */
  public int folds() {
    return foldStart == null ? 0 : foldStart.length - 1;
  }

  /** The rows (sorted by fold) of fold k: from {@code foldStart(k)} until {@code foldStart(k + 1)}. */
  public int foldStart(int k) {
    return foldStart[k];
  }

  /** This block without the rows of fold k (for the rare checks that read one training set alone). */
  public DataBlock withoutFold(int k) {
    int from = foldStart[k];
    int to = foldStart[k + 1];
    Builder b = new Builder(features, rows - (to - from));
    double[] x = new double[features];
    for (int i = 0; i < rows; i++) {
      if (i >= from && i < to) {
        continue;
      }
      java.util.Arrays.fill(x, 0.0);
      if (dense != null) {
        System.arraycopy(dense, i * features, x, 0, features);
      } else {
        for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
          x[columns[e]] = values[e];
        }
      }
      b.addDense(x, labels[i], weights[i]);
    }
    return b.build();
  }

  /** Σ w_i. */
  public double weightSum() {
    double s = 0;
    for (double w : weights) {
      s += w;
    }
    return s;
  }

  /** Σ w_i y_i: the weight of the positive class. */
  public double positiveWeight() {
    double s = 0;
    for (int i = 0; i < rows; i++) {
      s += weights[i] * labels[i];
    }
    return s;
  }

  /** A dense block from row-major values (copied). */
  public static DataBlock dense(int features, double[][] x, double[] y, double[] w) {
    Builder b = new Builder(features, x.length);
    for (int i = 0; i < x.length; i++) {
      b.addDense(x[i], y[i], w == null ? 1.0 : w[i]);
    }
    return b.build();
  }

  /** Collects rows, then stores them dense or sparse, whichever is smaller. */
  public static final class Builder {
    private final int features;
    private int rows;
    private double[] labels;
    private double[] weights;
    private int[] rowStart;
    private int[] columns;
    private double[] values;
    private int nnz;
    private int[] fold;

    public Builder(int features, int expectedRows) {
      this.features = features;
      int n = Math.max(1, expectedRows);
      labels = new double[n];
      weights = new double[n];
      rowStart = new int[n + 1];
      columns = new int[Math.max(4, n * Math.min(features, 16))];
      values = new double[columns.length];
    }

    public int rows() {
      return rows;
    }

    /** Adds a dense row (zeros are not stored). */
    public Builder addDense(double[] x, double y, double w) {
      ensureRow();
      for (int j = 0; j < features; j++) {
        if (x[j] != 0.0) {
          put(j, x[j]);
        }
      }
      return finishRow(y, w);
    }

    /** Adds a sparse row: {@code n} entries of strictly increasing indices. */
    public Builder addSparse(int[] idx, double[] val, int n, double y, double w) {
      ensureRow();
      for (int k = 0; k < n; k++) {
        if (val[k] != 0.0) {
          put(idx[k], val[k]);
        }
      }
      return finishRow(y, w);
    }

    private void ensureRow() {
      if (rows == labels.length) {
        int n = labels.length * 2;
        labels = Arrays.copyOf(labels, n);
        weights = Arrays.copyOf(weights, n);
        rowStart = Arrays.copyOf(rowStart, n + 1);
      }
    }

    private void put(int j, double v) {
      if (nnz == columns.length) {
        columns = Arrays.copyOf(columns, columns.length * 2);
        values = Arrays.copyOf(values, values.length * 2);
      }
      columns[nnz] = j;
      values[nnz++] = v;
    }

    /** Adds a sparse row that belongs to cross-validation fold {@code k} (see {@link #build(int)}). */
    public Builder addSparse(int[] idx, double[] val, int n, double y, double w, int k) {
      ensureRow();
      if (fold == null) {
        fold = new int[labels.length];
      } else if (fold.length < labels.length) {
        fold = Arrays.copyOf(fold, labels.length);
      }
      fold[rows] = k;
      return addSparse(idx, val, n, y, w);
    }

    private Builder finishRow(double y, double w) {
      labels[rows] = y;
      weights[rows] = w;
      rows++;
      rowStart[rows] = nnz;
      return this;
    }

    /**
     * The block with its rows sorted by fold (stable), every row added with its fold in
     * 0 … folds − 1: the fold-stacked passes of cross-validation read fold k as one row range.
     */
    public DataBlock build(int folds) {
      if (fold == null && rows > 0) {
        throw new IllegalStateException("rows were added without their fold");
      }
      int[] start = new int[folds + 1];
      for (int i = 0; i < rows; i++) {
        start[fold[i] + 1]++;
      }
      for (int k = 0; k < folds; k++) {
        start[k + 1] += start[k];
      }
      int[] next = start.clone();
      int[] order = new int[rows];
      for (int i = 0; i < rows; i++) {
        order[next[fold[i]]++] = i;
      }
      Builder sorted = new Builder(features, rows);
      int[] idx = new int[features];
      double[] val = new double[features];
      for (int r : order) {
        int n = 0;
        for (int e = rowStart[r]; e < rowStart[r + 1]; e++) {
          idx[n] = columns[e];
          val[n++] = values[e];
        }
        sorted.addSparse(idx, val, n, labels[r], weights[r]);
      }
      DataBlock b = sorted.build();
      return new DataBlock(b.rows, b.features, b.labels, b.weights, b.dense, b.rowStart, b.columns, b.values, start);
    }

    public DataBlock build() {
      double[] y = Arrays.copyOf(labels, rows);
      double[] w = Arrays.copyOf(weights, rows);
      if (2L * nnz >= (long) rows * features) {
        double[] d = new double[rows * features];
        for (int i = 0; i < rows; i++) {
          for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
            d[i * features + columns[k]] = values[k];
          }
        }
        return new DataBlock(rows, features, y, w, d, null, null, null);
      }
      return new DataBlock(rows, features, y, w, null, Arrays.copyOf(rowStart, rows + 1),
          Arrays.copyOf(columns, nnz), Arrays.copyOf(values, nnz));
    }
  }
}
