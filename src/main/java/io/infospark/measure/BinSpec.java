package io.infospark.measure;

import io.infospark.engine.ValueBins;
import java.util.Arrays;
import java.util.Locale;

/**
 * The bins of a discretised floating-point column: finite values go to bins 0 … n−1 by the edges;
 * NaN, +∞ and −∞ get bins of their own ({@link #NAN}, {@link #POS_INF}, {@link #NEG_INF}), so
 * NaN is never silently dropped. The same spec is shared by both sides of a comparison.
 */
public final class BinSpec implements ValueBins {
  private static final long serialVersionUID = 1L;
  public static final long NAN = -1;
  public static final long POS_INF = -2;
  public static final long NEG_INF = -3;

  private final Binning kind;
  /** Sorted edges e₀ &lt; e₁ &lt; … &lt; e_n; bin i is [e_i, e_{i+1}), the last one closed. */
  private final double[] edges;

  private BinSpec(Binning kind, double[] edges) {
    this.kind = kind;
    this.edges = edges;
  }

  /** {@code bins} equal-width bins on [lo, hi]; one bin when lo == hi; none when no finite value. */
  public static BinSpec equalWidth(double lo, double hi, int bins) {
    if (Double.isNaN(lo) || Double.isNaN(hi)) {
      return new BinSpec(Binning.EQUAL_WIDTH, new double[0]);
    }
    if (lo == hi) {
      return new BinSpec(Binning.EQUAL_WIDTH, new double[] {lo, hi});
    }
    double[] e = new double[bins + 1];
    double step = (hi - lo) / bins;
    for (int i = 0; i < bins; i++) {
      e[i] = lo + i * step;
    }
    e[bins] = hi;
    return new BinSpec(Binning.EQUAL_WIDTH, e);
  }

  /** Bins between the given quantiles (min, q₁, …, max); repeated quantiles are merged. */
  public static BinSpec quantiles(double[] quantiles) {
    return quantiles(Binning.QUANTILE, quantiles);
  }

  /** {@link #quantiles(double[])} of the pooled values of both sides of a comparison. */
  public static BinSpec pooledQuantiles(double[] quantiles) {
    return quantiles(Binning.POOLED_QUANTILE, quantiles);
  }

  private static BinSpec quantiles(Binning kind, double[] quantiles) {
    double[] e = Arrays.stream(quantiles).filter(Double::isFinite).sorted().distinct().toArray();
    if (e.length == 1) {
      e = new double[] {e[0], e[0]};
    }
    return new BinSpec(kind, e);
  }

  /** Bins with exactly these edges (as saved by {@link #edges()}). */
  public static BinSpec of(Binning kind, double[] edges) {
    return new BinSpec(kind, edges.clone());
  }

  /** Number of finite bins. */
  @Override
  public int bins() {
    return Math.max(0, edges.length - 1);
  }

  public double[] edges() {
    return edges.clone();
  }

  public Binning kind() {
    return kind;
  }

  /** The bin of x: 0 … bins−1 for finite x (values outside the edges go to the end bins). */
  @Override
  public long index(double x) {
    if (Double.isNaN(x)) {
      return NAN;
    }
    if (x == Double.POSITIVE_INFINITY) {
      return POS_INF;
    }
    if (x == Double.NEGATIVE_INFINITY) {
      return NEG_INF;
    }
    int n = bins();
    if (n <= 1) {
      return 0;
    }
    if (kind == Binning.EQUAL_WIDTH) {
      // the arithmetic guess, then corrected against the edges themselves, so that a value equal
      // to a reported edge e_i always lands in bin i (the rule numpy.histogram follows)
      double lo = edges[0];
      int i = (int) Math.max(0, Math.min(n - 1, Math.floor((x - lo) * (n / (edges[n] - lo)))));
      if (x < edges[i] && i > 0) {
        i--;
      } else if (i < n - 1 && x >= edges[i + 1]) {
        i++;
      }
      return i;
    }
    // quantile bins: the number of inner edges <= x
    int pos = Arrays.binarySearch(edges, 1, n, x);
    int i = pos >= 0 ? pos : -pos - 2;
    // equal to an inner edge: that edge opens bin `pos`; a binarySearch hit can be any duplicate,
    // but edges are distinct.
    return Math.max(0, Math.min(n - 1, i));
  }

  /** A human-readable label of a bin index, e.g. {@code [1.5, 3)}. */
  @Override
  public String label(long index) {
    if (index == NAN) {
      return "NaN";
    }
    if (index == POS_INF) {
      return "+Infinity";
    }
    if (index == NEG_INF) {
      return "-Infinity";
    }
    int i = (int) index;
    boolean last = i == bins() - 1;
    return String.format(Locale.ROOT, "[%s, %s%s", num(edges[i]), num(edges[i + 1]), last ? "]" : ")");
  }

  /** e.g. {@code equal-width: 20 bins on [0, 55.9]; NaN and ±Infinity binned apart}. */
  @Override
  public String describe() {
    if (bins() == 0) {
      return kindName() + ": no finite values";
    }
    return String.format(Locale.ROOT, "%s: %d bins on [%s, %s]; NaN and ±Infinity binned apart",
        kindName(), bins(), num(edges[0]), num(edges[bins()]));
  }

  private String kindName() {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String num(double x) {
    if (x == Math.rint(x) && Math.abs(x) < 1e15) {
      return String.valueOf((long) x);
    }
    return new java.math.BigDecimal(String.format(Locale.ROOT, "%.6g", x)).stripTrailingZeros().toPlainString();
  }
}
