package io.infospark.core;

import java.io.Serializable;

/**
 * The entropy of one discrete distribution and its estimators, all in the unit of {@link #base()}.
 * A quantity that is undefined (no values at all; Chao–Shen with weights; H / ln K with one value;
 * NSB when the alphabet size is unknown) is {@code null} and {@link #reason()} says why — never a
 * silent 0.
 *
 * <p>The plug-in estimate is biased low when many values are seen once or twice; the
 * small-sample estimators (DESIGN.md §5.1) correct for that from the same count fingerprint:
 * Grassberger (bias-corrected), James–Stein shrinkage, and NSB, the posterior mean and standard
 * deviation of H given the counts and the alphabet size A. {@link #coverage()} (Good–Turing,
 * 1 − f₁/N) says how much of the distribution's mass the values seen cover, and
 * {@link #undersampled()} flags coverage below 0.9, where the plug-in value should not be trusted.
 *
 * @param base the log base, hence the unit of every entropy field
 * @param total N: the number of values counted (or the summed weight)
 * @param distinct K: values with a positive count
 * @param entropy plug-in (maximum-likelihood) estimate −Σ p ln p
 * @param millerMadow H + (K − 1) / (2N)
 * @param chaoShen the Chao–Shen (2003) coverage-adjusted estimate; null with weights
 * @param stdError delta-method standard error of the plug-in estimate
 * @param grassberger Grassberger's (2003) estimate; null with weights. Not clamped: for a column
 *     with one value it is ln N − G(N), slightly below 0 (about −1/(6N²) for even N)
 * @param jamesStein the James–Stein shrinkage estimate (Hausser and Strimmer 2009), shrunk towards
 *     the uniform on the alphabet when its size is known, else on the K values seen; null with
 *     weights or fewer than 2 values
 * @param nsb the NSB posterior mean of H; null when the alphabet size is unknown or with weights
 * @param nsbSd the NSB posterior standard deviation of H; null with {@code nsb}
 * @param coverage Good–Turing sample coverage 1 − f₁/N, unit-free; null with weights
 * @param alphabet A, the number of possible values, when known (booleans, binned numbers, or
 *     declared), else null
 * @param reason why some field is null, or null when every field is defined
 */
public record EntropyEstimate(
    LogBase base,
    double total,
    long distinct,
    Double entropy,
    Double millerMadow,
    Double chaoShen,
    Double stdError,
    Double grassberger,
    Double jamesStein,
    Double nsb,
    Double nsbSd,
    Double coverage,
    Long alphabet,
    String reason) implements Serializable {

  /** Coverage below this flags a column as {@link #undersampled()}. */
  public static final double UNDERSAMPLED_COVERAGE = 0.9;

  /** The plug-in family only: the small-sample estimators null (not computed), with the reason. */
  public EntropyEstimate(LogBase base, double total, long distinct, Double entropy, Double millerMadow,
      Double chaoShen, Double stdError, String reason) {
    this(base, total, distinct, entropy, millerMadow, chaoShen, stdError, null, null, null, null, null, null, reason);
  }

  /**
   * Whether the sample is too small for the plug-in estimate: Good–Turing coverage below 0.9 (more
   * than a tenth of the rows are values seen once). Null when the coverage is undefined.
   */
  public Boolean undersampled() {
    return coverage == null ? null : coverage < UNDERSAMPLED_COVERAGE;
  }

  /** The unit name of every entropy field. */
  public String unit() {
    return base.unit();
  }

  /** ln K in this unit: the entropy of the uniform distribution on the values seen. */
  public Double maxEntropy() {
    return distinct == 0 ? null : base.fromNats(Math.log(distinct));
  }

  /** H / ln K in [0, 1] (unit-free); null when K ≤ 1, where it is 0/0. */
  public Double normalizedEntropy() {
    if (entropy == null || distinct <= 1) {
      return null;
    }
    return Math.min(1.0, entropy / maxEntropy());
  }

  /**
   * The source-coding bound N·H in bits: by Shannon's first theorem, the fewest bits any lossless
   * code can spend on the column's N values when it knows their distribution.
   */
  public Double codingBoundBits() {
    return entropy == null ? null : total * entropy * base.natsPerUnit() / Math.log(2.0);
  }
}
