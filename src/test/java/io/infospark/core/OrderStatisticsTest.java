package io.infospark.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Exact quantiles (numpy's default, 'linear') and the pass-wise rank search behind them. Expected
 * quantiles are from numpy 1.24.2 ({@code /usr/bin/python3}):
 * <pre>
 * import numpy as np
 * x = np.array([3, -1, 4, 1, 5, 9, 2, 6, 5, 3, 5], dtype=float)
 * for b in (4, 7): print(np.quantile(x, np.arange(b + 1) / b).tolist())
 * y = np.array([1e300, -1e-300, 0.0, -0.0, 5e-324, -1e300, 2.5, 2.5, 2.5, 0.1])
 * print(np.quantile(y, np.arange(6) / 5).tolist())
 * print(np.quantile(np.array([0.1, 0.7]), np.arange(4) / 3).tolist())
 * </pre>
 * The rank search is checked against the values of a sorted copy (the definition of a rank).
 */
class OrderStatisticsTest {
  static final double[] X = {3, -1, 4, 1, 5, 9, 2, 6, 5, 3, 5};
  static final double[] Y = {1e300, -1e-300, 0.0, -0.0, 5e-324, -1e300, 2.5, 2.5, 2.5, 0.1};

  /** Quantiles of data in memory, the ranks read from a sorted copy. */
  private static double[] quantiles(double[] x, int bins) {
    double[] s = x.clone();
    Arrays.sort(s);
    return OrderStatistics.linearQuantiles(s.length, bins, r -> s[(int) r]);
  }

  /**
   * To 1e-14 relative: numpy computes h = (n − 1)·q in floating point from q = i/bins already
   * rounded (0.6·9 = 5.3999999999999995), infospark exactly (5.4), so they differ by a few ulps.
   */
  private static void assertSame(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertTrue(Math.abs(expected[i] - actual[i]) <= 1e-14 * Math.abs(expected[i]),
          i + ": expected " + expected[i] + " but was " + actual[i]);
    }
  }

  @Test
  void linearQuantilesAreNumpys() {
    assertSame(new double[] {-1.0, 2.5, 4.0, 5.0, 9.0}, quantiles(X, 4));
    assertSame(new double[] {-1.0, 1.4285714285714284, 2.8571428571428568, 3.2857142857142856,
        4.7142857142857135, 5.0, 5.571428571428571, 9.0}, quantiles(X, 7));
    assertSame(new double[] {-1e+300, -1.9999999999999997e-301, 5e-324, 1.0599999999999987, 2.5, 1e+300},
        quantiles(Y, 5));
    assertSame(new double[] {0.1, 0.3, 0.49999999999999994, 0.7}, quantiles(new double[] {0.1, 0.7}, 3));
    assertSame(new double[] {4.0, 4.0, 4.0}, quantiles(new double[] {4.0}, 2));
  }

  @Test
  void ranksNeededAreTheFloorAndTheNextWhereInterpolated() {
    // n = 11, bins = 4: h = 0, 2.5, 5, 7.5, 10
    assertArrayEquals(new long[] {0, 2, 3, 5, 7, 8, 10}, OrderStatistics.linearRanks(11, 4));
    assertArrayEquals(new long[] {0}, OrderStatistics.linearRanks(1, 16));
    assertArrayEquals(new long[0], OrderStatistics.linearRanks(0, 16));
    // (n − 1)·i overflows a long here; the rank of q = 1 must still be n − 1
    long n = 4_000_000_000_000_000L;
    long[] r = OrderStatistics.linearRanks(n, 1_000_000);
    assertEquals(n - 1, r[r.length - 1]);
    assertEquals(3_999_999_999L, r[1]);
  }

  @Test
  void keysKeepTheOrderOfDoubles() {
    double[] v = {Double.NEGATIVE_INFINITY, -Double.MAX_VALUE, -1e300, -2.5, -Double.MIN_VALUE, 0.0,
        Double.MIN_VALUE, 1e-300, 1.0, 2.5, Double.MAX_VALUE, Double.POSITIVE_INFINITY};
    for (int i = 0; i + 1 < v.length; i++) {
      assertTrue(OrderStatistics.key(v[i]) < OrderStatistics.key(v[i + 1]), v[i] + " < " + v[i + 1]);
      assertEquals(v[i], OrderStatistics.value(OrderStatistics.key(v[i])));
    }
    assertEquals(OrderStatistics.key(0.0), OrderStatistics.key(-0.0));
  }

  /** Runs the rank search over x split into parts, as a distributed pass would. */
  private static long[] search(double[] x, long[] ranks, int parts, int buckets, int collectMax, int cells,
      long keys) {
    double[] s = x.clone();
    Arrays.sort(s);
    RankRefinement r = new RankRefinement(x.length, ranks, OrderStatistics.key(s[0]),
        OrderStatistics.key(s[s.length - 1]));
    int passes = 0;
    while (!r.done()) {
      RankRefinement.Plan plan = r.plan(buckets, collectMax, new RankRefinement.Budget(cells, keys));
      RankRefinement.Tally total = null;
      for (int p = 0; p < parts; p++) {
        RankRefinement.Counter c = plan.counter();
        for (int i = p; i < x.length; i += parts) {
          c.add(OrderStatistics.key(x[i]));
        }
        total = total == null ? c.tally() : RankRefinement.Tally.merge(total, c.tally());
      }
      r.apply(plan, total);
      assertTrue(++passes < 200, "no progress");
    }
    long[] out = new long[ranks.length];
    for (int i = 0; i < ranks.length; i++) {
      out[i] = r.keyAt(ranks[i]);
    }
    return out;
  }

  @Test
  void rankSearchFindsTheSortedValuesWhateverTheSplitAndBudget() {
    Random rnd = new Random(7);
    List<double[]> samples = new ArrayList<>();
    samples.add(X);
    samples.add(Y);
    double[] wide = new double[5000];   // heavy tails over the whole double range, and ties
    double[] ties = new double[5000];   // few distinct values
    double[] gauss = new double[5000];
    for (int i = 0; i < wide.length; i++) {
      wide[i] = (rnd.nextBoolean() ? 1 : -1) * Math.pow(10, rnd.nextInt(600) - 300) * rnd.nextDouble();
      ties[i] = rnd.nextInt(5) * 0.5;
      gauss[i] = rnd.nextGaussian();
    }
    samples.add(wide);
    samples.add(ties);
    samples.add(gauss);
    for (double[] x : samples) {
      double[] s = x.clone();
      Arrays.sort(s);
      long[] ranks = OrderStatistics.linearRanks(x.length, 37);
      long[] expected = Arrays.stream(ranks).map(r -> OrderStatistics.key(s[(int) r])).toArray();
      for (int parts : new int[] {1, 3, 64}) {
        // generous budget; tiny buckets and collection threshold (many passes); a budget that fits
        // only a few intervals per pass
        assertArrayEquals(expected, search(x, ranks, parts, 4096, 4096, 1 << 17, 1 << 20));
        assertArrayEquals(expected, search(x, ranks, parts, 2, 1, 1 << 17, 1 << 20));
        assertArrayEquals(expected, search(x, ranks, parts, 16, 8, 32, 8));
      }
    }
  }

  @Test
  void dataThatChangesBetweenPassesIsDetected() {
    RankRefinement r = new RankRefinement(3, new long[] {1}, OrderStatistics.key(1), OrderStatistics.key(3));
    RankRefinement.Plan plan = r.plan(16, 8, new RankRefinement.Budget(1 << 10, 1 << 10));
    RankRefinement.Counter c = plan.counter();
    c.add(OrderStatistics.key(1));
    c.add(OrderStatistics.key(3));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.apply(plan, c.tally()));
    assertTrue(e.getMessage().contains("changed between passes"), e.getMessage());
  }
}
