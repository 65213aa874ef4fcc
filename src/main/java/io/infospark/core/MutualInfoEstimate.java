package io.infospark.core;

import java.io.Serializable;

/**
 * Mutual information of X and Y and its companions; information fields in the unit of
 * {@link #base()}, the G statistic in nats (as the chi-square approximation needs), df and the
 * p-value unit-free. Undefined fields are null and {@link #reason()} says why.
 *
 * @param total N: rows counted (complete cases under nulls = drop)
 * @param distinctX K_X over those rows
 * @param distinctY K_Y
 * @param distinctXY K_XY, pairs seen
 * @param mutualInformation I(X;Y) = H(X) + H(Y) − H(X,Y), plug-in
 * @param entropyX H(X) over the rows counted
 * @param entropyY H(Y)
 * @param jointEntropy H(X,Y)
 * @param conditionalEntropyYGivenX H(Y|X) = H(X,Y) − H(X)
 * @param conditionalEntropyXGivenY H(X|Y) = H(X,Y) − H(Y)
 * @param normalizedMi 2I / (H(X) + H(Y)), unit-free
 * @param miMillerMadow I with the Miller–Madow correction on each entropy
 * @param gStatistic G = 2·N·I(nats)
 * @param df (K_X − 1)(K_Y − 1)
 * @param pValue P(χ²_df ≥ G)
 * @param miGrassberger Grassberger's estimator plugged into H(X) + H(Y) − H(X,Y); not clamped at 0
 *     (a negative value is no evidence of dependence)
 * @param miJamesStein the James–Stein shrinkage entropies (each shrunk towards the uniform on its
 *     values seen) plugged into H(X) + H(Y) − H(X,Y); null for fewer than 2 rows
 * @param coverageXY Good–Turing coverage of the pairs, 1 − f₁/N over the (X, Y) pairs: below 0.9
 *     the table is {@link #undersampled()} and the plug-in I is biased up
 * @param reason why fields are null, or null
 */
public record MutualInfoEstimate(
    LogBase base,
    long total,
    long distinctX,
    long distinctY,
    long distinctXY,
    Double mutualInformation,
    Double entropyX,
    Double entropyY,
    Double jointEntropy,
    Double conditionalEntropyYGivenX,
    Double conditionalEntropyXGivenY,
    Double normalizedMi,
    Double miMillerMadow,
    Double gStatistic,
    Long df,
    Double pValue,
    Double miGrassberger,
    Double miJamesStein,
    Double coverageXY,
    String reason) implements Serializable {

  /** Without the small-sample estimators (null). */
  public MutualInfoEstimate(LogBase base, long total, long distinctX, long distinctY, long distinctXY,
      Double mutualInformation, Double entropyX, Double entropyY, Double jointEntropy,
      Double conditionalEntropyYGivenX, Double conditionalEntropyXGivenY, Double normalizedMi, Double miMillerMadow,
      Double gStatistic, Long df, Double pValue, String reason) {
    this(base, total, distinctX, distinctY, distinctXY, mutualInformation, entropyX, entropyY, jointEntropy,
        conditionalEntropyYGivenX, conditionalEntropyXGivenY, normalizedMi, miMillerMadow, gStatistic, df, pValue,
        null, null, null, reason);
  }

  /** Whether the pairs are too few for the plug-in I: coverage of the pairs below 0.9; null when undefined. */
  public Boolean undersampled() {
    return coverageXY == null ? null : coverageXY < EntropyEstimate.UNDERSAMPLED_COVERAGE;
  }

  public String unit() {
    return base.unit();
  }
}
