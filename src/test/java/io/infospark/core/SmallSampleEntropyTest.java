package io.infospark.core;

import static io.infospark.testing.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Grassberger, James–Stein and the Good–Turing coverage (DESIGN.md §5.1) on the count fingerprints
 * of real columns of {@code data/}, against scipy and numpy. The fingerprints and the expected
 * values come from {@code src/test/python/estimators_reference.py estimators} (scipy 1.10.1,
 * numpy 1.24.2, pandas 1.5.3):
 * <pre>
 * c = pd.read_csv(path, keep_default_na=False, na_values=['']).value_counts()   # Spark's nulls
 * g = digamma(c) + 0.5 * (-1)**c * (digamma((c+1)/2) - digamma(c/2))
 * grassberger = np.log(N) - (c * g).sum() / N
 * # James-Stein (Hausser-Strimmer) on the whole alphabet: zeros for its unseen values
 * u = c/N; t = 1/len(c); lam = clip((1 - (u**2).sum()) / ((N-1) * ((t-u)**2).sum()), 0, 1)
 * p = lam*t + (1-lam)*u; james_stein = -(p[p>0] * np.log(p[p>0])).sum()
 * coverage = 1 - (c == 1).sum() / N
 * </pre>
 */
class SmallSampleEntropyTest {
  private static final double REF = 1e-9;
  private static final double EXACT = 1e-14;

  private static CountFingerprint fingerprint(long[][] countAndTimes) {
    CountFingerprint f = new CountFingerprint();
    for (long[] e : countAndTimes) {
      f.add(e[0], e[1]);
    }
    return f;
  }

  /** birdstrikes.csv "Flight Date": 10,000 rows, 3,625 dates, 1,072 seen once: coverage 0.8928. */
  static final long[][] FLIGHT_DATE = {{1, 1072}, {2, 915}, {3, 672}, {4, 409}, {5, 243}, {6, 138}, {7, 91},
      {8, 41}, {9, 22}, {10, 12}, {11, 7}, {13, 1}, {14, 1}, {16, 1}};
  /** The first 200 rows of the same column: 116 dates, 59 seen once. */
  static final long[][] FLIGHT_DATE_200 = {{1, 59}, {2, 38}, {3, 12}, {4, 6}, {5, 1}};
  /** The days from 1990-01-08 to 2002-07-25: the alphabet of the dates that could occur. */
  static final long DAYS = 4583;

  @Test
  void undersampledColumnOfARealTable() {
    EntropyEstimate e = Entropy.estimate(fingerprint(FLIGHT_DATE), LogBase.E, DAYS);
    assertClose(8.238387479841924, e.grassberger(), REF, "grassberger");
    assertClose(8.35426006235522, e.jamesStein(), REF, "james_stein, target 1/A");
    assertClose(0.8928, e.coverage(), EXACT, "coverage");
    assertTrue(e.undersampled());
    assertEquals(DAYS, e.alphabet());
    // without the alphabet, the target is the uniform on the 3,625 values seen
    EntropyEstimate k = Entropy.estimate(fingerprint(FLIGHT_DATE), LogBase.E);
    assertClose(8.188099009028539, k.jamesStein(), REF, "james_stein, target 1/K");
    assertClose(0.8118546102720046, JamesStein.shrinkage(fingerprint(FLIGHT_DATE), 3625), REF, "lambda, K");
    assertClose(0.5529248791606491, JamesStein.shrinkage(fingerprint(FLIGHT_DATE), DAYS), REF, "lambda, A");
    assertNull(k.nsb());
    assertNull(k.alphabet());
    assertTrue(k.reason().contains("alphabet size unknown"), k.reason());
  }

  @Test
  void smallSegmentOfARealTable() {
    EntropyEstimate e = Entropy.estimate(fingerprint(FLIGHT_DATE_200), LogBase.E, DAYS);
    assertClose(5.062013545342848, e.grassberger(), REF, "grassberger");
    assertClose(7.016897956502426, e.jamesStein(), REF, "james_stein, A");
    assertClose(0.705, e.coverage(), EXACT, "coverage");
    assertTrue(e.undersampled());
    // λ = (1 − Σp̂²)/((N − 1) Σ(t − p̂)²) = 1.0196 for K = 116: clipped to 1, the target itself
    assertClose(1.0, JamesStein.shrinkage(fingerprint(FLIGHT_DATE_200), 116), EXACT, "lambda clipped");
    assertClose(4.753590191106363, Entropy.estimate(fingerprint(FLIGHT_DATE_200), LogBase.E).jamesStein(), REF);
    assertClose(Math.log(116), Entropy.estimate(fingerprint(FLIGHT_DATE_200), LogBase.E).jamesStein(), EXACT);
  }

  /** Well-sampled columns: every estimator close to the plug-in value, coverage 1. */
  @Test
  void wellSampledColumnsOfRealTables() {
    // birdstrikes "Wildlife Size" (3 values), "Time of day" (4), "Aircraft Make Model" (225 values;
    // declared alphabet 1000), penguins "Species" (3)
    Object[][] cases = {
        {CountFingerprint.of(744, 4346, 4910), 3L, 0.9047320914558359, 0.9049951587592803, 0.9049951587592803, 1.0},
        {CountFingerprint.of(429, 584, 3363, 5624), 4L, 0.9913370861131447, 0.9914194387448494, 0.9914194387448494,
            1.0},
        {CountFingerprint.of(68, 124, 152), 3L, 1.0491411679896618, 1.055149075896724, 1.055149075896724, 1.0},
        {aircraftMakeModel(), 1000L, 3.8988738286186413, 3.8945960365549546, 3.907284923075044, 0.9947},
    };
    for (Object[] c : cases) {
      CountFingerprint f = (CountFingerprint) c[0];
      EntropyEstimate e = Entropy.estimate(f, LogBase.E, (Long) c[1]);
      assertClose((double) c[2], e.grassberger(), REF, "grassberger " + f);
      assertClose((double) c[3], Entropy.estimate(f, LogBase.E).jamesStein(), REF, "james_stein K " + f);
      assertClose((double) c[4], e.jamesStein(), REF, "james_stein A " + f);
      assertClose((double) c[5], e.coverage(), EXACT, "coverage " + f);
      assertFalse(e.undersampled());
    }
  }

  /** birdstrikes "Aircraft Make Model": 225 values in 10,000 rows. */
  static CountFingerprint aircraftMakeModel() {
    return fingerprint(new long[][] {{1, 53}, {2, 26}, {3, 13}, {4, 20}, {5, 7}, {6, 7}, {7, 10}, {8, 3}, {9, 3},
        {10, 3}, {11, 5}, {12, 1}, {13, 3}, {14, 2}, {15, 1}, {16, 2}, {17, 4}, {19, 1}, {20, 2}, {22, 3}, {23, 1},
        {24, 1}, {27, 1}, {30, 1}, {31, 2}, {32, 1}, {34, 1}, {36, 4}, {37, 1}, {38, 1}, {39, 1}, {41, 1}, {43, 1},
        {51, 1}, {57, 1}, {58, 1}, {63, 1}, {66, 1}, {67, 1}, {69, 1}, {74, 1}, {78, 1}, {80, 1}, {97, 2},
        {103, 2}, {106, 1}, {108, 1}, {109, 2}, {119, 1}, {124, 1}, {127, 1}, {129, 1}, {160, 1}, {174, 1},
        {182, 2}, {192, 1}, {213, 1}, {214, 1}, {224, 1}, {371, 1}, {386, 1}, {398, 1}, {425, 1}, {490, 1},
        {546, 1}, {641, 1}, {854, 1}, {954, 1}});
  }

  /** In bits: every entropy field converted, coverage unit-free. */
  @Test
  void unitsConvertEveryEstimator() {
    CountFingerprint f = fingerprint(FLIGHT_DATE_200);
    EntropyEstimate nats = Entropy.estimate(f, LogBase.E, DAYS);
    EntropyEstimate bits = Entropy.estimate(f, LogBase.TWO, DAYS);
    assertClose(nats.grassberger() / Math.log(2), bits.grassberger(), EXACT);
    assertClose(nats.jamesStein() / Math.log(2), bits.jamesStein(), EXACT);
    assertClose(nats.nsb() / Math.log(2), bits.nsb(), EXACT);
    assertClose(nats.nsbSd() / Math.log(2), bits.nsbSd(), EXACT);
    assertEquals(nats.coverage(), bits.coverage());
  }

  /**
   * Grassberger's G(n) for small n in closed form: G(1) = −γ − ln 2, G(2) = 2 − γ − ln 2 (ψ(2) =
   * 1 − γ, ψ(3/2) − ψ(1) = 2 − 2 ln 2). Two singletons: H = ln 2 − G(1) = 2 ln 2 + γ.
   */
  @Test
  void grassbergerClosedForms() {
    double gamma = 0.5772156649015329;
    assertClose(Math.log(2) + gamma + Math.log(2), Grassberger.nats(CountFingerprint.of(1, 1)), EXACT);
    assertClose(Math.log(2) - (2 - gamma - Math.log(2)), Grassberger.logMinusG(2), EXACT);
  }

  /**
   * A near-constant column, N = 10⁷ with one value seen once: the estimators keep their digits
   * (ln N − (1/N) Σ c G(c) taken apart would lose 7 of them). mpmath 1.2.1 at 40 digits:
   * <pre>
   * N = mp.mpf(10**7); G = lambda n: mp.digamma(n) + (-1)**int(n)/mp.mpf(2)*(mp.digamma((n+1)/2) - mp.digamma(n/2))
   * mp.log(N) - ((N-1)*G(N-1) + G(1)) / N                     # 1.9388458479753132958e-6
   * </pre>
   */
  @Test
  void nearConstantColumnKeepsItsDigits() {
    long n = 10_000_000L;
    assertEquals(1.0, Grassberger.nats(CountFingerprint.of(n - 1, 1)) / 1.9388458479753132958e-6, 1e-12, "relative");
    assertClose(0.9999999, Entropy.estimate(CountFingerprint.of(n - 1, 1), LogBase.E).coverage(), EXACT);
  }

  @Test
  void oneValueCountedHasNoJamesStein() {
    EntropyEstimate e = Entropy.estimate(CountFingerprint.of(1), LogBase.E, 5L);
    assertNull(e.jamesStein());
    assertTrue(e.reason().contains("james_stein"), e.reason());
    assertEquals(0.0, e.coverage(), 0.0); // the one value was seen once
    assertTrue(e.undersampled());
  }

  @Test
  void alphabetSmallerThanTheValuesSeenIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Entropy.estimate(CountFingerprint.of(1, 2, 3), LogBase.E, 2L));
  }

  @Test
  void weightsHaveNoSmallSampleEstimators() {
    EntropyEstimate w = Entropy.estimate(WeightedCounts.of(2.5, 1.0), LogBase.E);
    assertNull(w.grassberger());
    assertNull(w.jamesStein());
    assertNull(w.nsb());
    assertNull(w.coverage());
    assertNull(w.undersampled());
    assertTrue(w.reason().contains("integer counts"), w.reason());
  }

  @Test
  void emptyHasNothing() {
    EntropyEstimate e = Entropy.estimate(new CountFingerprint(), LogBase.E, 4L);
    assertNull(e.grassberger());
    assertNull(e.nsb());
    assertNull(e.coverage());
    assertEquals(4L, e.alphabet());
  }
}
