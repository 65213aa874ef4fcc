package io.infospark.core;

import java.util.Arrays;
import java.util.function.LongToDoubleFunction;

/**
 * Exact quantiles by numpy's default definition ({@code numpy.quantile(x, q)}, method
 * {@code 'linear'}; R's type 7; the edges {@code pandas.qcut} uses): for n sorted values
 * x₀ ≤ … ≤ x_{n−1} and probability q, with h = (n − 1)·q,
 *
 * <pre>  Q(q) = x_⌊h⌋ + (h − ⌊h⌋)·(x_{⌊h⌋+1} − x_⌊h⌋)</pre>
 *
 * <p>so Q(0) is the minimum and Q(1) the maximum. Here q = i/bins and ⌊h⌋ and h − ⌊h⌋ are computed
 * in exact integer arithmetic (numpy computes h in floating point: the two agree to about 1e-16 of
 * the gap between neighbours). The interpolation is numpy's {@code _lerp}. Only the values at a few
 * ranks are needed ({@link #linearRanks}); where they come from is the caller's business
 * ({@link RankRefinement} finds them exactly in passes over data that does not fit in memory).
 *
 * <p>Values are searched as {@linkplain #key sortable long keys}: a bijection between finite
 * doubles (−0.0 taken as 0.0) and longs that keeps their order.
 */
public final class OrderStatistics {
  private OrderStatistics() {}

  /** The sortable key of a finite double: x &lt; y ⇔ key(x) &lt; key(y); −0.0 has the key of 0.0. */
  public static long key(double x) {
    long bits = Double.doubleToRawLongBits(x + 0.0);
    return bits ^ ((bits >> 63) & Long.MAX_VALUE);
  }

  /** The double of a {@link #key}. */
  public static double value(long key) {
    return Double.longBitsToDouble(key ^ ((key >> 63) & Long.MAX_VALUE));
  }

  /** ⌊(n − 1)·i / bins⌋ without overflow. */
  static long floorRank(long n, int i, int bins) {
    long m = n - 1;
    return (m / bins) * i + ((m % bins) * i) / bins;
  }

  /** The numerator r of h − ⌊h⌋ = r / bins, for h = (n − 1)·i / bins. */
  static long fraction(long n, int i, int bins) {
    return ((n - 1) % bins) * i % bins;
  }

  /** The distinct 0-based ranks whose values the quantiles at 0, 1/bins, …, 1 of n values need. */
  public static long[] linearRanks(long n, int bins) {
    if (n <= 0) {
      return new long[0];
    }
    long[] r = new long[2 * (bins + 1)];
    int k = 0;
    for (int i = 0; i <= bins; i++) {
      long lo = floorRank(n, i, bins);
      r[k++] = lo;
      if (fraction(n, i, bins) != 0) {
        r[k++] = lo + 1;
      }
    }
    return Arrays.stream(r, 0, k).sorted().distinct().toArray();
  }

  /**
   * The quantiles at 0, 1/bins, …, 1 of n values (numpy 'linear'), given the value at each rank of
   * {@link #linearRanks}.
   */
  public static double[] linearQuantiles(long n, int bins, LongToDoubleFunction valueAtRank) {
    double[] q = new double[bins + 1];
    for (int i = 0; i <= bins; i++) {
      long lo = floorRank(n, i, bins);
      long f = fraction(n, i, bins);
      double a = valueAtRank.applyAsDouble(lo);
      q[i] = f == 0 ? a : lerp(a, valueAtRank.applyAsDouble(lo + 1), (double) f / bins);
    }
    return q;
  }

  /** numpy's {@code _lerp}: a + (b − a)·t, computed from b's side when t ≥ ½ (exact at t = 1). */
  static double lerp(double a, double b, double t) {
    double d = b - a;
    return t >= 0.5 ? b - d * (1 - t) : a + d * t;
  }
}
