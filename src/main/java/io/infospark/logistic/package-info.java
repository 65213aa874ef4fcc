/**
 * Logistic regression by MLE and MAP on Spark (DESIGN.md §2): feature assembly from columns
 * (one-hot with the first sorted level as reference, names {@code column=value}), the distributed
 * objective (one {@code treeAggregate} per pass, broadcast coefficients destroyed after use), the
 * fit ({@link io.infospark.logistic.LogisticFit}), its typed result with save/load
 * ({@link io.infospark.logistic.LogisticResult}) and scoring
 * ({@link io.infospark.logistic.LogisticScoring}). The math lives in
 * {@code io.infospark.core.logistic}; this package is wiring.
 */
package io.infospark.logistic;
