package io.infospark.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * NSB posterior mean and standard deviation (DESIGN.md §5.1) against an independent reference:
 * {@code src/test/python/estimators_reference.py nsb} integrates over t = ln β with mpmath 1.2.1's
 * {@code quad} at 30 digits the textbook (Wolpert–Wolf) moments E[H | β] and E[H² | β] (not the
 * centred variance the Java code uses) under the weight p(counts | β)·β·dξ/dβ, with the evidence
 * from {@code mp.loggamma} directly:
 * <pre>
 * logev(b) = loggamma(A*b) - loggamma(N + A*b) + sum(f*(loggamma(c + b) - loggamma(b)) for c, f in fp)
 * dxi(b)   = A*polygamma(1, A*b + 1) - polygamma(1, b + 1)
 * E[H|b]   = digamma(a + 1) - sum(f*a_i/a*digamma(a_i + 1))           a = N + A b, a_i = c + b (and b, A - K times)
 * E[H²|b]  = [(S1² - S2) - psi1(a+2)(a² - Σf a_i²) + Σ f a_i(a_i+1)((psi(a_i+2) - psi(a+2))² + psi1(a_i+2) - psi1(a+2))]
 *            / (a(a+1)),  S1 = Σ f a_i (psi(a_i+1) - psi(a+2)),  S2 = Σ f a_i² (psi(a_i+1) - psi(a+2))²
 * nsb = ∫ w E[H|b] / ∫ w;  nsb_sd = sqrt(∫ w E[H²|b] / ∫ w - nsb²)
 * </pre>
 * Fingerprints (count: values) of real columns of {@code data/} as in {@link SmallSampleEntropyTest}.
 */
class NsbTest {
  private static final double REF = 1e-7;

  private static void check(CountFingerprint f, long alphabet, double mean, double sd) {
    Nsb.Posterior p = Nsb.posterior(f, alphabet);
    assertEquals(1.0, p.mean() / mean, REF, "nsb of " + f + ", A = " + alphabet + ": " + p.mean());
    assertEquals(1.0, p.sd() / sd, REF, "nsb_sd of " + f + ", A = " + alphabet + ": " + p.sd());
  }

  private static CountFingerprint fingerprint(long[][] countAndTimes) {
    CountFingerprint f = new CountFingerprint();
    for (long[] e : countAndTimes) {
      f.add(e[0], e[1]);
    }
    return f;
  }

  /** birdstrikes "Wildlife Size" and "Time of day", penguins "Species": small alphabets, well sampled. */
  @Test
  void smallAlphabetsOfRealTables() {
    check(CountFingerprint.of(744, 4346, 4910), 3, 0.90478519892168333, 0.0048366818693460671);
    check(CountFingerprint.of(429, 584, 3363, 5624), 4, 0.99126886638296074, 0.0070690323312537931);
    check(CountFingerprint.of(68, 124, 152), 3, 1.0491461148204061, 0.015916841292128166);
  }

  /** birdstrikes "Flight Date" (coverage 0.89) and its first 200 rows (coverage 0.705), A = 4,583 days. */
  @Test
  void undersampledColumnsOfARealTable() {
    check(fingerprint(SmallSampleEntropyTest.FLIGHT_DATE), SmallSampleEntropyTest.DAYS, 8.2522755205631062,
        0.0075643046770742422);
    check(fingerprint(SmallSampleEntropyTest.FLIGHT_DATE_200), SmallSampleEntropyTest.DAYS, 5.3732324823190764,
        0.12057442372634868);
  }

  /** birdstrikes "Aircraft Make Model" (225 models in 10,000 rows, 53 seen once) with A = 1,000. */
  @Test
  void manyValuesOfARealTable() {
    check(SmallSampleEntropyTest.aircraftMakeModel(), 1000, 3.9021251487207462, 0.014214175295234341);
  }

  /** Large alphabets: the same dates with A = 10⁶ (200 rows) and A = 10⁹ (all rows). */
  @Test
  void largeAlphabets() {
    check(fingerprint(SmallSampleEntropyTest.FLIGHT_DATE_200), 1_000_000, 5.3789287544862643, 0.122370146549437);
    check(fingerprint(SmallSampleEntropyTest.FLIGHT_DATE), 1_000_000_000L, 8.350040158001275,
        0.013562382604718169);
  }

  /**
   * A large column: counts ⌊10⁶/i⌋ for i = 1 … 50,000 (Zipf-like, N = 11,372,299, 1,980 distinct
   * counts), A = 10⁶. The mpmath reference takes hours here; {@code estimators_reference.py
   * nsb_large_float} integrates the same textbook moments in float64 with scipy ({@code gammaln},
   * {@code digamma}, {@code polygamma}, {@code integrate.quad}, epsrel 1e-13), whose E[H²] − E[H]²
   * keeps about 8 digits of the variance at this N (it gives Flight Date's sd to 2e-10 of mpmath's):
   * <pre>
   * c = np.floor(1e6 / np.arange(1, 50001)); nsb_float(fingerprint(c), 10**6)
   * # (7.55658287029708, 0.0009725280551785094)
   * </pre>
   */
  @Test
  void largeColumn() {
    CountFingerprint f = new CountFingerprint();
    for (int i = 1; i <= 50_000; i++) {
      f.add((long) Math.floor(1e6 / i));
    }
    assertEquals(11_372_299L, f.total());
    assertEquals(1980, f.size());
    Nsb.Posterior p = Nsb.posterior(f, 1_000_000);
    assertEquals(1.0, p.mean() / 7.55658287029708, 1e-12, "nsb " + p.mean());
    assertEquals(1.0, p.sd() / 0.0009725280551785094, REF, "nsb_sd " + p.sd());
  }

  /**
   * The edges of the posterior: no coincidences (50 values each seen once, A = 10⁶: the posterior
   * piles up towards ln A, its tail in ln β decays only like e^{−t}) and one value seen 10⁷ times
   * (A = 1,000: the posterior sits at β ≈ 1e-4 and H near 0).
   */
  @Test
  void edgesOfThePosterior() {
    check(CountFingerprint.of(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}), 1_000_000, 10.885354757648521,
        1.8034881908184602);
    check(CountFingerprint.of(10_000_000L), 1000, 9.9303423111344459e-8, 4.0842623678631202e-7);
  }

  /**
   * A = 2, a closed case: {@code estimators_reference.py two_values} also computes the posterior by
   * a double integral over p and β with nothing but the Beta density and H(p) (not the ψ formulas):
   * <pre>
   * ev(b) = beta(n1 + b, n2 + b) / beta(b, b); dxi(b) = 2 polygamma(1, 2b + 1) - polygamma(1, b + 1)
   * E[H^k] = ∫ ev dxi ∫ H(p)^k Beta(p; n1 + b, n2 + b) dp db / ∫ ev dxi db
   * counts (3, 1): 0.56347018606608844 ± 0.15195427054732992 by both
   * </pre>
   */
  @Test
  void twoValuesClosedCase() {
    check(CountFingerprint.of(3, 1), 2, 0.56347018606608844, 0.15195427054732992);
  }

  /**
   * A Monte Carlo of the NSB posterior itself ({@code estimators_reference.py monte_carlo}, numpy
   * 1.24.2, seed 7): β drawn from its posterior by the inverse CDF of the weight on a grid of
   * 6,001 points in t ∈ [−30, 30], then p ~ Dirichlet(c + β) over the whole alphabet and H(p):
   * <pre>
   * "Time of day", first 40 rows {2:1, 5:1, 14:1, 19:1}, A = 4, 200,000 draws:
   *     mean 1.1544882196098243 ± 0.00020187431711419599, sd 0.09028093919573828 ± 0.00014274669857885147
   * "Flight Date", first 200 rows, A = 4583, 20,000 draws:
   *     mean 5.374428975404725 ± 0.0008540369805573844, sd 0.12077906806724203 ± 0.0006038953403362102
   * </pre>
   * The estimates lie within 4 Monte Carlo standard errors.
   */
  @Test
  void monteCarloOfThePosterior() {
    Nsb.Posterior time = Nsb.posterior(CountFingerprint.of(2, 5, 14, 19), 4);
    assertEquals(1.1544882196098243, time.mean(), 4 * 0.00020187431711419599);
    assertEquals(0.09028093919573828, time.sd(), 4 * 0.00014274669857885147);
    Nsb.Posterior dates = Nsb.posterior(fingerprint(SmallSampleEntropyTest.FLIGHT_DATE_200), 4583);
    assertEquals(5.374428975404725, dates.mean(), 4 * 0.0008540369805573844);
    assertEquals(0.12077906806724203, dates.sd(), 4 * 0.0006038953403362102);
  }

  /**
   * With no data the posterior is the prior, uniform in ξ on (0, ln A): the mean is ln(A)/2 for
   * every A (a closed form). The sd from the reference (mpmath, as above, with no counts).
   */
  @Test
  void noDataGivesHalfTheLargestEntropy() {
    for (long a : new long[] {2, 10, 1000, 1_000_000_000L}) {
      Nsb.Posterior p = Nsb.posterior(new CountFingerprint(), a);
      assertEquals(1.0, p.mean() / (0.5 * Math.log(a)), 1e-10, "A = " + a);
    }
  }

  @Test
  void oneValuePossibleIsCertain() {
    Nsb.Posterior p = Nsb.posterior(CountFingerprint.of(17), 1);
    assertEquals(0.0, p.mean());
    assertEquals(0.0, p.sd());
  }

  @Test
  void alphabetBelowTheValuesSeen() {
    assertThrows(IllegalArgumentException.class, () -> Nsb.posterior(CountFingerprint.of(1, 1, 1), 2));
  }

  /** Bounds: 0 ≤ NSB ≤ ln A whatever the counts. */
  @Test
  void withinZeroAndLnA() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    for (int trial = 0; trial < 30; trial++) {
      long[] c = new long[1 + r.nextInt(20)];
      for (int i = 0; i < c.length; i++) {
        c[i] = 1 + r.nextInt(r.nextBoolean() ? 3 : 3000);
      }
      CountFingerprint f = CountFingerprint.of(c);
      long a = f.distinct() + r.nextInt(r.nextBoolean() ? 5 : 100000);
      Nsb.Posterior p = Nsb.posterior(f, Math.max(1, a));
      assertTrue(p.mean() >= 0 && p.mean() <= Math.log(Math.max(1, a)) + 1e-12, f + " A=" + a + ": " + p);
      assertTrue(p.sd() >= 0 && Double.isFinite(p.sd()), f + " A=" + a + ": " + p);
    }
  }
}
