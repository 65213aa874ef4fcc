package io.infospark.core.logistic;

/**
 * The data part of J: L(β) = Σ_i w_i ℓ(β₀ + x_i·β, y_i), with β of length {@link #dimension()}
 * (index 0 the intercept). Every call is one pass over the data; the optimisers count them.
 * Priors are not part of it: the optimisers add them on the driver.
 */
public interface Objective {

  /** p = number of features + 1. */
  int dimension();

  /** Loss, gradient and, when asked, the packed upper Hessian at β: one pass. */
  default Eval evaluate(double[] beta, boolean withHessian) {
    return evaluate(beta, withHessian, null);
  }

  /**
   * As {@link #evaluate(double[], boolean)} with the Hessian only over the coefficients
   * {@code columns} (ascending, the intercept 0 first), packed in that order; the gradient covers
   * every coefficient. null = all.
   */
  Eval evaluate(double[] beta, boolean withHessian, int[] columns);

  /** L(β + t·direction) for every t in {@code steps}: one pass (line search). */
  double[] lossAt(double[] beta, double[] direction, double[] steps);

  /**
   * The sign test of {@link SeparationCheck} for each candidate direction, with the Gram matrix of
   * the rows within {@code near} of candidate 0's hyperplane when {@code near > 0}: one pass.
   */
  SeparationCheck.Result separation(double[][] directions, double near);
}
