package io.infospark.core.logistic;

/**
 * The Laplace approximation of the marginal likelihood (evidence) of a fit whose priors are all
 * Gaussian or flat (DESIGN.md §5.3):
 *
 * <pre>
 *   ln Z = ℓ(β̂) + Σ_{j Gaussian} [ −(β̂_j − μ_j)²/(2σ_j²) − ½ ln(2πσ_j²) ] + (p/2) ln(2π) − ½ ln det H
 * </pre>
 *
 * with p the number of coefficients (the intercept included) and H the Hessian of J at the MAP β̂,
 * whose inverse is the fit's covariance. A flat prior counts as density 1 (improper: ln Z is then
 * defined up to the same constant for every scale, which does not move the maximiser). With one σ
 * for d coefficients this is §5.3's formula.
 */
public final class Evidence {
  private Evidence() {}

  /** True when every prior is flat or purely Gaussian, so that {@link #logEvidence} is defined. */
  public static boolean defined(Prior[] priors) {
    for (Prior q : priors) {
      if (!q.isFlat() && !(q.isConvex() && !q.hasL1() && Double.isFinite(q.sd()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * ln Z at a solution with its covariance; NaN when the priors are not all Gaussian or flat, or
   * the covariance is missing or not positive definite.
   */
  public static double logEvidence(Solution s, Prior[] priors) {
    if (!defined(priors) || s.covariance() == null) {
      return Double.NaN;
    }
    // ln det C = ln det(D C D) − 2 Σ ln D_jj with D = diag(C_jj^−½): the correlation matrix D C D
    // is far better conditioned than C when the features' scales differ by orders of magnitude
    double[][] c = s.covariance();
    int n = c.length;
    double[] dj = new double[n];
    double logDetCov = 0;
    for (int j = 0; j < n; j++) {
      dj[j] = 1 / Math.sqrt(c[j][j]);
      logDetCov -= 2 * Math.log(dj[j]);
    }
    double[][] r = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        r[i][j] = c[i][j] * dj[i] * dj[j];
      }
    }
    double[][] l = DenseMatrix.cholesky(r);
    if (l == null) {
      return Double.NaN;
    }
    for (int j = 0; j < n; j++) {
      logDetCov += 2 * Math.log(l[j][j]);
    }
    int p = s.beta().length;
    // ℓ(β̂) − Σ (β̂_j − μ_j)²/(2σ_j²) = −J(β̂): J as the solver evaluated it, loss and penalty at one point
    double z = -s.objective() + 0.5 * p * Math.log(2 * Math.PI) + 0.5 * logDetCov; // −½ ln det H = +½ ln det H⁻¹
    for (int j = 0; j < p; j++) {
      if (!priors[j].isFlat()) {
        double sd = priors[j].sd();
        z -= 0.5 * Math.log(2 * Math.PI * sd * sd);
      }
    }
    return z;
  }
}
