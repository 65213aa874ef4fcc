package io.infospark.core;

import java.util.Map;

/**
 * Grassberger's (2003) entropy estimator (DESIGN.md §5.1), in nats:
 * H = ln N − (1/N) Σ_v c_v G(c_v), G(n) = ψ(n) + ½(−1)ⁿ [ψ((n + 1)/2) − ψ(n/2)].
 * Its bias is much smaller than the plug-in estimate's on undersampled data (values seen once or
 * twice), and like the plug-in it depends on the counts only through the fingerprint.
 *
 * <p>Numerics: the sum is taken as Σ (c/N)·[ln(N/c) + (ln c − G(c))], whose first part is the
 * plug-in term (no cancellation) and whose second part is small for large c; for c ≥ 12 it is
 * formed from the tails of ψ's asymptotic series, so a near-constant column with N = 10⁷ keeps its
 * digits instead of losing them to ln N − (1/N) Σ c G(c). Cost: O(size of the fingerprint).
 */
final class Grassberger {
  private Grassberger() {}

  /** The estimate in nats; the fingerprint must have a positive total. */
  static double nats(CountFingerprint f) {
    long n = f.total();
    CompensatedSum s = new CompensatedSum();
    for (Map.Entry<Long, Long> e : f.asMap().entrySet()) {
      double c = e.getKey();
      s.add(e.getValue() * (c / n) * (Entropy.surprisalNats(c, n) + logMinusG(c)));
    }
    return s.value();
  }

  /** ln n − G(n) for a whole n ≥ 1. */
  static double logMinusG(double n) {
    double sign = ((long) n & 1) == 0 ? 1 : -1;
    if (n / 2 >= Polygamma.ASYMPTOTIC) {
      // ln n − ψ(n) − ½(−1)ⁿ [ψ((n+1)/2) − ψ(n/2)], with ψ((n+1)/2) − ψ(n/2) =
      // ln(1 + 1/n) − r((n+1)/2) + r(n/2), r(x) = ln x − ψ(x)
      double halfDifference = Math.log1p(1 / n) - Polygamma.logMinusDigammaSeries((n + 1) / 2)
          + Polygamma.logMinusDigammaSeries(n / 2);
      return Polygamma.logMinusDigammaSeries(n) - 0.5 * sign * halfDifference;
    }
    double g = Polygamma.digamma(n) + 0.5 * sign * (Polygamma.digamma((n + 1) / 2) - Polygamma.digamma(n / 2));
    return Math.log(n) - g;
  }
}
