package io.infospark.core.logistic;

/**
 * The minimiser of J and how it was found. {@code beta[0]} is the intercept. {@code loss} is the
 * data part Σ w ℓ (= −log-likelihood), {@code penalty} the prior part −Σ ln p(β_j) (unnormalised),
 * {@code objective} = loss + penalty = J. {@code kkt} is the ∞-norm of the minimum-norm subgradient
 * of J (the gradient when every prior is smooth). {@code stdErrors} and {@code covariance} are the
 * Laplace approximation (inverse Hessian of J); NaN for coefficients held at an L1 kink and when
 * the Hessian is singular; null when not computed.
 */
public record Solution(double[] beta, double loss, double penalty, double objective, double weight,
    long rows, int iterations, int passes, boolean converged, double kkt, Method method,
    double[] stdErrors, double[][] covariance, String message) {

  /** Coefficients (intercept excluded) different from zero. */
  public int nonZero() {
    int n = 0;
    for (int j = 1; j < beta.length; j++) {
      if (beta[j] != 0.0) {
        n++;
      }
    }
    return n;
  }
}
