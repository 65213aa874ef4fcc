package io.infospark.core;

import java.io.Serializable;

/**
 * Is a difference between two samples of one column real? (DESIGN.md §5.2.) The mergeable state
 * of the two-sample G-test of homogeneity over the 2 × K table of counts (a_v in p, b_v in q,
 * totals n_p, n_q, K values with a_v + b_v > 0), and the noise floors of the divergences.
 *
 * <p>G = 2 Σ_v [a_v ln(a_v/E_pv) + b_v ln(b_v/E_qv)], E from the pooled margins
 * (E_pv = (a_v + b_v) n_p / n); df = K − 1; the p-value is P(χ²_df ≥ G) (K = 1: G = 0, p = 1).
 * Equivalently G = 2n·I(S; V), S the sample indicator. Each value's term is summed in its
 * non-negative form E_p φ(a/E_p − 1) + E_q φ(b/E_q − 1) (since Σ (a − E_p) = 0), with
 * a/E_p − 1 = (a n_q − b n_p)/((a + b) n_p) from an error-free product, so two nearly equal
 * samples keep the digits of a tiny G.
 *
 * <p>Noise floors: the first-order expected value of the plug-in divergence when both samples
 * come from one distribution on K values, E[Σ (p̂ − q̂)²/p] = (K − 1)(1/n_p + 1/n_q):
 * js_null = (K − 1)(1/n_p + 1/n_q)/8, kl_null = 4·js_null, psi_null = 8·js_null, in nats.
 * A divergence at its floor is what sampling alone produces; well above it, and with a small
 * p-value, the difference is real.
 *
 * <p>The counts are the raw ones (before any smoothing): the test is of the samples as observed.
 */
public final class TwoSampleTest implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String EMPTY_SIDE = "no values on one side: nothing to test";

  private final double nP;
  private final double nQ;
  private final CompensatedSum halfG = new CompensatedSum();
  private long support;

  /**
   * @param nP n_p, the values counted in p
   * @param nQ n_q, the values counted in q
   */
  public TwoSampleTest(double nP, double nQ) {
    if (!(nP >= 0) || !(nQ >= 0) || Double.isInfinite(nP) || Double.isInfinite(nQ)) {
      throw new IllegalArgumentException("totals must be finite and >= 0: " + nP + ", " + nQ);
    }
    this.nP = nP;
    this.nQ = nQ;
  }

  /** Records one value counted a times in p and b times in q (both 0 is ignored). */
  public TwoSampleTest add(double a, double b) {
    if (!(a >= 0) || !(b >= 0) || Double.isInfinite(a) || Double.isInfinite(b)) {
      throw new IllegalArgumentException("counts must be finite and >= 0: " + a + ", " + b);
    }
    if (a + b == 0) {
      return this;
    }
    support++;
    if (nP == 0 || nQ == 0) {
      return this;
    }
    double n = nP + nQ;
    double expectedP = (a + b) * (nP / n);
    double expectedQ = (a + b) * (nQ / n);
    // a n_q − b n_p without rounding of the products
    double hi = b * nP;
    double lo = Math.fma(b, nP, -hi);
    double num = Math.fma(a, nQ, -hi) - lo;
    double s = a + b;
    halfG.add(expectedP * Divergence.phi(num / (s * nP)) + expectedQ * Divergence.phi(-num / (s * nQ)));
    return this;
  }

  /** Adds the state of a disjoint set of values with the same totals. */
  public TwoSampleTest merge(TwoSampleTest o) {
    if (o.nP != nP || o.nQ != nQ) {
      throw new IllegalArgumentException("cannot merge tests of different totals");
    }
    halfG.merge(o.halfG);
    support += o.support;
    return this;
  }

  /** The test and the noise floors; floors in the unit of {@code base}, G in nats. */
  public Significance result(LogBase base) {
    if (nP == 0 || nQ == 0) {
      return new Significance(nP, nQ, support, null, null, null, null, null, null, EMPTY_SIDE);
    }
    double g = 2 * Math.max(0, halfG.value());
    long df = Math.max(0, support - 1);
    double p = df == 0 ? 1.0 : ChiSquare.survival(g, df);
    double js = df * (1 / nP + 1 / nQ) / 8;
    return new Significance(nP, nQ, support, g, df, p, base.fromNats(js), base.fromNats(4 * js),
        base.fromNats(8 * js), null);
  }

  /** Convenience for small data and tests: the test of two aligned count vectors. */
  public static Significance of(double[] p, double[] q, LogBase base) {
    if (p.length != q.length) {
      throw new IllegalArgumentException("p and q must be aligned: " + p.length + " vs " + q.length);
    }
    CompensatedSum a = new CompensatedSum();
    CompensatedSum b = new CompensatedSum();
    for (int v = 0; v < p.length; v++) {
      a.add(p[v]);
      b.add(q[v]);
    }
    TwoSampleTest t = new TwoSampleTest(a.value(), b.value());
    for (int v = 0; v < p.length; v++) {
      t.add(p[v], q[v]);
    }
    return t.result(base);
  }
}
