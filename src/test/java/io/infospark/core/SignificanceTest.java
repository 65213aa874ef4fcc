package io.infospark.core;

import static io.infospark.testing.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The two-sample G-test, the noise floors and the Hellinger distance (DESIGN.md §5.2) on real
 * tables of {@code data/}, against scipy and numpy ({@code src/test/python/estimators_reference.py
 * two_sample}, scipy 1.10.1, numpy 1.24.2):
 * <pre>
 * g, p, df, _ = chi2_contingency(np.vstack([a, b]), lambda_="log-likelihood", correction=False)
 * pa, pb = a/a.sum(), b/b.sum(); hellinger = np.sqrt(1 - np.sqrt(pa*pb).sum())
 * floor = (K-1)*(1/a.sum() + 1/b.sum()); js_null, kl_null, psi_null = floor/8, floor/2, floor
 * </pre>
 */
class SignificanceTest {
  private static final double REF = 1e-9;

  /** seattle-weather-2015.csv vs -2012.csv, "weather" (drizzle, fog, rain, snow, sun): snow only in 2012. */
  @Test
  void seattleWeatherDrift() {
    double[] p = {7, 52, 144, 0, 162};
    double[] q = {31, 5, 191, 21, 118};
    Significance s = TwoSampleTest.of(p, q, LogBase.E);
    assertClose(104.176921621792, s.gStatistic(), REF, "G");
    assertEquals(1.0, s.pValue() / 1.268437383343273e-21, REF, "p-value");
    assertEquals(4L, s.df());
    assertEquals(365.0, s.nP());
    assertEquals(366.0, s.nQ());
    assertClose(0.0027359832322778653, s.jsNull(), REF, "js_null");
    assertClose(0.010943932929111461, s.klNull(), REF, "kl_null");
    assertClose(0.021887865858222923, s.psiNull(), REF, "psi_null");
    assertTrue(s.rejects(0.001));
    DivergenceEstimate d = Divergence.of(p, q, 0, LogBase.E);
    assertClose(0.28906343518804856, d.hellinger(), REF, "hellinger");
    assertClose(0.0712587529768074, d.js(), REF, "js");
  }

  /**
   * birdstrikes.csv "Phase of flight", rows 0–4,999 vs 5,000–9,999: a p-value of 0.0498, just
   * below 0.05, for a JS of about twice its noise floor.
   */
  @Test
  void birdstrikesHalvesAtTheEdgeOfSignificance() {
    double[] p = {2351, 971, 184, 658, 5, 824, 7};
    double[] q = {2268, 985, 215, 747, 6, 768, 11};
    Significance s = TwoSampleTest.of(p, q, LogBase.E);
    assertClose(12.601826822977257, s.gStatistic(), REF, "G");
    assertEquals(1.0, s.pValue() / 0.049813217490641465, REF, "p-value");
    assertEquals(6L, s.df());
    assertClose(0.00030000000000000003, s.jsNull(), REF);
    assertClose(0.0012000000000000001, s.klNull(), REF);
    assertClose(0.0024000000000000002, s.psiNull(), REF);
    assertTrue(s.rejects(0.05));
    assertFalse(s.rejects(0.01));
    DivergenceEstimate d = Divergence.of(p, q, 0, LogBase.E);
    assertClose(0.025108793267981648, d.hellinger(), REF, "hellinger");
    assertEquals(1.0, d.js() / 0.0006300913411488434, REF, "js");
  }

  /** birdstrikes.csv "Wildlife Size", the first 200 rows against all 10,000: no evidence of drift. */
  @Test
  void smallSegmentIsNoise() {
    Significance s = TwoSampleTest.of(new double[] {11, 98, 91}, new double[] {744, 4346, 4910}, LogBase.E);
    assertClose(2.9526469631575036, s.gStatistic(), REF);
    assertEquals(1.0, s.pValue() / 0.22847614289081228, REF);
    assertClose(0.001275, s.jsNull(), REF);
    assertFalse(s.rejects(0.05));
    DivergenceEstimate d = Divergence.of(new double[] {11, 98, 91}, new double[] {744, 4346, 4910}, 0, LogBase.E);
    assertClose(0.043640396060787935, d.hellinger(), REF);
  }

  /** penguins.csv "Island" against itself: G = 0, p = 1, Hellinger 0; floors in bits are /ln 2. */
  @Test
  void identicalSamples() {
    double[] c = {168, 124, 52};
    Significance s = TwoSampleTest.of(c, c, LogBase.TWO);
    assertEquals(0.0, s.gStatistic(), 1e-13);
    assertEquals(1.0, s.pValue(), 1e-13);
    assertClose(0.0014534883720930232 / Math.log(2), s.jsNull(), REF);
    assertEquals(0.0, Divergence.of(c, c, 0, LogBase.E).hellinger(), 0.0);
  }

  /** One value on both sides: df 0, G = 0, p = 1, floors 0 (DESIGN.md §5.2). */
  @Test
  void oneValue() {
    Significance s = TwoSampleTest.of(new double[] {5}, new double[] {9}, LogBase.E);
    assertEquals(0L, s.df());
    assertEquals(0.0, s.gStatistic());
    assertEquals(1.0, s.pValue());
    assertEquals(0.0, s.jsNull());
    assertFalse(s.rejects(0.5));
  }

  @Test
  void emptySide() {
    Significance s = TwoSampleTest.of(new double[] {0, 0}, new double[] {3, 4}, LogBase.E);
    assertNull(s.gStatistic());
    assertNull(s.pValue());
    assertNull(s.jsNull());
    assertFalse(s.rejects(0.5));
    assertTrue(s.reason().contains("no values"));
  }

  /** Disjoint supports: Hellinger 1, G = 2 n ln 2 ·… finite; equal to the mutual-information form. */
  @Test
  void disjointSupports() {
    double[] p = {4, 0};
    double[] q = {0, 6};
    assertEquals(1.0, Divergence.of(p, q, 0, LogBase.E).hellinger(), 1e-15);
    // G = 2 n I(S; V) with I = H(S) = H(4/10, 6/10) when V determines S
    double h = -(0.4 * Math.log(0.4) + 0.6 * Math.log(0.6));
    assertClose(2 * 10 * h, TwoSampleTest.of(p, q, LogBase.E).gStatistic(), 1e-14);
  }

  /**
   * Two samples that differ in one count in 10⁷: G keeps its digits (the non-negative φ form);
   * mpmath 1.2.1 at 40 digits:
   * <pre>
   * a = [5000001, 4999999]; b = [5000000, 5000000]; n = sum(a) + sum(b); mp.mp.dps = 40
   * G = sum(2*o*mp.log(o/(mp.mpf(a[i]+b[i])*t/n)) for i in range(2) for o, t in ((a[i], sum(a)), (b[i], sum(b))))
   * # 2.0000000000000233333e-7
   * </pre>
   */
  @Test
  void tinyDifferenceKeepsItsDigits() {
    Significance s = TwoSampleTest.of(new double[] {5_000_001, 4_999_999}, new double[] {5_000_000, 5_000_000},
        LogBase.E);
    assertEquals(1.0, s.gStatistic() / 2.0000000000000233333e-7, 1e-9);
  }

  /**
   * The noise floors are the mean plug-in divergence of two samples of one distribution: a
   * simulation ({@code estimators_reference.py noise_floor}, numpy 1.24.2, seed 11, the shares of
   * birdstrikes "Phase of flight", K = 7, 20,000 pairs of samples for each size):
   * <pre>
   * for each pair: a = multinomial(n_p, shares)/n_p; b = multinomial(n_q, shares)/n_q; plug-in JS, KL, PSI
   * print(mean, std/sqrt(reps))
   * </pre>
   * Each floor lies within 4 Monte Carlo standard errors of the simulated mean.
   */
  @Test
  void noiseFloorsMatchASimulation() {
    // {n_p, n_q, MC mean of JS, its s.e., of KL, s.e., of PSI, s.e.}
    double[][] mc = {
        {20000, 20000, 7.49239023272007e-05, 3.0408613598683746e-07, 0.0003007321573754487, 1.228872086094033e-06,
            0.0006014154075925608, 2.4498799439303647e-06},
        {50000, 200000, 1.8932959296232166e-05, 7.705058104442044e-08, 7.566367694228941e-05, 3.0742492314493025e-07,
            0.00015158936407787022, 6.174827521701604e-07},
    };
    for (double[] c : mc) {
      // 7 values with totals n_p and n_q: only K and the totals enter the floors
      double[] p = {c[0] - 6, 1, 1, 1, 1, 1, 1};
      double[] q = {c[1] - 6, 1, 1, 1, 1, 1, 1};
      Significance s = TwoSampleTest.of(p, q, LogBase.E);
      String what = "n_p " + c[0] + ", n_q " + c[1];
      assertEquals(c[2], s.jsNull(), 4 * c[3], "js_null, " + what);
      assertEquals(c[4], s.klNull(), 4 * c[5], "kl_null, " + what);
      assertEquals(c[6], s.psiNull(), 4 * c[7], "psi_null, " + what);
      assertClose(6 * (1 / c[0] + 1 / c[1]) / 8, s.jsNull(), 1e-14, "js_null formula");
    }
  }
}
