package io.infospark.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import java.util.function.Predicate;

/**
 * Globally adaptive Gauss–Legendre quadrature of a vector-valued function on a finite interval.
 * Each panel is integrated by the {@link #ORDER}-point rule on the whole and on its two halves;
 * the difference is the panel's error estimate (of the whole; the halves, which are kept, are far
 * more accurate). The panel with the largest error is bisected until the caller's tolerance test
 * accepts the total error, or {@link #MAX_PANELS} panels are reached (a tolerance below the noise
 * of the integrand's own rounding cannot be met by bisecting: the cap bounds the cost then).
 */
final class AdaptiveQuadrature {
  private AdaptiveQuadrature() {}

  static final int ORDER = 15;
  static final int MAX_PANELS = 400;
  private static final double[] NODES = new double[ORDER];
  private static final double[] WEIGHTS = new double[ORDER];

  static {
    // Gauss–Legendre nodes: the roots of P_n by Newton's method from Chebyshev-like starting
    // points, P_n and P_n' by the three-term recurrence; weights 2 / ((1 − x²) P_n'(x)²).
    for (int i = 0; i < ORDER; i++) {
      double x = Math.cos(Math.PI * (i + 0.75) / (ORDER + 0.5));
      double dp = 0;
      for (int iteration = 0; iteration < 100; iteration++) {
        double p0 = 1;
        double p1 = x;
        for (int k = 2; k <= ORDER; k++) {
          double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
          p0 = p1;
          p1 = p2;
        }
        dp = ORDER * (x * p1 - p0) / (x * x - 1);
        double step = p1 / dp;
        x -= step;
        if (Math.abs(step) < 1e-16) {
          break;
        }
      }
      NODES[i] = x;
      WEIGHTS[i] = 2 / ((1 - x * x) * dp * dp);
    }
  }

  /** The result: the integral of every component and the estimated absolute error of each. */
  record Result(double[] value, double[] error, int panels) {}

  /**
   * @param f the integrand; returns a vector of fixed length
   * @param breaks the initial panel boundaries, increasing (at least two)
   * @param accept given the current totals and errors, whether they are accurate enough
   */
  static Result integrate(DoubleFunction<double[]> f, double[] breaks, Predicate<Result> accept) {
    List<Panel> panels = new ArrayList<>();
    for (int i = 0; i + 1 < breaks.length; i++) {
      if (breaks[i + 1] > breaks[i]) {
        panels.add(Panel.of(f, breaks[i], breaks[i + 1], rule(f, breaks[i], breaks[i + 1])));
      }
    }
    while (true) {
      Result r = total(panels);
      if (accept.test(r) || panels.size() >= MAX_PANELS) {
        return r;
      }
      // bisect the panel with the largest error relative to the totals, summed over components
      int worst = 0;
      double largest = -1;
      for (int i = 0; i < panels.size(); i++) {
        double size = 0;
        for (int k = 0; k < r.value.length; k++) {
          size += panels.get(i).error[k] / Math.max(Math.abs(r.value[k]), Double.MIN_NORMAL);
        }
        if (size > largest) {
          largest = size;
          worst = i;
        }
      }
      Panel p = panels.remove(worst);
      double mid = 0.5 * (p.lo + p.hi);
      panels.add(Panel.of(f, p.lo, mid, p.left));
      panels.add(Panel.of(f, mid, p.hi, p.right));
    }
  }

  private static Result total(List<Panel> panels) {
    int n = panels.get(0).value.length;
    double[] value = new double[n];
    double[] error = new double[n];
    for (Panel p : panels) {
      for (int k = 0; k < n; k++) {
        value[k] += p.value[k];
        error[k] += p.error[k];
      }
    }
    return new Result(value, error, panels.size());
  }

  /** The rule on [lo, hi]. */
  private static double[] rule(DoubleFunction<double[]> f, double lo, double hi) {
    double half = 0.5 * (hi - lo);
    double mid = 0.5 * (hi + lo);
    double[] sum = null;
    for (int i = 0; i < ORDER; i++) {
      double[] y = f.apply(mid + half * NODES[i]);
      if (sum == null) {
        sum = new double[y.length];
      }
      for (int k = 0; k < y.length; k++) {
        sum[k] += WEIGHTS[i] * y[k];
      }
    }
    for (int k = 0; k < sum.length; k++) {
      sum[k] *= half;
    }
    return sum;
  }

  /** A panel: its two halves' rules (the value) and their difference from the whole (the error). */
  private record Panel(double lo, double hi, double[] left, double[] right, double[] value, double[] error) {
    static Panel of(DoubleFunction<double[]> f, double lo, double hi, double[] whole) {
      double mid = 0.5 * (lo + hi);
      double[] l = rule(f, lo, mid);
      double[] r = rule(f, mid, hi);
      double[] v = new double[whole.length];
      double[] e = new double[whole.length];
      for (int k = 0; k < v.length; k++) {
        v[k] = l[k] + r[k];
        e[k] = Math.abs(v[k] - whole[k]);
      }
      return new Panel(lo, hi, l, r, v, e);
    }
  }
}
