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

  /** An empty state for {@code features} features (p = features + 1 coefficients). */
  public LossAggregator(int features, boolean withHessian) {
    this.p = features + 1;
    this.gradient = new double[p];
    this.hessian = withHessian ? new double[p * (p + 1) / 2] : null;
  }

  /** Adds every row of a block at coefficients β (length p). */
  public LossAggregator add(DataBlock b, double[] beta) {
    if (b.features != p - 1 || beta.length != p) {
      throw new IllegalArgumentException("dimension mismatch: block " + b.features + " features, beta " + beta.length);
    }
    if (b.dense != null && b.rows >= 8 && b.features >= 8) {
      return addDenseBlock(b, beta);
    }
    double[] a = hessian == null ? null : new double[p];
    for (int i = 0; i < b.rows; i++) {
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
          addRankOne(a, c);
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
   * A dense block at once: margins z = Xβ and gradient Xᵀr by dgemv (the block's row-major m × d
   * array is the column-major d × m matrix Xᵀ), the Hessian's feature part by a rank-4 kernel.
   */
  private LossAggregator addDenseBlock(DataBlock b, double[] beta) {
    int m = b.rows;
    int d = b.features;
    double[] z = new double[m];
    BLAS.dgemv("T", d, m, 1.0, b.dense, 0, d, beta, 1, 1, 0.0, z, 0, 1);
    double[] r = new double[m];
    double[] c = hessian == null ? null : new double[m];
    for (int i = 0; i < m; i++) {
      double w = b.weights[i];
      if (w == 0.0) {
        continue;
      }
      double zi = z[i] + beta[0];
      double y = b.labels[i];
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
    BLAS.dgemv("N", d, m, 1.0, b.dense, 0, d, r, 0, 1, 1.0, gradient, 1, 1);
    if (c != null) {
      double sc = 0;
      for (int i = 0; i < m; i++) {
        sc += c[i];
      }
      hessian[0] += sc;
      double[] h0 = new double[d];
      BLAS.dgemv("N", d, m, 1.0, b.dense, 0, d, c, 0, 1, 0.0, h0, 0, 1);
      for (int j = 0; j < d; j++) {
        hessian[(j + 1) * (j + 2) / 2] += h0[j]; // (intercept, j + 1)
      }
      addFeatureBlockHessian(b, c);
    }
    return this;
  }

  /**
   * Σ c_i x_i x_iᵀ into the features' part of the packed Hessian, four rows at a time: each entry
   * of H is loaded and stored once per four rows (a rank-4 update), which quarters the memory
   * traffic on H that bounds the rank-1 loop; the inner loop is contiguous and vectorisable.
   * (netlib's dsyrk was slower here: JNI copies of the block, or an unvectorised Java kernel.)
   */
  private void addFeatureBlockHessian(DataBlock b, double[] c) {
    int d = b.features;
    double[] x = b.dense;
    int i = 0;
    for (; i + 4 <= b.rows; i += 4) {
      int o0 = i * d;
      int o1 = o0 + d;
      int o2 = o1 + d;
      int o3 = o2 + d;
      double c0 = c[i];
      double c1 = c[i + 1];
      double c2 = c[i + 2];
      double c3 = c[i + 3];
      for (int j = 0; j < d; j++) {
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
    for (; i < b.rows; i++) {
      int o = i * d;
      for (int j = 0; j < d; j++) {
        double a0 = c[i] * x[o + j];
        int base = (j + 1) * (j + 2) / 2 + 1;
        for (int k = 0; k <= j; k++) {
          hessian[base + k] += a0 * x[o + k];
        }
      }
    }
  }

  /** netlib's pure-Java BLAS (vectorised through jdk.incubator.vector when available) for dgemv. */
  private static final dev.ludovic.netlib.blas.BLAS BLAS = dev.ludovic.netlib.blas.JavaBLAS.getInstance();

  /** H += c·a aᵀ on the packed upper triangle (column j holds rows 0..j). */
  private void addRankOne(double[] a, double c) {
    int base = 0;
    for (int j = 0; j < p; j++) {
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
      int j = b.columns[k] + 1;
      double cj = c * b.values[k];
      int base = j * (j + 1) / 2;
      hessian[base] += cj; // (intercept, j)
      for (int m = from; m <= k; m++) {
        hessian[base + b.columns[m] + 1] += cj * b.values[m];
      }
    }
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
      if (b.dense != null && b.rows >= 8 && b.features >= 8) {
        int m = b.rows;
        int d = b.features;
        double[] z = new double[m];
        double[] dz = new double[m];
        BLAS.dgemv("T", d, m, 1.0, b.dense, 0, d, beta, 1, 1, 0.0, z, 0, 1);
        BLAS.dgemv("T", d, m, 1.0, b.dense, 0, d, dir, 1, 1, 0.0, dz, 0, 1);
        for (int i = 0; i < m; i++) {
          double w = b.weights[i];
          if (w != 0.0) {
            for (int k = 0; k < steps.length; k++) {
              sums[k].add(w * LogisticLoss.loss(z[i] + beta[0] + steps[k] * (dz[i] + dir[0]), b.labels[i]));
            }
          }
        }
        return this;
      }
      for (int i = 0; i < b.rows; i++) {
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
