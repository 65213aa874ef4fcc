package io.infospark.core;

import static io.infospark.testing.Approx.REFERENCE;
import static io.infospark.testing.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DivergenceTest {
  private static final double EXACT = 1e-15;
  private static final double LN2 = Math.log(2.0);

  /** Seattle weather: value counts of 2013 (p) and 2012 (q) over drizzle, fog, rain, snow, sun. */
  private static final double[] W2013 = {15, 16, 158, 3, 173};
  private static final double[] W2012 = {31, 5, 191, 21, 118};
  private static final double[] W2015 = {7, 52, 144, 0, 162};

  /**
   * Against scipy 1.10.1 (rows of data/seattle-weather.csv by year, column weather):
   * <pre>
   * pc, qc = np.array([15,16,158,3,173.]), np.array([31,5,191,21,118.])
   * entropy(pc), entropy(qc), entropy(pc, qc), entropy(qc, pc), jensenshannon(pc, qc)**2
   * pn, qn = pc/pc.sum(), qc/qc.sum(); ((pn-qn)*np.log(pn/qn)).sum(); -(pn*np.log(qn)).sum()
   * entropy(qc, pc, base=2), jensenshannon(pc, qc, base=2)**2
   * </pre>
   */
  @Test
  void seattleWeatherAgainstScipy() {
    DivergenceEstimate d = Divergence.of(W2013, W2012, 0, LogBase.E);
    assertClose(1.0240412700078325, d.entropyP(), REFERENCE);
    assertClose(1.136073840130173, d.entropyQ(), REFERENCE);
    assertClose(0.10713446437073747, d.kl(), REFERENCE);
    assertClose(0.13014204523842132, d.klReverse(), REFERENCE);
    assertClose(0.02771188842745214, d.js(), REFERENCE);
    assertClose(0.23727650960915883, d.psi(), REFERENCE);
    assertClose(1.1311757343785702, d.crossEntropy(), REFERENCE);
    DivergenceEstimate bits = Divergence.of(W2013, W2012, 0, LogBase.TWO);
    assertClose(0.18775528327661758, bits.klReverse(), REFERENCE);
    assertClose(0.03997980400795346, bits.js(), REFERENCE);
    assertEquals("bits", bits.unit());
  }

  /**
   * Smoothing α = 1 on the union support, against scipy: {@code ps, qs = pc + 1, qc + 1;
   * entropy(ps, qs), entropy(qs, ps), jensenshannon(ps, qs)**2}; 2012 vs 2015 (no snow in 2015).
   */
  @Test
  void supportMismatchIsInfiniteAndSmoothingMakesItFinite() {
    DivergenceEstimate raw = Divergence.of(W2012, W2015, 0, LogBase.E);
    assertEquals(Double.POSITIVE_INFINITY, raw.kl());
    assertEquals(Double.POSITIVE_INFINITY, raw.crossEntropy());
    assertEquals(Double.POSITIVE_INFINITY, raw.psi());
    assertEquals(1, raw.onlyInP());
    assertEquals(0, raw.onlyInQ());
    assertClose(0.3370450241369297, raw.klReverse(), REFERENCE);
    assertClose(0.07125875297680738, raw.js(), REFERENCE);
    DivergenceEstimate s = Divergence.of(W2012, W2015, 1.0, LogBase.E);
    assertClose(1.1512105618299457, s.entropyP(), REFERENCE);
    assertClose(1.1054795485188467, s.entropyQ(), REFERENCE);
    assertClose(0.3093193083478865, s.kl(), REFERENCE);
    assertClose(0.30500862255872185, s.klReverse(), REFERENCE);
    assertClose(0.06446592255199687, s.js(), REFERENCE);
    assertClose(0.6143279309066083, s.psi(), REFERENCE);
    assertEquals(0, s.onlyInP());
  }

  @Test
  void smoothingZeroIsNoSmoothing() {
    assertEquals(Divergence.of(W2013, W2012, 0, LogBase.E), Divergence.of(W2013, W2012, 0.0, LogBase.E));
    DivergenceEstimate none = Divergence.of(W2013, W2012, 0, LogBase.E);
    DivergenceEstimate tiny = Divergence.of(W2013, W2012, 1e-12, LogBase.E);
    assertClose(none.kl(), tiny.kl(), 1e-9);
    assertThrows(BadInputException.class, () -> Divergence.of(W2013, W2012, -1, LogBase.E));
  }

  @Test
  void identicalDistributionsHaveZeroDivergence() {
    DivergenceEstimate same = Divergence.of(W2012, W2012, 0, LogBase.E);
    assertEquals(0.0, same.kl(), 0.0);
    assertEquals(0.0, same.klReverse(), 0.0);
    assertEquals(0.0, same.js(), 0.0);
    assertEquals(0.0, same.psi(), 0.0);
    assertEquals(same.entropyP(), same.crossEntropy(), 0.0);
    // the same distribution at twice the sample size: p = q exactly
    double[] doubled = W2012.clone();
    for (int i = 0; i < doubled.length; i++) {
      doubled[i] *= 2;
    }
    assertEquals(0.0, Divergence.of(W2012, doubled, 0, LogBase.E).kl(), 0.0);
  }

  @Test
  void disjointSupportsGiveTheBounds() {
    DivergenceEstimate d = Divergence.of(new double[] {5, 0, 0}, new double[] {0, 2, 7}, 0, LogBase.E);
    assertClose(LN2, d.js(), EXACT);
    assertEquals(1.0, Divergence.of(new double[] {5, 0}, new double[] {0, 9}, 0, LogBase.TWO).js(), EXACT);
    assertEquals(Double.POSITIVE_INFINITY, d.kl());
    assertEquals(Double.POSITIVE_INFINITY, d.klReverse());
    assertEquals(1, d.onlyInP());
    assertEquals(2, d.onlyInQ());
  }

  /** Gibbs, symmetry of JS, its bound, PSI = KL + reverse KL, on random count vectors. */
  @Test
  void identitiesOnRandomDistributions() {
    SplittableRandom r = new SplittableRandom(7);
    for (int t = 0; t < 500; t++) {
      int k = 1 + r.nextInt(12);
      double[] p = new double[k];
      double[] q = new double[k];
      for (int i = 0; i < k; i++) {
        p[i] = 1 + r.nextInt(r.nextBoolean() ? 5 : 5000);
        q[i] = 1 + r.nextInt(r.nextBoolean() ? 5 : 5000);
      }
      DivergenceEstimate pq = Divergence.of(p, q, 0, LogBase.E);
      DivergenceEstimate qp = Divergence.of(q, p, 0, LogBase.E);
      assertTrue(pq.crossEntropy() >= pq.entropyP());
      assertTrue(pq.kl() >= 0 && pq.js() >= 0 && pq.js() <= LN2);
      assertClose(pq.crossEntropy(), pq.entropyP() + pq.kl(), EXACT);
      assertClose(pq.js(), qp.js(), 1e-14);
      assertClose(pq.kl(), qp.klReverse(), 1e-14);
      assertClose(pq.psi(), pq.kl() + pq.klReverse(), 1e-13);
      assertClose(naiveKl(p, q), pq.kl(), 1e-12);
    }
  }

  /**
   * Two nearly equal distributions: the naive Σ p ln(p/q) cancels, the φ form keeps the digits.
   * KL of p = (N, N+1)/(2N+1) against q = (N+1, N)/(2N+1) is exactly (p₂ − p₁)·ln((N+1)/N) =
   * ln(1 + 1/N)/(2N + 1) ≈ 5e-17 for N = 10⁸.
   */
  @Test
  void nearlyEqualDistributionsKeepTheirDigits() {
    double n = 1e8;
    DivergenceEstimate d = Divergence.of(new double[] {n, n + 1}, new double[] {n + 1, n}, 0, LogBase.E);
    double exact = Math.log1p(1 / n) / (2 * n + 1);
    assertClose(1, d.kl() / exact, 1e-9);
    assertClose(2 * exact, d.psi(), 1e-9 * exact);
  }

  /** Merge law: the state of A ∪ B is the merge of the states of A and B. */
  @Test
  void mergeEqualsOneState() {
    Divergence all = new Divergence(700, 300);
    Divergence left = new Divergence(700, 300);
    Divergence right = new Divergence(700, 300);
    double[][] values = {{100, 50}, {300, 0}, {0, 100}, {200, 100}, {100, 50}};
    for (int i = 0; i < values.length; i++) {
      all.add(values[i][0], values[i][1]);
      (i % 2 == 0 ? left : right).add(values[i][0], values[i][1]);
    }
    assertEquals(all.estimate(LogBase.E), left.merge(right).estimate(LogBase.E));
  }

  @Test
  void phiSeriesMeetsTheClosedForm() {
    for (double d : new double[] {-0.1249, -0.05, 1e-3, 0.1249}) {
      assertClose((1 + d) * Math.log1p(d) - d, Divergence.phi(d), 1e-13);
    }
    assertEquals(1.0, Divergence.phi(-1), 0.0);
    assertClose(2 * LN2 - 1, Divergence.phi(1), EXACT);
  }

  private static double naiveKl(double[] p, double[] q) {
    double a = 0;
    double b = 0;
    for (int i = 0; i < p.length; i++) {
      a += p[i];
      b += q[i];
    }
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      s += p[i] / a * Math.log((p[i] / a) / (q[i] / b));
    }
    return s;
  }

  /**
   * Each value's own terms of KL(p‖q) and JS are ≥ 0 and sum to the totals (the seattle weather
   * 2015 vs 2012 counts of {@link SignificanceTest}, and the same with a value only in p).
   */
  @Test
  void termsOfEachValueSumToTheDivergence() {
    double[] p = {7, 52, 144, 0, 162};
    double[] q = {31, 5, 191, 21, 118};
    Divergence d = new Divergence(365, 366);
    double kl = 0;
    double js = 0;
    double[] terms = new double[2];
    for (int v = 0; v < p.length; v++) {
      d.add(p[v], q[v], terms);
      assertTrue(terms[0] >= 0 && terms[1] >= 0);
      kl += terms[0];
      js += terms[1];
    }
    DivergenceEstimate e = d.estimate(LogBase.E);
    assertClose(e.kl(), kl, 1e-14);
    assertClose(e.js(), js, 1e-14);
    Divergence reverse = new Divergence(366, 365);
    reverse.add(21, 0, terms);
    assertEquals(Double.POSITIVE_INFINITY, terms[0]);
    assertClose(0.5 * 21 / 366 * Math.log(2), terms[1], 1e-15);
  }
}
