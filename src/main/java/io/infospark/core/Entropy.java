package io.infospark.core;

import java.util.Map;

/**
 * Entropy estimators over the sufficient statistics of a sample (DESIGN.md §1). Everything is
 * computed in nats and converted to the requested base at the end.
 *
 * <p>Numerics: with integer counts the plug-in estimate is summed as Σ (c/N)·ln(N/c), whose terms
 * are all ≥ 0, so the sum is free of the cancellation that ln N − (1/N) Σ c ln c suffers when H is
 * small next to ln N (a near-constant column with N = 10⁷ would lose 7 digits there); ln(N/c) is
 * taken as log1p((N − c)/c) when c > N/2, where N − c is exact. Sums are compensated and run over
 * the fingerprint in increasing count order, so the result does not depend on partitioning.
 */
public final class Entropy {
  private Entropy() {}

  static final String NO_VALUES = "no values to count (empty input, or every value null and nulls dropped)";
  static final String WEIGHTED = "Chao-Shen, Grassberger, James-Stein, NSB and coverage need integer counts "
      + "(they count values seen once); undefined with a weight column";
  /** Why NSB is null: it needs the number of possible values. */
  public static final String ALPHABET_UNKNOWN = "nsb, nsb_sd: alphabet size unknown (known for booleans and "
      + "binned numbers; declare it for other columns)";
  static final String ONE_VALUE_COUNTED = "james_stein: needs at least 2 values counted";

  /**
   * The plug-in family only (plug-in, Miller–Madow, Chao–Shen, standard error): the small-sample
   * estimators null, with {@code reason}.
   */
  public static EntropyEstimate plugInFamily(CountFingerprint f, LogBase base, String reason) {
    long n = f.total();
    if (n == 0) {
      return new EntropyEstimate(base, 0, 0, null, null, null, null, NO_VALUES);
    }
    double h = plugInNats(f, n);
    return new EntropyEstimate(base, n, f.distinct(), base.fromNats(h), base.fromNats(h + (f.distinct() - 1) / (2.0 * n)),
        base.fromNats(chaoShenNats(f, n)), base.fromNats(stdErrorNats(f, n, h)), reason);
  }

  /** All estimators from integer counts; NSB is null (the alphabet size is unknown). */
  public static EntropyEstimate estimate(CountFingerprint f, LogBase base) {
    return estimate(f, base, null);
  }

  /**
   * All estimators from integer counts.
   *
   * @param alphabet A, the number of possible values (at least the K values seen), or null when
   *     unknown: then NSB is null and James–Stein shrinks towards the uniform on the values seen
   * @throws IllegalArgumentException when the alphabet is smaller than the values seen
   */
  public static EntropyEstimate estimate(CountFingerprint f, LogBase base, Long alphabet) {
    long n = f.total();
    long k = f.distinct();
    if (alphabet != null && alphabet < Math.max(1, k)) {
      throw new IllegalArgumentException("alphabet size " + alphabet + " is below the " + k + " values seen");
    }
    if (n == 0) {
      return new EntropyEstimate(base, 0, 0, null, null, null, null, null, null, null, null, null, alphabet,
          NO_VALUES);
    }
    EntropyEstimate plugIn = plugInFamily(f, base, null);
    double g = Grassberger.nats(f);
    Double js = n >= 2 ? base.fromNats(JamesStein.nats(f, alphabet != null ? alphabet : k)) : null;
    Nsb.Posterior nsb = alphabet != null ? Nsb.posterior(f, alphabet) : null;
    double coverage = 1.0 - (double) f.singletons() / n;
    java.util.List<String> why = new java.util.ArrayList<>();
    if (js == null) {
      why.add(ONE_VALUE_COUNTED);
    }
    if (nsb == null) {
      why.add(ALPHABET_UNKNOWN);
    }
    return new EntropyEstimate(base, n, k, plugIn.entropy(), plugIn.millerMadow(), plugIn.chaoShen(),
        plugIn.stdError(), base.fromNats(g), js, nsb == null ? null : base.fromNats(nsb.mean()),
        nsb == null ? null : base.fromNats(nsb.sd()), coverage, alphabet, why.isEmpty() ? null : String.join("; ", why));
  }

  /** All estimators but those that need integer counts (Chao–Shen and the small-sample ones) from summed weights. */
  public static EntropyEstimate estimate(WeightedCounts w, LogBase base) {
    double n = w.total();
    long k = w.distinct();
    if (k == 0 || n <= 0) {
      return new EntropyEstimate(base, 0, 0, null, null, null, null, NO_VALUES);
    }
    double lnN = Math.log(n);
    double meanLnC = w.sumCLnC() / n;
    // H = ln N − (1/N) Σ c ln c; clamp the rounding of a (near-)constant column at 0.
    double h = Math.max(0.0, lnN - meanLnC);
    // Var(−ln p) = Var(ln c) under p = (1/N) Σ c (ln c)² − ((1/N) Σ c ln c)².
    double var = Math.max(0.0, w.sumCLn2C() / n - meanLnC * meanLnC);
    double se = Math.sqrt(var / n);
    double mm = h + (k - 1) / (2.0 * n);
    return new EntropyEstimate(base, n, k, base.fromNats(h), base.fromNats(mm), null,
        base.fromNats(se), WEIGHTED);
  }

  /** Plug-in entropy in nats of a count vector (zeros ignored). Convenience for tests and small data. */
  public static double plugIn(long... counts) {
    CountFingerprint f = CountFingerprint.of(counts);
    return f.total() == 0 ? Double.NaN : plugInNats(f, f.total());
  }

  /** −ln(c/N) = ln(N/c), accurate also when c is close to N. */
  static double surprisalNats(double c, double n) {
    return 2 * c > n ? Math.log1p((n - c) / c) : Math.log(n / c);
  }

  private static double plugInNats(CountFingerprint f, long n) {
    CompensatedSum s = new CompensatedSum();
    for (Map.Entry<Long, Long> e : f.asMap().entrySet()) {
      double c = e.getKey();
      s.add(e.getValue() * (c / n) * surprisalNats(c, n));
    }
    return s.value();
  }

  /** Σ p (−ln p − H)²  / N, the delta-method variance, summed in two passes (no cancellation). */
  private static double stdErrorNats(CountFingerprint f, long n, double h) {
    CompensatedSum s = new CompensatedSum();
    for (Map.Entry<Long, Long> e : f.asMap().entrySet()) {
      double c = e.getKey();
      double d = surprisalNats(c, n) - h;
      s.add(e.getValue() * (c / n) * d * d);
    }
    return Math.sqrt(Math.max(0.0, s.value()) / n);
  }

  /**
   * Chao & Shen (2003): Horvitz–Thompson over coverage-adjusted probabilities p̃ = C·c/N, with
   * coverage C = 1 − f₁/N (f₁ taken as N − 1 when every value is a singleton, so C > 0).
   */
  private static double chaoShenNats(CountFingerprint f, long n) {
    long f1 = f.singletons();
    if (f1 == n) {
      f1 = n - 1;
    }
    double coverage = 1.0 - (double) f1 / n;
    CompensatedSum s = new CompensatedSum();
    for (Map.Entry<Long, Long> e : f.asMap().entrySet()) {
      double pt = coverage * e.getKey() / n;
      // 1 − (1 − p̃)^N, as −expm1(N·log1p(−p̃)): exact for the tiny p̃ of rare values.
      double inclusion = -Math.expm1(n * Math.log1p(-pt));
      s.add(e.getValue() * (-pt * Math.log(pt)) / inclusion);
    }
    return s.value();
  }
}
