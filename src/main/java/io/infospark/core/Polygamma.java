package io.infospark.core;

/**
 * The digamma and trigamma functions and the log-gamma differences the small-sample entropy
 * estimators need, in plain Java, each in a form that keeps its digits where the estimators use it.
 * Accuracy: about 1e-15 absolute for ψ and 1e-15 relative for ψ₁ and the tails below.
 *
 * <p>Method: the recurrences ψ(x) = ψ(x + 1) − 1/x and ψ₁(x) = ψ₁(x + 1) + 1/x² move x to
 * at least {@link #ASYMPTOTIC}, where the asymptotic (Bernoulli) series converge to double
 * precision in eight terms. Differences of large arguments (ψ(x) − ψ(y), lnΓ(x + m) − lnΓ(x + 1)
 * − lnΓ(m)) are formed from the series' tails and log1p, never by subtracting two large values.
 */
final class Polygamma {
  private Polygamma() {}

  /** Below this the recurrences are used; from it on the asymptotic series (first omitted term &lt; 1e-16 relative). */
  static final double ASYMPTOTIC = 12;
  private static final double HALF_LN_TWO_PI = 0.5 * Math.log(2 * Math.PI);

  /** ψ(x) = d/dx ln Γ(x), x > 0. */
  static double digamma(double x) {
    check(x);
    double shift = 0;
    while (x < ASYMPTOTIC) {
      shift += 1 / x;
      x += 1;
    }
    return Math.log(x) - logMinusDigammaSeries(x) - shift;
  }

  /**
   * ln x − ψ(x) for x ≥ {@link #ASYMPTOTIC}: 1/(2x) + 1/(12x²) − 1/(120x⁴) + 1/(252x⁶) − …,
   * positive and small, without the cancellation of ln x − ψ(x) taken apart.
   */
  static double logMinusDigammaSeries(double x) {
    double z = 1 / (x * x);
    // Σ B₂ₖ / (2k x^{2k}), k = 1 … 7 (B₂ = 1/6, B₄ = −1/30, B₆ = 1/42, B₈ = −1/30, B₁₀ = 5/66,
    // B₁₂ = −691/2730, B₁₄ = 7/6)
    double series = z * (1.0 / 12 - z * (1.0 / 120 - z * (1.0 / 252 - z * (1.0 / 240
        - z * (1.0 / 132 - z * (691.0 / 32760 - z * (1.0 / 12)))))));
    return 0.5 / x + series;
  }

  /** ln x − ψ(x), x > 0. */
  static double logMinusDigamma(double x) {
    check(x);
    if (x >= ASYMPTOTIC) {
      return logMinusDigammaSeries(x);
    }
    return Math.log(x) - digamma(x);
  }

  /** ψ₁(x) = d²/dx² ln Γ(x), x > 0. */
  static double trigamma(double x) {
    check(x);
    double shift = 0;
    while (x < ASYMPTOTIC) {
      shift += 1 / (x * x);
      x += 1;
    }
    return 1 / x + trigammaTailSeries(x) + shift;
  }

  /** ψ₁(x) − 1/x for x ≥ {@link #ASYMPTOTIC}: 1/(2x²) + 1/(6x³) − 1/(30x⁵) + 1/(42x⁷) − …. */
  private static double trigammaTailSeries(double x) {
    double z = 1 / (x * x);
    // Σ B₂ₖ / x^{2k+1}, k = 1 … 7
    double series = z / x * (1.0 / 6 - z * (1.0 / 30 - z * (1.0 / 42 - z * (1.0 / 30
        - z * (5.0 / 66 - z * (691.0 / 2730 - z * (7.0 / 6)))))));
    return 0.5 * z + series;
  }

  /** ψ₁(x) − 1/x, x > 0: about 1/(2x²) for large x, computed without cancellation there. */
  static double trigammaTail(double x) {
    check(x);
    if (x >= ASYMPTOTIC) {
      return trigammaTailSeries(x);
    }
    return trigamma(x) - 1 / x;
  }

  /**
   * ψ(x) − ψ(y) for x ≥ y > 0. For large arguments it is ln(x/y) (as log1p of the exact
   * difference {@code xMinusY}) minus the difference of the series tails, so that two nearly equal
   * arguments keep the digits of their small difference.
   *
   * @param xMinusY x − y, given by the caller (often exactly, where x − y would round)
   */
  static double digammaDifference(double x, double y, double xMinusY) {
    if (y >= ASYMPTOTIC) {
      return Math.log1p(xMinusY / y) - logMinusDigammaSeries(x) + logMinusDigammaSeries(y);
    }
    return digamma(x) - digamma(y);
  }

  /** Counts up to this have Λ(x, m) summed term by term (from {@link #logRisingPrefix}). */
  static final int DIRECT = 33;

  /**
   * Λ(x, m) = ln Γ(x + m) − ln Γ(x + 1) − ln Γ(m) = Σ_{j=1}^{m−1} ln(1 + x/j) ≥ 0 for x ≥ 0
   * and a whole m ≥ 1: the part of the Dirichlet–multinomial evidence that depends on x. It is
   * 0 at x = 0 and grows like (m − 1) ln x for large x; each regime is computed in the form that
   * does not subtract large numbers: about 1e-15 absolute below 1, 1e-14 relative above.
   */
  static double logRisingRatio(double x, double m) {
    return logRisingRatio(x, m, logRisingPrefix(x));
  }

  /**
   * What {@link #logRisingRatio(double, double, double[])} shares across the counts of one x:
   * P[j] = Σ_{i=1}^{j} ln(1 + x/i) for j = 0 … {@link #DIRECT} − 1 (Λ(x, m) for every
   * m ≤ {@link #DIRECT}), and at index {@link #DIRECT} the head of every larger one,
   * P[D − 1] − x ln D − excess(D, x).
   */
  static double[] logRisingPrefix(double x) {
    double[] p = new double[DIRECT + 1];
    for (int j = 1; j < DIRECT; j++) {
      p[j] = p[j - 1] + Math.log1p(x / j);
    }
    p[DIRECT] = p[DIRECT - 1] - x * Math.log(DIRECT) - logGammaExcess(DIRECT, x);
    return p;
  }

  /** Λ(x, m) with the partial sums of {@link #logRisingPrefix}(x). */
  static double logRisingRatio(double x, double m, double[] prefix) {
    if (m <= DIRECT) {
      return prefix[(int) m - 1];
    }
    if (x + 1 >= m) {
      // (m − 1) ln(x + 1) + [ln Γ(x + m) − ln Γ(x + 1) − (m − 1) ln(x + 1)] − ln Γ(m)
      return (m - 1) * Math.log(x + 1) + logGammaExcess(x + 1, m - 1) - logGamma(m);
    }
    // the first D − 1 terms, then Σ_{j=D}^{m−1} ln(1 + x/j) = [ln Γ(m + x) − ln Γ(m)] −
    // [ln Γ(D + x) − ln Γ(D)] = x ln m + excess(m, x) − [x ln D + excess(D, x)]: small for small x
    return prefix[DIRECT] + x * Math.log(m) + logGammaExcess(m, x);
  }

  /**
   * ln Γ(y + d) − ln Γ(y) − d ln y for y ≥ {@link #ASYMPTOTIC}, d ≥ 0, by Stirling's series:
   * y·φ(d/y) − ½ log1p(d/y) + s(y + d) − s(y), φ(u) = (1 + u) ln(1 + u) − u and s the Stirling
   * correction; every piece is small or exact, so the result keeps its digits for any d.
   */
  static double logGammaExcess(double y, double d) {
    double u = d / y;
    return y * Divergence.phi(u) - 0.5 * Math.log1p(u) + stirling(y + d) - stirling(y);
  }

  /** ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π] = 1/(12x) − 1/(360x³) + 1/(1260x⁵) − … for x ≥ {@link #ASYMPTOTIC}. */
  private static double stirling(double x) {
    double z = 1 / (x * x);
    return (1.0 / 12 - z * (1.0 / 360 - z * (1.0 / 1260 - z * (1.0 / 1680 - z * (1.0 / 1188
        - z * (691.0 / 360360 - z * (1.0 / 156))))))) / x;
  }

  /** ln Γ(x), x > 0: Stirling's series from {@link #ASYMPTOTIC} on, else {@link ChiSquare#logGamma}. */
  static double logGamma(double x) {
    if (x >= ASYMPTOTIC) {
      return (x - 0.5) * Math.log(x) - x + HALF_LN_TWO_PI + stirling(x);
    }
    return ChiSquare.logGamma(x);
  }

  private static void check(double x) {
    if (!(x > 0) || Double.isInfinite(x)) {
      throw new IllegalArgumentException("polygamma needs a finite x > 0: " + x);
    }
  }
}
