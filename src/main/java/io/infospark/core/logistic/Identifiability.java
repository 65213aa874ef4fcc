package io.infospark.core.logistic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which coefficients the data cannot determine. The likelihood depends on β only through the
 * margins β₀ + x·β, so it is flat along every direction v with v₀ + x_i·v = 0 on all rows of
 * positive weight: a constant feature (v moves its coefficient against the intercept) or a feature
 * that is an exact linear combination of others (a copy, a sum). Along such a direction J is
 * strictly convex only through the priors: if every coefficient the direction moves has a flat
 * prior the optimum is not unique (maximum likelihood cannot be identified); otherwise the prior
 * alone decides where along it the optimum lies.
 *
 * <p>Found from the weighted centred covariance of the features ({@link FeatureMoments}), so the
 * intercept is accounted for exactly: a feature is constant when its standard deviation is at most
 * 1e-10 of its mean's magnitude (or 0); otherwise the features' correlation matrix is factorised
 * by Cholesky, flat-prior features first, then the others, each in feature order; a feature whose
 * part not explained by the earlier ones has relative variance ≤ {@value #TOLERANCE} (R² of the
 * earlier features > 1 − 1e-11) is an exact combination of them. Flat features first makes the
 * test exact in the priors: the flat coefficients (with the intercept) are dependent among
 * themselves iff a direction of constant likelihood moves flat coefficients only. The intercept
 * counts as flat here even when it has a prior (a conservative answer for that rare case).
 */
public final class Identifiability {
  /** Relative residual variance at or below which a feature counts as a combination of earlier ones. */
  public static final double TOLERANCE = 1e-11;
  /** |sd / mean| at or below which a feature counts as constant. */
  static final double CONSTANT = 1e-10;

  private Identifiability() {}

  /**
   * One direction the data cannot see: {@code feature} (a coefficient index ≥ 1) is constant or
   * equals Σ coefficient_k · x_k + constant over {@code others} (coefficient indices, in the
   * original units of the features).
   */
  public record Dependency(int feature, boolean constant, double value, int[] others, double[] weights,
      boolean determinedByPrior) {

    /** E.g. {@code 'x3' = 1·'x1' + 2·'x2' − 0.5} or {@code 'c' is constant (3.5)}. */
    public String describe(String[] names) {
      if (constant) {
        return "'" + names[feature] + "' is constant (" + num(value) + " on every row)";
      }
      StringBuilder b = new StringBuilder("'" + names[feature] + "' = ");
      for (int k = 0; k < others.length; k++) {
        double w = weights[k];
        b.append(k == 0 ? (w < 0 ? "-" : "") : (w < 0 ? " - " : " + "));
        b.append(num(Math.abs(w))).append("·'").append(names[others[k]]).append("'");
      }
      if (others.length == 0) {
        b.append("0");
      }
      if (value != 0.0) {
        b.append(value < 0 ? " - " : " + ").append(num(Math.abs(value)));
      }
      return b.toString();
    }

    private static String num(double v) {
      return String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.?0+(e|$)", "$1");
    }
  }

  /**
   * @param m moments of the fit's rows; without the full covariance only constant features are found
   * @param priors one per coefficient, index 0 the intercept
   * @return the dependencies, flat ones (not identifiable) and prior-determined ones in one list
   */
  public static List<Dependency> find(FeatureMoments m, Prior[] priors) {
    int d = m.features();
    double[] mean = m.means();
    double[] var = m.variances();
    List<Dependency> out = new ArrayList<>();
    boolean[] constant = new boolean[d];
    for (int j = 0; j < d; j++) {
      double sd = Math.sqrt(var[j]);
      if (sd == 0.0 || sd <= CONSTANT * Math.abs(mean[j])) {
        constant[j] = true;
        out.add(new Dependency(j + 1, true, mean[j], new int[0], new double[0], !priors[j + 1].isFlat()));
      }
    }
    if (!m.hasCovariance()) {
      return out;
    }
    double[][] c = m.covariance();
    List<Integer> order = new ArrayList<>();
    for (int pass = 0; pass < 2; pass++) {
      for (int j = 0; j < d; j++) {
        if (!constant[j] && priors[j + 1].isFlat() == (pass == 0)) {
          order.add(j);
        }
      }
    }
    // Cholesky of the correlation matrix, in that order, over the retained (independent) features.
    int n = order.size();
    double[][] l = new double[n][n];
    int[] kept = new int[n];
    int r = 0;
    for (int j : order) {
      double[] row = new double[r];
      double sj = Math.sqrt(var[j]);
      for (int a = 0; a < r; a++) {
        int k = kept[a];
        double s = c[j][k] / (sj * Math.sqrt(var[k]));
        for (int b = 0; b < a; b++) {
          s -= row[b] * l[a][b];
        }
        row[a] = s / l[a][a];
      }
      double resid = 1.0;
      for (int a = 0; a < r; a++) {
        resid -= row[a] * row[a];
      }
      if (resid <= TOLERANCE) {
        out.add(combination(j, row, l, kept, r, mean, var, !priors[j + 1].isFlat()));
      } else {
        System.arraycopy(row, 0, l[r], 0, r);
        l[r][r] = Math.sqrt(resid);
        kept[r++] = j;
      }
    }
    return out;
  }

  /**
   * Feature j in terms of the retained ones: z_j = Σ γ_a z_a in standardised units solves
   * Lᵀγ = row (row = L⁻¹ R_Sj); back in original units x_j = Σ γ_a (s_j / s_a) x_a + constant.
   */
  private static Dependency combination(int j, double[] row, double[][] l, int[] kept, int r, double[] mean,
      double[] var, boolean prior) {
    double[] g = DenseMatrix.solveTransposed(l, row, r);
    double sj = Math.sqrt(var[j]);
    double constant = mean[j];
    java.util.TreeMap<Integer, Double> terms = new java.util.TreeMap<>(); // in feature order
    for (int a = 0; a < r; a++) {
      if (Math.abs(g[a]) > 1e-9) {
        int k = kept[a];
        double wk = g[a] * sj / Math.sqrt(var[k]);
        terms.put(k + 1, wk);
        constant -= wk * mean[k];
      }
    }
    if (Math.abs(constant) <= 1e-12 * Math.max(1.0, Math.abs(mean[j]))) {
      constant = 0.0;
    }
    return new Dependency(j + 1, false, constant, terms.keySet().stream().mapToInt(Integer::intValue).toArray(),
        terms.values().stream().mapToDouble(Double::doubleValue).toArray(), prior);
  }
}
