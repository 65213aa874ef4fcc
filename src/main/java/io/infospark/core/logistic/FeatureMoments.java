package io.infospark.core.logistic;

import java.io.Serializable;

/**
 * Weighted moments of the features of a fit, in one pass over its blocks: Σw, Σw·y, the weighted
 * means and the centred co-moments Σ w (x − m)(x − m)ᵀ (the whole matrix when asked for, else its
 * diagonal). Mergeable: {@code of(A).merge(of(B)) == of(A ∪ B)} up to rounding.
 *
 * <p>Numerically stable: each block is centred on its own mean before its products are summed
 * (two passes over a block held in memory), and blocks merge by Chan, Golub &amp; LeVeque's update
 * C = C_a + C_b + (W_a W_b / W) δδᵀ, δ = m_b − m_a. Raw sums Σwx² − W m² would lose every digit
 * of a variance that is small next to the squared mean (a timestamp, a year); these do not, so a
 * constant feature has variance 0 up to a few ulps of its mean and an exact copy of a feature has
 * correlation 1 to ~1e-15: what {@link Identifiability} relies on.
 *
 * <p>Cost: the full matrix is d²/2 multiply-adds per row, like one Hessian pass of Newton; the
 * diagonal alone is d per row.
 */
public final class FeatureMoments implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int d;
  private final boolean cross;
  private double weight;
  private double positive;
  private long rows;
  private final double[] mean;
  /** Packed upper triangle (entry (i, j), i ≤ j, at j(j + 1)/2 + i) when {@code cross}, else the diagonal. */
  private final double[] m2;

  /**
   * @param features d, the number of features
   * @param cross whether to keep the whole co-moment matrix (else only the variances)
   */
  public FeatureMoments(int features, boolean cross) {
    this.d = features;
    this.cross = cross;
    this.mean = new double[features];
    this.m2 = new double[cross ? features * (features + 1) / 2 : features];
  }

  /** Adds the rows of one block (rows of weight 0 count for nothing). */
  public FeatureMoments add(DataBlock b) {
    if (b.features != d) {
      throw new IllegalArgumentException("block of " + b.features + " features, moments of " + d);
    }
    FeatureMoments block = new FeatureMoments(d, cross);
    double w = 0;
    double[] m = block.mean;
    double[] x = new double[d];
    for (int i = 0; i < b.rows; i++) {
      double wi = b.weights[i];
      if (wi == 0.0) {
        continue;
      }
      w += wi;
      block.positive += wi * b.labels[i];
      block.rows++;
      row(b, i, x);
      for (int j = 0; j < d; j++) {
        m[j] += wi * x[j];
      }
    }
    if (w == 0.0) {
      return this;
    }
    for (int j = 0; j < d; j++) {
      m[j] /= w;
    }
    block.weight = w;
    // second pass: products of the deviations from the block's own mean
    for (int i = 0; i < b.rows; i++) {
      double wi = b.weights[i];
      if (wi == 0.0) {
        continue;
      }
      row(b, i, x);
      for (int j = 0; j < d; j++) {
        x[j] -= m[j];
      }
      if (cross) {
        for (int j = 0; j < d; j++) {
          double wx = wi * x[j];
          if (wx != 0.0) {
            int base = j * (j + 1) / 2;
            for (int k = 0; k <= j; k++) {
              block.m2[base + k] += wx * x[k];
            }
          }
        }
      } else {
        for (int j = 0; j < d; j++) {
          block.m2[j] += wi * x[j] * x[j];
        }
      }
    }
    return merge(block);
  }

  private void row(DataBlock b, int i, double[] x) {
    if (b.dense != null) {
      System.arraycopy(b.dense, i * d, x, 0, d);
    } else {
      java.util.Arrays.fill(x, 0.0);
      for (int k = b.rowStart[i]; k < b.rowStart[i + 1]; k++) {
        x[b.columns[k]] = b.values[k];
      }
    }
  }

  /** Adds {@code o} into this state (Chan et al.'s pairwise update) and returns this. */
  public FeatureMoments merge(FeatureMoments o) {
    if (o.d != d || o.cross != cross) {
      throw new IllegalArgumentException("moments of different shapes");
    }
    if (o.weight == 0.0) {
      rows += o.rows;
      return this;
    }
    if (weight == 0.0) {
      System.arraycopy(o.mean, 0, mean, 0, d);
      System.arraycopy(o.m2, 0, m2, 0, m2.length);
      weight = o.weight;
      positive += o.positive;
      rows += o.rows;
      return this;
    }
    double w = weight + o.weight;
    double f = weight * o.weight / w;
    double[] delta = new double[d];
    for (int j = 0; j < d; j++) {
      delta[j] = o.mean[j] - mean[j];
    }
    if (cross) {
      for (int j = 0; j < d; j++) {
        int base = j * (j + 1) / 2;
        for (int k = 0; k <= j; k++) {
          m2[base + k] += o.m2[base + k] + f * delta[j] * delta[k];
        }
      }
    } else {
      for (int j = 0; j < d; j++) {
        m2[j] += o.m2[j] + f * delta[j] * delta[j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] += delta[j] * (o.weight / w);
    }
    weight = w;
    positive += o.positive;
    rows += o.rows;
    return this;
  }

  public int features() {
    return d;
  }

  /** Whether the whole co-moment matrix is kept (see {@link #covariance}). */
  public boolean hasCovariance() {
    return cross;
  }

  /** Σ w over rows of positive weight. */
  public double weight() {
    return weight;
  }

  /** Σ w y: the weight of the positive class. */
  public double positiveWeight() {
    return positive;
  }

  /** Rows of positive weight. */
  public long rows() {
    return rows;
  }

  /** Weighted means (a copy). */
  public double[] means() {
    return mean.clone();
  }

  /** Weighted (population) variances Σ w (x − m)² / Σw. */
  public double[] variances() {
    double[] v = new double[d];
    for (int j = 0; j < d; j++) {
      double c = cross ? m2[j * (j + 1) / 2 + j] : m2[j];
      v[j] = weight > 0 ? Math.max(0.0, c / weight) : 0.0;
    }
    return v;
  }

  /** The weighted covariance matrix Σ w (x − m)(x − m)ᵀ / Σw (d × d). */
  public double[][] covariance() {
    if (!cross) {
      throw new IllegalStateException("moments kept without the cross products");
    }
    double[][] c = new double[d][d];
    for (int j = 0; j < d; j++) {
      int base = j * (j + 1) / 2;
      for (int k = 0; k <= j; k++) {
        double v = weight > 0 ? m2[base + k] / weight : 0.0;
        c[j][k] = v;
        c[k][j] = v;
      }
    }
    return c;
  }
}
