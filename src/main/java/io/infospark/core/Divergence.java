package io.infospark.core;

import java.io.Serializable;

/**
 * The mergeable state of a comparison of two discrete distributions p (the data under test) and
 * q (the reference) over the union of their supports: compensated sums of the per-value terms of
 * H(p), H(q), KL(p‖q), KL(q‖p), the Jensen–Shannon divergence and the PSI (DESIGN.md §1). It is
 * built from the joined counts (a_v, b_v) of each value with the totals A = Σ a, B = Σ b known in
 * advance, one value at a time, on any number of partitions; {@link #merge} adds two partial
 * states of disjoint value sets, so the result does not depend on partitioning beyond ~1e-15.
 *
 * <p>Numerics. Each divergence is summed in its non-negative form: with r = p/q,
 * p ln(p/q) = q·φ(r − 1) + p − q where φ(d) = (1 + d) ln(1 + d) − d ≥ 0, and Σ (p − q) = 0, so
 * KL(p‖q) = Σ q·φ(p/q − 1): every term is ≥ 0, there is no cancellation between values, and KL is
 * never negative. φ is evaluated by its power series near 0, where the closed form cancels, and
 * p/q − 1 = (aB − bA)/(bA) is formed with an error-free product (fma), so a KL of 1e-12 between
 * two nearly equal columns keeps its digits. JS uses m = (p + q)/2 and the same φ;
 * PSI = Σ (p − q) ln(p/q) = Σ q·d·ln(1 + d) ≥ 0 (it equals KL(p‖q) + KL(q‖p)). The squared
 * Hellinger distance 1 − Σ √(pq) is summed as ½ Σ (√p − √q)², with √p − √q = (p − q)/(√p + √q)
 * and p − q from the same exact numerator, so it too has no cancellation.
 *
 * <p>Contributions: {@link #add(double, double, double[])} also hands back a value's own terms of
 * KL(p‖q) (the non-negative q·φ(p/q − 1), which sum to KL) and of JS, so the values that drive a
 * divergence can be named by their share of it.
 *
 * <p>Support mismatch: a value with q = 0 &lt; p makes KL(p‖q), the cross-entropy and the PSI +∞
 * (the exact answer; the reverse mismatch makes KL(q‖p) and the PSI +∞). JS is always finite.
 */
public final class Divergence implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double totalP;
  private final double totalQ;
  private final CompensatedSum entropyP = new CompensatedSum();
  private final CompensatedSum entropyQ = new CompensatedSum();
  private final CompensatedSum kl = new CompensatedSum();
  private final CompensatedSum klReverse = new CompensatedSum();
  private final CompensatedSum js = new CompensatedSum();
  private final CompensatedSum psi = new CompensatedSum();
  private final CompensatedSum hellinger = new CompensatedSum(); // ½ Σ (√p − √q)²
  private long distinctP;
  private long distinctQ;
  private long distinctUnion;
  private long onlyInP;
  private long onlyInQ;

  /**
   * @param totalP A = Σ a_v over every value of p (after any smoothing)
   * @param totalQ B = Σ b_v over every value of q (after any smoothing)
   */
  public Divergence(double totalP, double totalQ) {
    if (!(totalP > 0) || !(totalQ > 0) || Double.isInfinite(totalP) || Double.isInfinite(totalQ)) {
      throw new IllegalArgumentException("totals must be finite and > 0: " + totalP + ", " + totalQ);
    }
    this.totalP = totalP;
    this.totalQ = totalQ;
  }

  /** Records one value counted a times in p and b times in q (a, b ≥ 0; both 0 is ignored). */
  public Divergence add(double a, double b) {
    return add(a, b, null);
  }

  /**
   * Records one value counted a times in p and b times in q, and writes its own terms, in nats,
   * into {@code terms} when it is not null: [0] its term of KL(p‖q) (+∞ when q = 0 &lt; p), [1] its
   * term of JS. Both are ≥ 0 and sum over the values to KL(p‖q) and JS.
   */
  public Divergence add(double a, double b, double[] terms) {
    if (!(a >= 0) || !(b >= 0) || Double.isInfinite(a) || Double.isInfinite(b)) {
      throw new IllegalArgumentException("counts must be finite and >= 0: " + a + ", " + b);
    }
    if (a == 0 && b == 0) {
      if (terms != null) {
        terms[0] = 0;
        terms[1] = 0;
      }
      return this;
    }
    distinctUnion++;
    double bigA = totalP;
    double bigB = totalQ;
    double p = a / bigA;
    double q = b / bigB;
    if (a > 0) {
      distinctP++;
      entropyP.add(p * Entropy.surprisalNats(a, bigA));
    }
    if (b > 0) {
      distinctQ++;
      entropyQ.add(q * Entropy.surprisalNats(b, bigB));
    }
    double klTerm;
    double jsTerm;
    if (b == 0) {
      onlyInP++;
      klTerm = Double.POSITIVE_INFINITY;
      klReverse.add(p); // p·φ(q/p − 1) with q = 0: p·φ(−1) = p
      jsTerm = 0.5 * p * Math.log(2.0);
      psi.add(Double.POSITIVE_INFINITY);
      hellinger.add(0.5 * p);
    } else if (a == 0) {
      onlyInQ++;
      klTerm = q;
      klReverse.add(Double.POSITIVE_INFINITY);
      jsTerm = 0.5 * q * Math.log(2.0);
      psi.add(Double.POSITIVE_INFINITY);
      hellinger.add(0.5 * q);
    } else {
      // aB − bA without rounding of the products: hi + lo = bA exactly (error-free product).
      double hi = b * bigA;
      double lo = Math.fma(b, bigA, -hi);
      double num = Math.fma(a, bigB, -hi) - lo;
      double aB = a * bigB;
      double d = num / hi; // p/q − 1
      double dr = -num / aB; // q/p − 1
      klTerm = q * phi(d);
      klReverse.add(p * phi(dr));
      // JS: m = (p + q)/2, p/m − 1 = (aB − bA)/(aB + bA) = e, q/m − 1 = −e.
      double e = num / (aB + hi);
      double m = 0.5 * (p + q);
      jsTerm = 0.5 * m * (phi(e) + phi(-e));
      psi.add(q * d * Math.log1p(d));
      double root = (num / (bigA * bigB)) / (Math.sqrt(p) + Math.sqrt(q)); // √p − √q
      hellinger.add(0.5 * root * root);
    }
    kl.add(klTerm);
    js.add(jsTerm);
    if (terms != null) {
      terms[0] = klTerm;
      terms[1] = jsTerm;
    }
    return this;
  }

  /** Adds the state of a disjoint set of values with the same totals. */
  public Divergence merge(Divergence o) {
    if (o.totalP != totalP || o.totalQ != totalQ) {
      throw new IllegalArgumentException("cannot merge states of different totals");
    }
    entropyP.merge(o.entropyP);
    entropyQ.merge(o.entropyQ);
    kl.merge(o.kl);
    klReverse.merge(o.klReverse);
    js.merge(o.js);
    psi.merge(o.psi);
    hellinger.merge(o.hellinger);
    distinctP += o.distinctP;
    distinctQ += o.distinctQ;
    distinctUnion += o.distinctUnion;
    onlyInP += o.onlyInP;
    onlyInQ += o.onlyInQ;
    return this;
  }

  /** The measures in the unit of {@code base} (Hellinger unit-free); H(p,q) is reported as H(p) + KL(p‖q). */
  public DivergenceEstimate estimate(LogBase base) {
    double hp = entropyP.value();
    double hq = entropyQ.value();
    double k = value(kl);
    double kr = value(klReverse);
    double ce = hp + k;
    return new DivergenceEstimate(base, totalP, totalQ, distinctP, distinctQ, distinctUnion,
        base.fromNats(hp), base.fromNats(hq), base.fromNats(ce), base.fromNats(k), base.fromNats(kr),
        base.fromNats(Math.min(Math.log(2.0), value(js))), base.fromNats(value(psi)),
        Math.sqrt(Math.min(1.0, Math.max(0.0, hellinger.value()))), onlyInP, onlyInQ, null);
  }

  /** A compensated sum that saw +∞ reports +∞ (its compensation would be NaN). */
  private static double value(CompensatedSum s) {
    double v = s.value();
    return Double.isNaN(v) ? Double.POSITIVE_INFINITY : Math.max(0.0, v);
  }

  /**
   * φ(d) = (1 + d) ln(1 + d) − d for d ≥ −1: the non-negative Bregman term of x ln x at 1 + d.
   * For |d| &lt; 1/8 the closed form loses digits to cancellation, so the series
   * Σ_{k≥2} (−d)^k / (k(k−1)) is summed instead, until a term is below 2⁻⁵⁶ of the sum (at most
   * 22 terms for |d| near 1/8, 3 for |d| = 1e-6).
   */
  static double phi(double d) {
    if (d == -1.0) {
      return 1.0;
    }
    if (Math.abs(d) < 0.125) {
      double s = 0;
      double pow = d * d;
      for (int k = 2; k < 24; k++) {
        double term = ((k & 1) == 0 ? pow : -pow) / (k * (k - 1.0));
        s += term;
        if (Math.abs(term) <= 0x1p-56 * Math.abs(s)) {
          break;
        }
        pow *= d;
      }
      return s;
    }
    return (1 + d) * Math.log1p(d) - d;
  }

  /**
   * Convenience for small data and tests: every measure from two aligned count vectors (value v
   * has count p[v] in p and q[v] in q), with pseudo-count {@code alpha} added to both sides on the
   * union support (values with p[v] + q[v] > 0).
   */
  public static DivergenceEstimate of(double[] p, double[] q, double alpha, LogBase base) {
    if (p.length != q.length) {
      throw new IllegalArgumentException("p and q must be aligned: " + p.length + " vs " + q.length);
    }
    if (!(alpha >= 0) || Double.isInfinite(alpha)) {
      throw new BadInputException("smoothing: expected a finite number >= 0 but got " + alpha);
    }
    CompensatedSum a = new CompensatedSum();
    CompensatedSum b = new CompensatedSum();
    int support = 0;
    for (int v = 0; v < p.length; v++) {
      if (p[v] + q[v] > 0) {
        support++;
        a.add(p[v]);
        b.add(q[v]);
      }
    }
    Divergence d = new Divergence(a.value() + alpha * support, b.value() + alpha * support);
    for (int v = 0; v < p.length; v++) {
      if (p[v] + q[v] > 0) {
        d.add(p[v] + alpha, q[v] + alpha);
      }
    }
    return d.estimate(base);
  }
}
