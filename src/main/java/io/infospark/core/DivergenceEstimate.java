package io.infospark.core;

import java.io.Serializable;

/**
 * The comparison of two discrete distributions p (under test) and q (reference), every
 * information field in the unit of {@link #base()}. An infinite field (support mismatch) is
 * {@link Double#POSITIVE_INFINITY}; an undefined one (an empty side) is null and
 * {@link #reason()} says why.
 *
 * @param totalP A: values counted in p (after smoothing: plus α per value of the union support)
 * @param totalQ B: the same for q
 * @param distinctP values with a positive count in p
 * @param distinctQ values with a positive count in q
 * @param distinctUnion values of the union support
 * @param entropyP H(p) = −Σ p ln p
 * @param entropyQ H(q)
 * @param crossEntropy H(p,q) = −Σ p ln q = H(p) + KL(p‖q); ≥ H(p) (Gibbs)
 * @param kl KL(p‖q) = Σ p ln(p/q); +∞ when some q_v = 0 &lt; p_v
 * @param klReverse KL(q‖p); +∞ when some p_v = 0 &lt; q_v
 * @param js Jensen–Shannon divergence ½KL(p‖m) + ½KL(q‖m), m = (p + q)/2; ≤ ln 2
 * @param psi population stability index Σ (p − q) ln(p/q) = KL(p‖q) + KL(q‖p)
 * @param hellinger Hellinger distance sqrt(1 − Σ sqrt(p q)) in [0, 1], unit-free; finite for any
 *     supports
 * @param onlyInP values with q = 0 &lt; p (each makes KL(p‖q) infinite)
 * @param onlyInQ values with p = 0 &lt; q (each makes KL(q‖p) infinite)
 * @param reason why the fields are null, or null
 */
public record DivergenceEstimate(
    LogBase base,
    double totalP,
    double totalQ,
    long distinctP,
    long distinctQ,
    long distinctUnion,
    Double entropyP,
    Double entropyQ,
    Double crossEntropy,
    Double kl,
    Double klReverse,
    Double js,
    Double psi,
    Double hellinger,
    long onlyInP,
    long onlyInQ,
    String reason) implements Serializable {

  /** An undefined comparison: every measure null, with the reason. */
  public static DivergenceEstimate undefined(LogBase base, double totalP, double totalQ, String reason) {
    return new DivergenceEstimate(base, totalP, totalQ, 0, 0, 0, null, null, null, null, null, null, null, null, 0,
        0, reason);
  }

  public String unit() {
    return base.unit();
  }
}
