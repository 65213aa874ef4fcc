package io.infospark.core;

import java.io.Serializable;

/**
 * Whether a difference between two samples is more than sampling noise ({@link TwoSampleTest}):
 * the two-sample G-test of homogeneity and the noise floors of the divergences. The floors are in
 * the unit of the comparison; G is in nats (as the chi-square approximation needs). Undefined
 * fields (an empty side) are null and {@link #reason()} says why.
 *
 * @param nP n_p, values counted in p (before smoothing)
 * @param nQ n_q, values counted in q
 * @param support K, values seen on either side
 * @param gStatistic G = 2 Σ O ln(O/E) over the 2 × K table, in nats
 * @param df K − 1
 * @param pValue P(χ²_df ≥ G); 1 when K = 1
 * @param jsNull the JS that sampling alone gives on average: (K − 1)(1/n_p + 1/n_q)/8
 * @param klNull the same for KL: (K − 1)(1/n_p + 1/n_q)/2
 * @param psiNull the same for the PSI: (K − 1)(1/n_p + 1/n_q)
 * @param reason why fields are null, or null
 */
public record Significance(
    double nP,
    double nQ,
    long support,
    Double gStatistic,
    Long df,
    Double pValue,
    Double jsNull,
    Double klNull,
    Double psiNull,
    String reason) implements Serializable {

  /** Whether the test rejects "one distribution" at level alpha: p-value &lt; alpha. */
  public boolean rejects(double alpha) {
    return pValue != null && pValue < alpha;
  }
}
