package io.infospark.core;

import java.io.Serializable;

/**
 * The entropy of one discrete distribution and its estimators, all in the unit of {@link #base()}.
 * A quantity that is undefined (no values at all; Chao–Shen with weights; H / ln K with one value)
 * is {@code null} and {@link #reason()} says why — never a silent 0.
 *
 * @param base the log base, hence the unit of every entropy field
 * @param total N: the number of values counted (or the summed weight)
 * @param distinct K: values with a positive count
 * @param entropy plug-in (maximum-likelihood) estimate −Σ p ln p
 * @param millerMadow H + (K − 1) / (2N)
 * @param chaoShen the Chao–Shen (2003) coverage-adjusted estimate; null with weights
 * @param stdError delta-method standard error of the plug-in estimate
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
    String reason) implements Serializable {

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
