package io.infospark.core.logistic;

/**
 * Where the optimisers start when the caller gives no point. Two candidates:
 *
 * <ul>
 *   <li>Z, the intercept-only fit: every slope 0, β₀ = logit(Σwy / Σw) (the MLE of the intercept
 *       when the slopes are 0);
 *   <li>P, the prior means: β_j = μ_j, with the intercept from the label mean given that offset,
 *       β₀ = logit(Σwy / Σw) − Σ_j μ_j m_j (m_j the feature means), so that the mean margin is the
 *       log-odds of the label mean. Starting at the prior means with β₀ = 0 instead puts every
 *       margin off by Σ μ_j m_j — thousands for a refit whose means are the last model's estimates
 *       on unscaled features — where every row is saturated, the Hessian is nearly singular, and
 *       Newton's first step is useless.
 * </ul>
 *
 * P is only a candidate when some slope has a prior mean other than 0 (else it is Z). J is then
 * evaluated on the segment from Z to P in one pass, and the best point is the start: P for a
 * refit from yesterday's model (its means are nearly the optimum), Z or a point near it when the
 * prior means are far from anything the data support. A caller with a better point (a warm start,
 * the previous fit of a path) passes it to {@link LogisticSolver#minimize} instead.
 */
final class StartPoint {
  private StartPoint() {}

  /** Where J is evaluated on the segment Z + t (P − Z). */
  static final double[] SEGMENT = {0, 1.0 / 1024, 1.0 / 256, 1.0 / 64, 1.0 / 16, 1.0 / 8, 1.0 / 4, 1.0 / 2, 3.0 / 4, 1};
  /** Class shares are clipped to [1e-12, 1 − 1e-12] for the log-odds. */
  private static final double SHARE_CLIP = 1e-12;

  /** Z, and P (null when it equals Z), in original units; {@code passes} spent finding them. */
  record Candidates(double[] zero, double[] priorMeans, int passes) {}

  static Candidates of(Objective objective, Prior[] priors, FeatureMoments moments) {
    int p = priors.length;
    boolean means = false;
    for (int j = 1; j < p; j++) {
      means |= priors[j].mean() != 0.0;
    }
    double w;
    double positive;
    double[] m;
    int passes = 0;
    if (moments != null) {
      w = moments.weight();
      positive = moments.positiveWeight();
      m = moments.means();
    } else if (means) {
      // One pass at β = 0, where p = ½: ∂L/∂β₀ = Σw(½ − y) and ∂²L/∂β₀∂β_j = ¼ Σ w x_j.
      Eval e = objective.evaluate(new double[p], true);
      passes = 1;
      w = e.weight();
      positive = w / 2 - e.gradient()[0];
      m = new double[p - 1];
      for (int j = 1; j < p; j++) {
        m[j - 1] = w > 0 ? 4 * e.hessian()[Eval.packedIndex(0, j)] / w : 0.0;
      }
    } else {
      return new Candidates(new double[p], null, 0); // β = 0: Newton finds the intercept in a step
    }
    double share = w > 0 ? Math.min(1 - SHARE_CLIP, Math.max(SHARE_CLIP, positive / w)) : 0.5;
    double logit = Math.log(share / (1 - share));
    double[] zero = new double[p];
    zero[0] = logit;
    if (!means) {
      return new Candidates(zero, null, passes);
    }
    double[] at = new double[p];
    at[0] = logit;
    for (int j = 1; j < p; j++) {
      at[j] = priors[j].mean();
      at[0] -= at[j] * m[j - 1];
    }
    return new Candidates(zero, at, passes);
  }

  /**
   * The point of the segment from {@code a} to {@code b} (in the problem's units) with the least
   * J among {@link #SEGMENT}: one pass. Falls back to {@code a} when J is not finite anywhere.
   */
  static double[] along(Problem pr, double[] a, double[] b) {
    double[] d = new double[pr.p];
    for (int j = 0; j < pr.p; j++) {
      d[j] = b[j] - a[j];
    }
    double[] losses = pr.lossAt(a, d, SEGMENT);
    int best = 0;
    double fBest = Double.NaN;
    for (int k = 0; k < SEGMENT.length; k++) {
      double f = losses[k] + pr.penalty(NewtonMethods.axpy(a, SEGMENT[k], d));
      if (Double.isFinite(f) && !(f >= fBest)) {
        best = k;
        fBest = f;
      }
    }
    if (Problem.LOG.isInfoEnabled()) {
      Problem.LOG.info(String.format(java.util.Locale.ROOT,
          "start: J = %.6g at the prior means, %.6g with zero slopes; starting at t = %.4g of the way to the prior means (J = %.6g)",
          losses[SEGMENT.length - 1] + pr.penalty(b), losses[0] + pr.penalty(a), SEGMENT[best], fBest));
    }
    return SEGMENT[best] == 1.0 ? b.clone() : NewtonMethods.axpy(a, SEGMENT[best], d);
  }
}
