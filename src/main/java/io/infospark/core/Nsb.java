package io.infospark.core;

import java.util.Map;

/**
 * The NSB entropy estimator (Nemenman, Shafee and Bialek 2002; DESIGN.md §5.1): the posterior mean
 * and standard deviation of H, in nats, under a mixture of symmetric Dirichlet(β) priors on an
 * alphabet of known size A, mixed so that the prior expected entropy ξ(β) = ψ(Aβ + 1) − ψ(β + 1)
 * is uniform on (0, ln A): p(β) ∝ dξ/dβ = A ψ₁(Aβ + 1) − ψ₁(β + 1).
 *
 * <p>For one β the posterior is Dirichlet(c_v + β) over the A values (the A − K unseen ones with
 * c = 0), with the closed-form moments of Wolpert and Wolf (1995): with a = N + Aβ, a_v = c_v + β,
 * w_v = a_v/a and h_v = ψ(a + 1) − ψ(a_v + 1) ≥ 0,
 * <pre>
 *   E[H | β]   = Σ w_v h_v
 *   Var[H | β] = (1/(a + 1)) Σ w_v [u_v² + (a_v + 1) r(a_v + 1)] − r(a + 1) − 1/(a + 1)³,
 *                u_v = E[H | β] − h_v − 1/(a + 1),  r(x) = ψ₁(x) − 1/x,
 * </pre>
 * the textbook second moment rewritten around the mean (algebraically the same), so the variance
 * is a sum of small non-negative-leaning terms rather than E[H²] − E[H]² of two large ones.
 * The evidence is p(counts | β) ∝ exp[(K − 1) ln β + Σ_v Λ(β, c_v) − Λ(Aβ, N)] with
 * Λ(x, m) = Σ_{j<m} ln(1 + x/j) (see {@link Polygamma#logRisingRatio}), the β-free constants dropped.
 * Every sum over values is a sum over the fingerprint's distinct counts plus one term for the
 * unseen values.
 *
 * <p>Integration: over t = ln β with the weight p(counts | β)·β·dξ/dβ (the prior uniform in ξ,
 * written in t, where the integrand is smooth and its tails decay like e^{Kt} as β → 0 and like
 * e^{−t} as β → ∞). A scan of t ∈ [−50, 50] in steps of 2 (widened when the maximum is at its edge)
 * finds the mode, a golden-section search refines it, and globally adaptive 15-point
 * Gauss–Legendre quadrature ({@link AdaptiveQuadrature}) integrates over the range where the log
 * weight is within 60 of its maximum, from panels placed at the mode ± 1, 3, 8, 20 curvature
 * widths, to
 * 1e-12 relative on the mean and 1e-10 on the variance. The moments are integrated as deviations
 * from E[H | β] at the mode, so the spread across β is not lost to cancellation.
 *
 * <p>Cost: one evaluation is O(s) special-function calls, s the number of distinct counts of the
 * fingerprint (at most √(2N)); a column takes about 100 evaluations for the scan and the mode and
 * usually 400–800 for the quadrature (at most {@link AdaptiveQuadrature#MAX_PANELS} panels): a few
 * milliseconds for a binned column (s ≤ 20), about a second for s ≈ 2,000 (a Zipf-like column of
 * 10⁷ rows). It does not depend on A beyond logarithms (A up to 10⁹ and more is fine), nor on N
 * except through s.
 */
final class Nsb {
  private Nsb() {}

  /** The posterior mean and standard deviation of H in nats. */
  record Posterior(double mean, double sd) {}

  private static final double SCAN = 50;
  /** Counts up to this enter the evidence as sums of logs (Stirling's series above). */
  private static final double SMALL_COUNT = 32;
  /** The scan's step in t = ln β: the mode's basin is wider than this (the golden search refines). */
  private static final double STEP = 2;
  private static final double DROP = 60;
  private static final double MEAN_TOLERANCE = 1e-12;
  private static final double VARIANCE_TOLERANCE = 1e-10;

  /**
   * @param f the counts of the values seen (N ≥ 0)
   * @param alphabet A ≥ max(K, 1), the number of possible values
   */
  static Posterior posterior(CountFingerprint f, long alphabet) {
    long k = f.distinct();
    if (alphabet < Math.max(1, k)) {
      throw new IllegalArgumentException("alphabet size " + alphabet + " is below the " + k + " values seen");
    }
    if (alphabet == 1) {
      return new Posterior(0, 0); // one possible value: H = 0 surely
    }
    return new Model(f, alphabet).posterior();
  }

  /** The counts and the alphabet, with every function of β the integration needs. */
  private static final class Model {
    final double[] counts;
    final double[] times;
    final double n;
    final double distinct;
    final double alphabet;
    final double unseen;

    Model(CountFingerprint f, long alphabet) {
      Map<Long, Long> m = f.asMap();
      counts = new double[m.size()];
      times = new double[m.size()];
      int i = 0;
      for (Map.Entry<Long, Long> e : m.entrySet()) {
        counts[i] = e.getKey();
        times[i] = e.getValue();
        i++;
      }
      n = f.total();
      distinct = f.distinct();
      this.alphabet = alphabet;
      unseen = alphabet - distinct;
    }

    /** ln of the posterior weight in t = ln β (evidence × β × dξ/dβ), up to a constant. */
    double logWeight(double t) {
      double beta = Math.exp(t);
      return logEvidence(beta) + t + Math.log(priorDensity(beta));
    }

    /**
     * ln p(counts | β) up to a constant. Each Λ(β, c) is computed to ~1e-15 absolute (what an
     * exponentiated log evidence needs): Σ_{j<c} ln(1 + β/j) for counts up to
     * {@link #SMALL_COUNT}, their partial sums shared, else from Stirling's series with ln Γ(β + 1)
     * shared by every count.
     */
    double logEvidence(double beta) {
      if (n == 0) {
        return 0;
      }
      CompensatedSum s = new CompensatedSum();
      s.add((distinct - 1) * Math.log(beta));
      double sum = 0;
      int j = 1;
      double lgb = Double.NaN;
      for (int i = 0; i < counts.length; i++) {
        double c = counts[i];
        double lambda;
        if (c <= SMALL_COUNT) {
          for (; j < c; j++) { // counts ascend: extend the shared partial sum Σ_{j<c} ln(1 + β/j)
            sum += Math.log1p(beta / j);
          }
          lambda = sum;
        } else {
          if (Double.isNaN(lgb)) {
            lgb = Polygamma.logGamma(beta + 1);
          }
          lambda = logRising(beta, c, lgb);
        }
        s.add(times[i] * lambda);
      }
      double ab = alphabet * beta;
      s.add(-(n <= SMALL_COUNT ? Polygamma.logRisingRatio(ab, n) : logRising(ab, n, Polygamma.logGamma(ab + 1))));
      return s.value();
    }

    /** Λ(x, m) = ln Γ(x + m) − ln Γ(x + 1) − ln Γ(m) for m > {@link #SMALL_COUNT}, given ln Γ(x + 1). */
    private static double logRising(double x, double m, double logGammaXPlus1) {
      if (x + 1 >= m) {
        return (m - 1) * Math.log(x + 1) + Polygamma.logGammaExcess(x + 1, m - 1) - Polygamma.logGamma(m);
      }
      return x * Math.log(m) + Polygamma.logGammaExcess(m, x) - logGammaXPlus1;
    }

    /**
     * dξ/dβ = A ψ₁(Aβ + 1) − ψ₁(β + 1), as (A − 1)/((Aβ + 1)(β + 1)) + A r(Aβ + 1) − r(β + 1)
     * with r(x) = ψ₁(x) − 1/x: the 1/x parts, which cancel to O(1/β²) for large β, subtracted
     * exactly.
     */
    double priorDensity(double beta) {
      double ab = alphabet * beta;
      return (alphabet - 1) / ((ab + 1) * (beta + 1)) + alphabet * Polygamma.trigammaTail(ab + 1)
          - Polygamma.trigammaTail(beta + 1);
    }

    /** {E[H | β], Var[H | β]} in nats. */
    double[] moments(double beta) {
      double a = n + alphabet * beta;
      double[] h = new double[counts.length];
      CompensatedSum mean = new CompensatedSum();
      for (int i = 0; i < counts.length; i++) {
        double ai = counts[i] + beta;
        h[i] = Polygamma.digammaDifference(a + 1, ai + 1, (n - counts[i]) + (alphabet - 1) * beta);
        mean.add(times[i] * (ai / a) * h[i]);
      }

      double h0 = 0;
      if (unseen > 0) {
        h0 = Polygamma.digammaDifference(a + 1, beta + 1, n + (alphabet - 1) * beta);
        mean.add(unseen * (beta / a) * h0);
      }
      double m = mean.value();
      double shift = 1 / (a + 1);
      CompensatedSum spread = new CompensatedSum();
      for (int i = 0; i < counts.length; i++) {
        double ai = counts[i] + beta;
        double u = (m - h[i]) - shift;
        spread.add(times[i] * (ai / a) * (u * u + (ai + 1) * Polygamma.trigammaTail(ai + 1)));
      }
      if (unseen > 0) {
        double u = (m - h0) - shift;
        spread.add(unseen * (beta / a) * (u * u + (beta + 1) * Polygamma.trigammaTail(beta + 1)));
      }
      double var = spread.value() / (a + 1) - Polygamma.trigammaTail(a + 1) - shift * shift * shift;
      return new double[] {m, Math.max(0, var)};
    }

    Posterior posterior() {
      // 1. scan t for the mode, widening the range while the maximum sits at an edge
      double lo = -SCAN;
      double hi = SCAN;
      double[] ts;
      double[] gs;
      int best;
      while (true) {
        int points = (int) Math.round((hi - lo) / STEP) + 1;
        ts = new double[points];
        gs = new double[points];
        best = 0;
        for (int i = 0; i < points; i++) {
          ts[i] = lo + i * STEP;
          gs[i] = logWeight(ts[i]);
          if (gs[i] > gs[best]) {
            best = i;
          }
        }
        if (best == 0 && lo > -700) {
          lo -= SCAN;
        } else if (best == points - 1 && hi < 700) {
          hi += SCAN;
        } else {
          break;
        }
      }
      // 2. refine the mode
      double mode = goldenMax(ts[Math.max(0, best - 1)], ts[Math.min(ts.length - 1, best + 1)]);
      double top = logWeight(mode);
      if (gs[best] > top) {
        mode = ts[best];
        top = gs[best];
      }
      // 3. the range where the weight is within e^-DROP of the top, one scan step wider
      int first = 0;
      int last = ts.length - 1;
      while (first < best && gs[first] < top - DROP) {
        first++;
      }
      while (last > best && gs[last] < top - DROP) {
        last--;
      }
      double from = ts[Math.max(0, first - 1)];
      double to = ts[Math.min(ts.length - 1, last + 1)];
      // 4. panels at the mode ± 1, 3, 8, 20 curvature widths
      double step = 1e-3;
      double curvature = (logWeight(mode + step) - 2 * top + logWeight(mode - step)) / (step * step);
      double width = curvature < 0 ? Math.min(1, 1 / Math.sqrt(-curvature)) : 1;
      java.util.TreeSet<Double> breaks = new java.util.TreeSet<>();
      breaks.add(from);
      breaks.add(to);
      if (mode > from && mode < to) {
        breaks.add(mode);
      }
      for (double k : new double[] {1, 3, 8, 20}) {
        for (double b : new double[] {mode - k * width, mode + k * width}) {
          if (b > from && b < to) {
            breaks.add(b);
          }
        }
      }
      double[] br = breaks.stream().mapToDouble(Double::doubleValue).toArray();
      // 5. integrate the weight and the moments as deviations from E[H | β] at the mode
      double center = moments(Math.exp(mode))[0];
      double peak = top;
      AdaptiveQuadrature.Result r = AdaptiveQuadrature.integrate(t -> {
        double w = Math.exp(logWeight(t) - peak);
        if (w == 0) {
          return new double[4];
        }
        double[] mv = moments(Math.exp(t));
        double d = mv[0] - center;
        return new double[] {w, w * d, w * d * d, w * mv[1]};
      }, br, q -> {
        double z = q.value()[0];
        double shift = q.value()[1] / z;
        double meanError = (q.error()[1] + Math.abs(shift) * q.error()[0]) / z;
        double var = (q.value()[2] + q.value()[3]) / z;
        double varError = (q.error()[2] + q.error()[3]) / z + var * q.error()[0] / z;
        // the normaliser's error counts through the mean and the variance only: its own relative
        // error cannot go below the rounding of the log evidence (~1e-16 of N ln N, summed)
        return meanError <= MEAN_TOLERANCE * Math.max(Math.abs(center + shift), 1e-300)
            && varError <= VARIANCE_TOLERANCE * Math.max(var, 1e-300);
      });
      double z = r.value()[0];
      double shift = r.value()[1] / z;
      double var = (r.value()[2] + r.value()[3]) / z - shift * shift;
      return new Posterior(center + shift, Math.sqrt(Math.max(0, var)));
    }

    /** The maximum of the log weight on [a, b] by golden-section search (to ~1e-7 in t). */
    private double goldenMax(double a, double b) {
      double g = (Math.sqrt(5) - 1) / 2;
      double c = b - g * (b - a);
      double d = a + g * (b - a);
      double fc = logWeight(c);
      double fd = logWeight(d);
      while (b - a > 1e-7) {
        if (fc > fd) {
          b = d;
          d = c;
          fd = fc;
          c = b - g * (b - a);
          fc = logWeight(c);
        } else {
          a = c;
          c = d;
          fc = fd;
          d = a + g * (b - a);
          fd = logWeight(d);
        }
      }
      return 0.5 * (a + b);
    }
  }
}
