/**
 * Logistic regression by MLE and MAP, engine-free (DESIGN.md §2): priors, the stable logistic
 * loss, a mergeable loss/gradient/Hessian aggregator over blocks of rows, and the optimisers
 * (Newton, proximal Newton, L-BFGS, OWL-QN) over a small {@link io.infospark.core.logistic.Objective}
 * interface, so that everything here is tested on in-memory data without Spark.
 *
 * <p>Coefficient layout everywhere: index 0 is the intercept β₀, indices 1..d the features.
 */
package io.infospark.core.logistic;
