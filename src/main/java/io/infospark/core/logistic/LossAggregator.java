package io.infospark.core.logistic;

import io.infospark.core.CompensatedSum;
import java.io.Serializable;

/**
 * The mergeable state of one pass: Σ w ℓ (compensated), Σ w, the gradient Σ w (p − y) a and,
 * optionally, the packed Hessian Σ w p(1 − p) a aᵀ with a = (1, x). The state obeys the merge law
 * {@code agg(A).merge(agg(B)) == agg(A ∪ B)} up to rounding. The coefficients are not part of the
 * state: they are passed to {@link #add} (in Spark, from a broadcast).
 */
public final class LossAggregator implements Serializable {
  private static final long serialVersionUID = 1L;
  /** |z| beyond which a row counts as saturated: p(1 − p) &lt; 2.1e-9. */
  static final double SATURATED_MARGIN = 20.0;

  private final int p;
  private final CompensatedSum loss = new CompensatedSum();
  private final CompensatedSum weight = new CompensatedSum();
  private double saturated;
  private long rows;
  private final double[] gradient;
  private final double[] hessian;

  /**
   * Coefficients whose rows and columns of the Hessian are kept (ascending, the intercept 0
   * first), null = all; {@code position[j]} is j's place among them, −1 when left out.
   */
  private final int[] columns;
  private final int[] position;

  /** An empty state for {@code features} features (p = features + 1 coefficients). */
  public LossAggregator(int features, boolean withHessian) {
    this(features, withHessian, null);
  }

  /**
   * An empty state whose Hessian covers only the coefficients {@code columns} (ascending, starting
   * with the intercept 0), packed in that order; null = all. The gradient covers every
   * coefficient. A path with screening asks for the Hessian of its active set only: features held
   * at their prior mean cost a gradient entry, not a row and column of the Hessian.
   */
  public LossAggregator(int features, boolean withHessian, int[] columns) {
    this.p = features + 1;
    this.gradient = new double[p];
    int q = columns == null ? p : columns.length;
    this.hessian = withHessian ? new double[q * (q + 1) / 2] : null;
    if (columns != null && columns.length == p) {
      columns = null;
    }
    this.columns = columns;
    if (columns != null) {
      if (columns.length == 0 || columns[0] != 0) {
        throw new IllegalArgumentException("Hessian columns must start with the intercept (0)");
      }
      position = new int[p];
      java.util.Arrays.fill(position, -1);
      for (int k = 0; k < columns.length; k++) {
        position[columns[k]] = k;
      }
    } else {
      position = null;
    }
  }

  /** Adds every row of a block at coefficients β (length p). */
  public LossAggregator add(DataBlock b, double[] beta) {
    return add(b, beta, 0, b.rows);
  }

  /** Adds rows {@code from} (inclusive) to {@code to} (exclusive) of a block at coefficients β. */
  public LossAggregator add(DataBlock b, double[] beta, int from, int to) {
    if (b.features != p - 1 || beta.length != p) {
      throw new IllegalArgumentException("dimension mismatch: block " + b.features + " features, beta " + beta.length);
    }
    if (from >= to) {
      return this;
    }
    if (b.dense != null && to - from >= 8 && b.features >= 8) {
      return addDenseBlock(b, beta, from, to);
    }
    double[] a = hessian == null ? null : new double[p];
    for (int i = from; i < to; i++) {
      double w = b.weights[i];
      if (w == 0.0) {
        continue;
      }
      double z = beta[0];
      if (b.dense != null) {
        int off = i * b.features;
        for (int j = 0; j < b.features; j++) {
          z += beta[j + 1] * b.dense[off + j];
        }
      } else {
        for (int k = b.rowStart[i]; k < b.rowStart[i + 1]; k++) {
          z += beta[b.columns[k] + 1] * b.values[k];
        }
      }
      double y = b.labels[i];
      double prob = LogisticLoss.sigmoid(z);
      loss.add(w * LogisticLoss.loss(z, y));
      weight.add(w);
      rows++;
      if (Math.abs(z) > SATURATED_MARGIN) {
        saturated += w;
      }
      double r = w * (prob - y);
      // p(1 − p) from σ(z)σ(−z): exact also when p is within rounding of 1.
      double c = w * prob * LogisticLoss.sigmoid(-z);
      gradient[0] += r;
      if (b.dense != null) {
        int off = i * b.features;
        for (int j = 0; j < b.features; j++) {
          gradient[j + 1] += r * b.dense[off + j];
        }
        if (hessian != null) {
          a[0] = 1.0;
          System.arraycopy(b.dense, off, a, 1, b.features);
          addRankOne(gather(a), c);
        }
      } else {
        for (int k = b.rowStart[i]; k < b.rowStart[i + 1]; k++) {
          gradient[b.columns[k] + 1] += r * b.values[k];
        }
        if (hessian != null) {
          addSparseRankOne(b, i, c);
        }
      }
    }
    return this;
  }

  /**
   * Dense rows {@code from..to} at once: margins z = Xβ and gradient Xᵀr by dgemv (the block's
   * row-major m × d array is the column-major d × m matrix Xᵀ), the Hessian's feature part by a
   * rank-4 kernel (on the kept columns only, gathered first, when the Hessian is restricted).
   */
  private LossAggregator addDenseBlock(DataBlock b, double[] beta, int from, int to) {
    int m = to - from;
    int d = b.features;
    int off = from * d;
    double[] z = new double[m];
    BLAS.dgemv("T", d, m, 1.0, b.dense, off, d, beta, 1, 1, 0.0, z, 0, 1);
    double[] r = new double[m];
    double[] c = hessian == null ? null : new double[m];
    for (int i = 0; i < m; i++) {
      double w = b.weights[from + i];
      if (w == 0.0) {
        continue;
      }
      double zi = z[i] + beta[0];
      double y = b.labels[from + i];
      double prob = LogisticLoss.sigmoid(zi);
      loss.add(w * LogisticLoss.loss(zi, y));
      weight.add(w);
      rows++;
      if (Math.abs(zi) > SATURATED_MARGIN) {
        saturated += w;
      }
      r[i] = w * (prob - y);
      gradient[0] += r[i];
      if (c != null) {
        c[i] = w * prob * LogisticLoss.sigmoid(-zi);
      }
    }
    BLAS.dgemv("N", d, m, 1.0, b.dense, off, d, r, 0, 1, 1.0, gradient, 1, 1);
    if (c != null) {
      double[] x = b.dense;
      int q = d;
      if (columns != null) {
        // the kept feature columns of these rows, row-major m × q
        q = columns.length - 1;
        x = new double[m * q];
        for (int i = 0; i < m; i++) {
          int src = off + i * d;
          int dst = i * q;
          for (int k = 0; k < q; k++) {
            x[dst + k] = b.dense[src + columns[k + 1] - 1];
          }
        }
        off = 0;
      }
      double sc = 0;
      for (int i = 0; i < m; i++) {
        sc += c[i];
      }
      hessian[0] += sc;
      if (q > 0) {
        double[] h0 = new double[q];
        BLAS.dgemv("N", q, m, 1.0, x, off, q, c, 0, 1, 0.0, h0, 0, 1);
        for (int j = 0; j < q; j++) {
          hessian[(j + 1) * (j + 2) / 2] += h0[j]; // (intercept, j + 1)
        }
        addFeatureBlockHessian(x, off, q, m, c);
      }
    }
    return this;
  }

  /**
   * Σ c_i x_i x_iᵀ into the features' part of the packed Hessian, four rows at a time: each entry
   * of H is loaded and stored once per four rows (a rank-4 update), which quarters the memory
   * traffic on H that bounds the rank-1 loop; the inner loop is contiguous and vectorisable. Four
   * columns of H share each load of the four rows' entries ({@link #addFourColumns}): half the
   * loads and stores per multiply-add, 10–15 % off a Hessian pass at 1,000 features. Every entry
   * is the same sum in the same order as one column at a time. (netlib's dsyrk was slower here:
   * JNI copies of the block, or an unvectorised Java kernel.)
   */
  private void addFeatureBlockHessian(double[] x, int off, int d, int rows, double[] c) {
    int i = 0;
    for (; i + 4 <= rows; i += 4) {
      int o0 = off + i * d;
      int o1 = o0 + d;
      int o2 = o1 + d;
      int o3 = o2 + d;
      double c0 = c[i];
      double c1 = c[i + 1];
      double c2 = c[i + 2];
      double c3 = c[i + 3];
      int j = 0;
      for (; j + 4 <= d; j += 4) {
        addFourColumns(x, o0, j, c0, c1, c2, c3, d);
      }
      for (; j < d; j++) {
        double a0 = c0 * x[o0 + j];
        double a1 = c1 * x[o1 + j];
        double a2 = c2 * x[o2 + j];
        double a3 = c3 * x[o3 + j];
        int base = (j + 1) * (j + 2) / 2 + 1; // packed (1, j + 1)
        for (int k = 0; k <= j; k++) {
          hessian[base + k] += a0 * x[o0 + k] + a1 * x[o1 + k] + a2 * x[o2 + k] + a3 * x[o3 + k];
        }
      }
    }
    for (; i < rows; i++) {
      int o = off + i * d;
      for (int j = 0; j < d; j++) {
        double a0 = c[i] * x[o + j];
        int base = (j + 1) * (j + 2) / 2 + 1;
        for (int k = 0; k <= j; k++) {
          hessian[base + k] += a0 * x[o + k];
        }
      }
    }
  }

  /**
   * Columns j … j + 3 of the rank-4 update by the rows at o0, o0 + d, o0 + 2d, o0 + 3d with
   * weights c0 … c3: their common rows 0 … j in one loop, then the small triangle below.
   */
  private void addFourColumns(double[] x, int o0, int j, double c0, double c1, double c2, double c3, int d) {
    int o1 = o0 + d;
    int o2 = o1 + d;
    int o3 = o2 + d;
    double a00 = c0 * x[o0 + j];
    double a10 = c1 * x[o1 + j];
    double a20 = c2 * x[o2 + j];
    double a30 = c3 * x[o3 + j];
    double a01 = c0 * x[o0 + j + 1];
    double a11 = c1 * x[o1 + j + 1];
    double a21 = c2 * x[o2 + j + 1];
    double a31 = c3 * x[o3 + j + 1];
    double a02 = c0 * x[o0 + j + 2];
    double a12 = c1 * x[o1 + j + 2];
    double a22 = c2 * x[o2 + j + 2];
    double a32 = c3 * x[o3 + j + 2];
    double a03 = c0 * x[o0 + j + 3];
    double a13 = c1 * x[o1 + j + 3];
    double a23 = c2 * x[o2 + j + 3];
    double a33 = c3 * x[o3 + j + 3];
    int b0 = (j + 1) * (j + 2) / 2 + 1; // packed (1, j + 1)
    int b1 = b0 + j + 2;
    int b2 = b1 + j + 3;
    int b3 = b2 + j + 4;
    for (int k = 0; k <= j; k++) {
      double x0 = x[o0 + k];
      double x1 = x[o1 + k];
      double x2 = x[o2 + k];
      double x3 = x[o3 + k];
      hessian[b0 + k] += a00 * x0 + a10 * x1 + a20 * x2 + a30 * x3;
      hessian[b1 + k] += a01 * x0 + a11 * x1 + a21 * x2 + a31 * x3;
      hessian[b2 + k] += a02 * x0 + a12 * x1 + a22 * x2 + a32 * x3;
      hessian[b3 + k] += a03 * x0 + a13 * x1 + a23 * x2 + a33 * x3;
    }
    for (int k = j + 1; k <= j + 2; k++) {
      double x0 = x[o0 + k];
      double x1 = x[o1 + k];
      double x2 = x[o2 + k];
      double x3 = x[o3 + k];
      if (k <= j + 1) {
        hessian[b1 + k] += a01 * x0 + a11 * x1 + a21 * x2 + a31 * x3;
      }
      hessian[b2 + k] += a02 * x0 + a12 * x1 + a22 * x2 + a32 * x3;
      hessian[b3 + k] += a03 * x0 + a13 * x1 + a23 * x2 + a33 * x3;
    }
    int k = j + 3;
    hessian[b3 + k] += a03 * x[o0 + k] + a13 * x[o1 + k] + a23 * x[o2 + k] + a33 * x[o3 + k];
  }

  /** netlib's pure-Java BLAS (vectorised through jdk.incubator.vector when available) for dgemv. */
  private static final dev.ludovic.netlib.blas.BLAS BLAS = dev.ludovic.netlib.blas.JavaBLAS.getInstance();

  /** a restricted to the kept Hessian columns. */
  private double[] gather(double[] a) {
    if (columns == null) {
      return a;
    }
    double[] g = new double[columns.length];
    for (int k = 0; k < g.length; k++) {
      g[k] = a[columns[k]];
    }
    return g;
  }

  /** H += c·a aᵀ on the packed upper triangle (column j holds rows 0..j). */
  private void addRankOne(double[] a, double c) {
    int base = 0;
    for (int j = 0; j < a.length; j++) {
      double cj = c * a[j];
      if (cj != 0.0) {
        for (int i = 0; i <= j; i++) {
          hessian[base + i] += cj * a[i];
        }
      }
      base += j + 1;
    }
  }

  private void addSparseRankOne(DataBlock b, int row, double c) {
    int from = b.rowStart[row];
    int to = b.rowStart[row + 1];
    hessian[0] += c; // (intercept, intercept)
    for (int k = from; k < to; k++) {
      int j = place(b.columns[k] + 1);
      if (j < 0) {
        continue;
      }
      double cj = c * b.values[k];
      int base = j * (j + 1) / 2;
      hessian[base] += cj; // (intercept, j)
      for (int m = from; m <= k; m++) {
        int i = place(b.columns[m] + 1);
        if (i >= 0) {
          hessian[base + i] += cj * b.values[m];
        }
      }
    }
  }

  private int place(int j) {
    return position == null ? j : position[j];
  }

  public LossAggregator merge(LossAggregator o) {
    loss.merge(o.loss);
    weight.merge(o.weight);
    saturated += o.saturated;
    rows += o.rows;
    for (int j = 0; j < p; j++) {
      gradient[j] += o.gradient[j];
    }
    if (hessian != null) {
      for (int k = 0; k < hessian.length; k++) {
        hessian[k] += o.hessian[k];
      }
    }
    return this;
  }

  public Eval result() {
    return new Eval(loss.value(), gradient.clone(), hessian == null ? null : hessian.clone(),
        weight.value(), rows, saturated);
  }

  /**
   * The loss along a line at several step sizes in one pass: per row the margins z₀ = a·β and
   * δ = a·d are computed once, then ℓ(z₀ + t δ) for every t (line search without extra passes).
   */
  public static final class Line implements Serializable {
    private static final long serialVersionUID = 1L;
    private final double[] steps;
    private final CompensatedSum[] sums;

    public Line(double[] steps) {
      this.steps = steps.clone();
      this.sums = new CompensatedSum[steps.length];
      for (int k = 0; k < steps.length; k++) {
        sums[k] = new CompensatedSum();
      }
    }

    public Line add(DataBlock b, double[] beta, double[] dir) {
      return add(b, beta, dir, 0, b.rows);
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) of the block. */
    public Line add(DataBlock b, double[] beta, double[] dir, int from, int to) {
      if (b.dense != null && to - from >= 8 && b.features >= 8) {
        int m = to - from;
        int d = b.features;
        double[] z = new double[m];
        double[] dz = new double[m];
        BLAS.dgemv("T", d, m, 1.0, b.dense, from * d, d, beta, 1, 1, 0.0, z, 0, 1);
        BLAS.dgemv("T", d, m, 1.0, b.dense, from * d, d, dir, 1, 1, 0.0, dz, 0, 1);
        for (int i = 0; i < m; i++) {
          double w = b.weights[from + i];
          if (w != 0.0) {
            for (int k = 0; k < steps.length; k++) {
              sums[k].add(w * LogisticLoss.loss(z[i] + beta[0] + steps[k] * (dz[i] + dir[0]), b.labels[from + i]));
            }
          }
        }
        return this;
      }
      for (int i = from; i < to; i++) {
        double w = b.weights[i];
        if (w == 0.0) {
          continue;
        }
        double z = beta[0];
        double dz = dir[0];
        if (b.dense != null) {
          int off = i * b.features;
          for (int j = 0; j < b.features; j++) {
            double x = b.dense[off + j];
            z += beta[j + 1] * x;
            dz += dir[j + 1] * x;
          }
        } else {
          for (int k = b.rowStart[i]; k < b.rowStart[i + 1]; k++) {
            z += beta[b.columns[k] + 1] * b.values[k];
            dz += dir[b.columns[k] + 1] * b.values[k];
          }
        }
        double y = b.labels[i];
        for (int k = 0; k < steps.length; k++) {
          sums[k].add(w * LogisticLoss.loss(z + steps[k] * dz, y));
        }
      }
      return this;
    }

    public Line merge(Line o) {
      for (int k = 0; k < sums.length; k++) {
        sums[k].merge(o.sums[k]);
      }
      return this;
    }

    public double[] result() {
      double[] r = new double[sums.length];
      for (int k = 0; k < r.length; k++) {
        r[k] = sums[k].value();
      }
      return r;
    }
  }
}
