package io.infospark.core;

import static io.infospark.testing.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EntropyTest {
  private static final double EXACT = 1e-15;
  private static final double REF = 1e-12;

  @Test
  void empty() {
    EntropyEstimate e = Entropy.estimate(new CountFingerprint(), LogBase.E);
    assertNull(e.entropy());
    assertNull(e.millerMadow());
    assertNull(e.chaoShen());
    assertNull(e.stdError());
    assertNotNull(e.reason());
  }

  /** The reference document's three cases: 1 value → 0 bits, 2 equiprobable → 1 bit, 4 → 2 bits. */
  @Test
  void sourceDocumentCases() {
    assertEquals(0.0, Entropy.estimate(CountFingerprint.of(7), LogBase.TWO).entropy(), 0.0);
    assertClose(1.0, Entropy.estimate(CountFingerprint.of(5, 5), LogBase.TWO).entropy(), EXACT);
    assertClose(2.0, Entropy.estimate(CountFingerprint.of(3, 3, 3, 3), LogBase.TWO).entropy(), EXACT);
    assertEquals("bits", Entropy.estimate(CountFingerprint.of(3, 3), LogBase.TWO).unit());
  }

  @Test
  void oneValueHasNoNormalizedEntropy() {
    EntropyEstimate e = Entropy.estimate(CountFingerprint.of(9), LogBase.E);
    assertEquals(0.0, e.entropy(), 0.0);
    assertNull(e.normalizedEntropy());
    assertEquals(0.0, e.maxEntropy(), 0.0);
  }

  @Test
  void uniformOnKValuesIsLnK() {
    for (int k : new int[] {2, 3, 10, 1000}) {
      long[] counts = new long[k];
      java.util.Arrays.fill(counts, 17);
      EntropyEstimate e = Entropy.estimate(CountFingerprint.of(counts), LogBase.E);
      assertClose(Math.log(k), e.entropy(), EXACT, "k=" + k);
      assertClose(1.0, e.normalizedEntropy(), EXACT);
      assertClose(0.0, e.stdError(), EXACT);
      assertClose(Math.log10(k), Entropy.estimate(CountFingerprint.of(counts), LogBase.TEN).entropy(), EXACT);
    }
  }

  @Test
  void boundedByZeroAndLnK() {
    SplittableRandom r = new SplittableRandom(42);
    for (int trial = 0; trial < 200; trial++) {
      long[] c = new long[1 + r.nextInt(50)];
      for (int i = 0; i < c.length; i++) {
        c[i] = r.nextInt(1000);
      }
      CountFingerprint f = CountFingerprint.of(c);
      if (f.total() == 0) {
        continue;
      }
      double h = Entropy.estimate(f, LogBase.E).entropy();
      assertTrue(h >= 0 && h <= Math.log(f.distinct()) * (1 + 1e-15), "H=" + h + " K=" + f.distinct());
    }
  }

  /**
   * Counts (5, 3, 1, 1). Expected values from scipy 1.10.1 and numpy:
   * <pre>
   * c = np.array([5,3,1,1]); entropy(c); entropy(c, base=2)
   * N=c.sum(); f1=(c==1).sum(); C=1-f1/N; pa=C*c/N; -(pa*np.log(pa)/(1-(1-pa)**N)).sum()   # Chao-Shen
   * p=c/N; np.sqrt(((p*np.log(p)**2).sum()-entropy(c)**2)/N)                                # std error
   * </pre>
   */
  @Test
  void smallSampleAgainstScipy() {
    CountFingerprint f = CountFingerprint.of(5, 3, 1, 1);
    EntropyEstimate e = Entropy.estimate(f, LogBase.E);
    assertClose(1.1682824501765625, e.entropy(), REF);
    assertClose(1.6854752972273344, Entropy.estimate(f, LogBase.TWO).entropy(), REF);
    assertClose(1.1682824501765625 + 3.0 / 20, e.millerMadow(), REF);
    assertClose(1.4492634570732532, e.chaoShen(), REF);
    assertClose(0.19250646735399962, e.stdError(), REF);
    assertEquals(10.0, e.total());
    assertEquals(4, e.distinct());
  }

  /** A near-constant column: (10⁷ − 1, 1). H = −p ln p − q ln q computed in closed form with log1p. */
  @Test
  void nearConstantColumnKeepsItsDigits() {
    long n = 10_000_000L;
    double q = 1.0 / n;
    double expected = -(1 - q) * Math.log1p(-q) - q * Math.log(q);
    assertClose(expected, Entropy.estimate(CountFingerprint.of(n - 1, 1), LogBase.E).entropy(), 1e-14);
  }

  @Test
  void allSingletonsChaoShenIsFinite() {
    long[] ones = new long[100];
    java.util.Arrays.fill(ones, 1);
    EntropyEstimate e = Entropy.estimate(CountFingerprint.of(ones), LogBase.E);
    assertTrue(Double.isFinite(e.chaoShen()) && e.chaoShen() > e.entropy());
  }

  @Test
  void weightsEqualToRepeatedCounts() {
    EntropyEstimate integer = Entropy.estimate(CountFingerprint.of(5, 3, 1, 1), LogBase.E);
    EntropyEstimate weighted = Entropy.estimate(WeightedCounts.of(5.0, 3.0, 1.0, 1.0), LogBase.E);
    assertClose(integer.entropy(), weighted.entropy(), REF);
    assertClose(integer.millerMadow(), weighted.millerMadow(), REF);
    assertClose(integer.stdError(), weighted.stdError(), REF);
    assertNull(weighted.chaoShen());
    assertNotNull(weighted.reason());
  }

  /** Merge law on the fingerprint: f(A) ⊕ f(B) = f(A ∪ B) for disjoint value sets. */
  @Test
  void fingerprintMergeLaw() {
    CountFingerprint a = CountFingerprint.of(5, 3, 1);
    CountFingerprint b = CountFingerprint.of(1, 3, 8);
    assertEquals(CountFingerprint.of(5, 3, 1, 1, 3, 8), a.merge(b));
    WeightedCounts wa = WeightedCounts.of(2.5, 1.0);
    WeightedCounts wb = WeightedCounts.of(4.0);
    WeightedCounts all = WeightedCounts.of(2.5, 1.0, 4.0);
    wa.merge(wb);
    assertClose(all.total(), wa.total(), EXACT);
    assertClose(all.sumCLnC(), wa.sumCLnC(), EXACT);
    assertClose(all.sumCLn2C(), wa.sumCLn2C(), EXACT);
    assertEquals(all.distinct(), wa.distinct());
  }

  @Test
  void codingBoundIsNTimesHInBits() {
    EntropyEstimate e = Entropy.estimate(CountFingerprint.of(3, 3, 3, 3), LogBase.E);
    assertClose(12 * 2.0, e.codingBoundBits(), EXACT);
  }

  @Test
  void badBase() {
    BadInputException x = assertThrows(BadInputException.class, () -> LogBase.parse("3", "base"));
    assertTrue(x.getMessage().startsWith("base:"));
    assertEquals(LogBase.TWO, LogBase.parse("bits", "base"));
  }
}
