package io.infospark.core;

import java.util.Map;

/**
 * The James–Stein shrinkage entropy estimator of Hausser and Strimmer (2009; DESIGN.md §5.1), in
 * nats: the frequencies p̂ = c/N are shrunk towards the uniform target t = 1/K,
 * p* = λt + (1 − λ)p̂, with the data-driven intensity
 * λ = (1 − Σ p̂²) / ((N − 1) Σ (t − p̂)²) clipped to [0, 1] (λ = 1 when Σ (t − p̂)² = 0), and
 * H = −Σ p* ln p*.
 *
 * <p>Which K: the size of the alphabet when it is known (then the values never seen are cells of
 * the target too, with p̂ = 0 and p* = λ/K; this is R's {@code entropy::entropy.shrink} on the
 * count vector of the whole alphabet, zeros included), else the number of values seen. Every sum
 * is over values with equal counts at once, so the estimator is a function of the fingerprint and
 * K only. Undefined for N &lt; 2 (the variance estimate has N − 1 in its denominator).
 */
final class JamesStein {
  private JamesStein() {}

  /** The shrinkage intensity λ ∈ [0, 1] for a fingerprint with N ≥ 2 and target size k ≥ K. */
  static double shrinkage(CountFingerprint f, long k) {
    long n = f.total();
    double t = 1.0 / k;
    CompensatedSum squares = new CompensatedSum(); // Σ p̂²
    CompensatedSum distance = new CompensatedSum(); // Σ (t − p̂)²
    for (Map.Entry<Long, Long> e : f.asMap().entrySet()) {
      double p = (double) e.getKey() / n;
      double m = e.getValue();
      squares.add(m * p * p);
      distance.add(m * (t - p) * (t - p));
    }
    distance.add((double) (k - f.distinct()) * t * t); // the unseen values: p̂ = 0
    double d = distance.value();
    if (d <= 0) {
      return 1;
    }
    double lambda = (1 - squares.value()) / ((n - 1) * d);
    return Math.max(0, Math.min(1, lambda));
  }

  /** The estimate in nats for N ≥ 2 and a target size k ≥ K (the alphabet, or K). */
  static double nats(CountFingerprint f, long k) {
    long n = f.total();
    if (n < 2 || k < f.distinct()) {
      throw new IllegalArgumentException("James-Stein needs N >= 2 and k >= K: N = " + n + ", k = " + k);
    }
    double lambda = shrinkage(f, k);
    double t = 1.0 / k;
    CompensatedSum h = new CompensatedSum();
    for (Map.Entry<Long, Long> e : f.asMap().entrySet()) {
      double c = e.getKey();
      double p = lambda * t + (1 - lambda) * c / n;
      // −ln p* as −log1p(−(1 − p*)) when p* is near 1, 1 − p* = λ(1 − t) + (1 − λ)(N − c)/N exact
      double surprisal = p > 0.5 ? -Math.log1p(-(lambda * (1 - t) + (1 - lambda) * (n - c) / n)) : -Math.log(p);
      h.add(e.getValue() * p * surprisal);
    }
    long unseen = k - f.distinct();
    if (unseen > 0 && lambda > 0) {
      h.add(-unseen * (lambda * t) * Math.log(lambda * t));
    }
    return h.value();
  }
}
