package io.infospark.core.logistic;

/** How J is minimised. {@link #AUTO} picks by dimension and by whether any prior has an L1 part. */
public enum Method {
  /** Newton / proximal Newton up to {@link SolverOptions#newtonMaxDimension()} coefficients, else L-BFGS / OWL-QN. */
  AUTO,
  /** Damped Newton with the Hessian aggregated in the same pass as the gradient (smooth priors). */
  NEWTON,
  /** Proximal Newton (newGLMNET): coordinate descent on the L1-penalised quadratic model, on the driver. */
  PROXIMAL_NEWTON,
  /** Limited-memory BFGS (smooth priors), O(p) per pass on the driver. */
  LBFGS,
  /** Orthant-wise limited-memory quasi-Newton (Andrew &amp; Gao 2007) for L1 with exact zeros. */
  OWLQN
}
