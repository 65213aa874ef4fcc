package io.infospark.core.logistic;

import java.io.Serializable;

/**
 * One pass that tests candidate separating directions d (length p, index 0 the intercept). For
 * every row with positive weight and every candidate, s = (2y − 1)·(d₀ + x·d) is compared with the
 * rounding scale of its own sum, c = |d₀| + Σ_j |x_j d_j|: s &gt; τc counts the row as strictly on
 * its class's side, |s| ≤ τc as on the hyperplane, s &lt; −τc as on the wrong side (τ =
 * {@link #TOLERANCE}, far above the rounding error of the sum, far below any real margin).
 *
 * <p>A candidate with no row on the wrong side and at least one strictly on its side proves that
 * the data are separated (Albert &amp; Anderson 1984): completely when no row is on the hyperplane,
 * quasi-completely otherwise; then the likelihood strictly increases along d from every β and the
 * maximum-likelihood estimate does not exist.
 *
 * <p>Optionally also the Gram matrix Σ a aᵀ (a = (1, x), packed upper triangle) of the rows on
 * the wrong side of candidate 0's hyperplane or within {@code near}·c of it: for an inexact
 * candidate (from diverging iterates) these are the rows that an exact separating direction must
 * put on its hyperplane, so it is orthogonal to their span.
 */
public final class SeparationCheck implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Relative tolerance of the sign test. */
  public static final double TOLERANCE = 1e-10;
  /**
   * Rows with s &lt; −{@code CLEAR} are clearly on the wrong side, for directions scaled so that their
   * largest coordinate in standard units (|d_j| times the feature's standard deviation) is 1: the
   * margin is then in units of one standard deviation of the dominant feature. (Relative to the
   * row's own scale c it would not do: c grows like p, the margins of a fitted model like √p.)
   */
  public static final double CLEAR = 0.1;

  private final double near;
  private final int p;
  private final long[] strict;
  private final long[] boundary;
  private final long[] wrong;
  private final long[] clearlyWrong;
  private final double[] gram;

  /**
   * An empty state. The candidates are not part of it: they are passed to {@link #add} (in Spark,
   * from a broadcast).
   *
   * @param candidates the number of candidate directions
   * @param p their length (features + 1)
   * @param near relative margin along candidate 0 below which rows (also all on the wrong side)
   *     enter the Gram matrix; 0 for no Gram matrix
   */
  public SeparationCheck(int candidates, int p, double near) {
    this.near = near;
    this.p = p;
    int k = candidates;
    strict = new long[k];
    boundary = new long[k];
    wrong = new long[k];
    clearlyWrong = new long[k];
    gram = near > 0 ? new double[p * (p + 1) / 2] : null;
  }

  /** Adds every row of a block, for the candidates {@code directions} (each of length p). */
  public SeparationCheck add(DataBlock b, double[][] directions) {
    if (b.features != p - 1 || directions.length != strict.length) {
      throw new IllegalArgumentException("dimension mismatch: block " + b.features + " features, " + directions.length
          + " directions for " + strict.length);
    }
    double[] a = gram == null ? null : new double[p];
    int k = directions.length;
    double[] l1 = new double[k]; // Σ_j≥1 |d_j|: with max_j |x_j| it bounds the scale c from above
    for (int c = 0; c < k; c++) {
      for (int j = 1; j < p; j++) {
        l1[c] += Math.abs(directions[c][j]);
      }
    }
    for (int i = 0; i < b.rows; i++) {
      if (!(b.weights[i] > 0)) {
        continue;
      }
      double sign = b.labels[i] > 0.5 ? 1.0 : -1.0;
      int off = i * b.features;
      double maxAbs = 0;
      if (b.dense != null) {
        for (int j = 0; j < b.features; j++) {
          maxAbs = Math.max(maxAbs, Math.abs(b.dense[off + j]));
        }
      }
      for (int c = 0; c < k; c++) {
        double[] d = directions[c];
        double s;
        double scale;
        if (b.dense != null) {
          // The margin by a vectorised dot product; the scale c only where the sign test needs it
          // (|s| below τ times an upper bound of c), which is rare.
          s = sign * (d[0] + BLAS.ddot(b.features, b.dense, off, 1, d, 1, 1));
          double bound = Math.abs(d[0]) + maxAbs * l1[c];
          boolean needScale = Math.abs(s) <= TOLERANCE * bound || (c == 0 && gram != null && s > 0 && s <= near * bound);
          scale = needScale ? denseScale(b, off, d) : bound;
        } else {
          double z = d[0];
          scale = Math.abs(d[0]);
          for (int q = b.rowStart[i]; q < b.rowStart[i + 1]; q++) {
            double t = b.values[q] * d[b.columns[q] + 1];
            z += t;
            scale += Math.abs(t);
          }
          s = sign * z;
        }
        if (s > TOLERANCE * scale) {
          strict[c]++;
        } else if (s >= -TOLERANCE * scale) {
          boundary[c]++;
        } else {
          wrong[c]++;
          if (s < -CLEAR) {
            clearlyWrong[c]++;
          }
        }
        if (c == 0 && gram != null && s <= near * scale) {
          addToGram(b, i, a);
        }
      }
    }
    return this;
  }

  private static double denseScale(DataBlock b, int off, double[] d) {
    double scale = Math.abs(d[0]);
    for (int j = 0; j < b.features; j++) {
      scale += Math.abs(b.dense[off + j] * d[j + 1]);
    }
    return scale;
  }

  private static final dev.ludovic.netlib.blas.BLAS BLAS = dev.ludovic.netlib.blas.JavaBLAS.getInstance();

  private void addToGram(DataBlock b, int i, double[] a) {
    java.util.Arrays.fill(a, 0.0);
    a[0] = 1.0;
    if (b.dense != null) {
      System.arraycopy(b.dense, i * b.features, a, 1, b.features);
    } else {
      for (int k = b.rowStart[i]; k < b.rowStart[i + 1]; k++) {
        a[b.columns[k] + 1] = b.values[k];
      }
    }
    int base = 0;
    for (int j = 0; j < p; j++) {
      if (a[j] != 0.0) {
        for (int m = 0; m <= j; m++) {
          gram[base + m] += a[j] * a[m];
        }
      }
      base += j + 1;
    }
  }

  public SeparationCheck merge(SeparationCheck o) {
    for (int c = 0; c < strict.length; c++) {
      strict[c] += o.strict[c];
      boundary[c] += o.boundary[c];
      wrong[c] += o.wrong[c];
      clearlyWrong[c] += o.clearlyWrong[c];
    }
    if (gram != null) {
      for (int k = 0; k < gram.length; k++) {
        gram[k] += o.gram[k];
      }
    }
    return this;
  }

  public Result result() {
    return new Result(strict.clone(), boundary.clone(), wrong.clone(), clearlyWrong.clone(), gram == null ? null : gram.clone());
  }

  /**
   * Per candidate: rows strictly on their class's side, on the hyperplane, on the wrong side, and
   * beyond −{@link #CLEAR} on the wrong side; and the packed Gram matrix of the rows
   * near or beyond candidate 0's hyperplane (null when not asked for).
   */
  public record Result(long[] strict, long[] boundary, long[] wrong, long[] clearlyWrong, double[] gram) {
    /** Candidate c proves (quasi-)complete separation. */
    public boolean separates(int c) {
      return wrong[c] == 0 && strict[c] > 0;
    }

    /** Candidate c misses only by rows close to its hyperplane: an inexact separating direction, maybe. */
    public boolean nearMiss(int c) {
      return clearlyWrong[c] == 0 && strict[c] > 0;
    }
  }
}
