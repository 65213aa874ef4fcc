package io.infospark.engine;

import java.util.Arrays;
import java.util.Locale;

/**
 * Bins of a discretised floating-point column given by their edges: finite values go to bins
 * 0 … n−1; NaN, +∞ and −∞ get bins of their own ({@link #NAN}, {@link #POS_INF}, {@link #NEG_INF}),
 * so NaN is never silently dropped. Bin i is [e_i, e_{i+1}), the last one closed; finite values
 * outside the edges go to the end bins. The kind ({@code equal-width}, {@code quantile}, …) says
 * how the edges were chosen; equal-width edges are found arithmetically, others by search.
 */
public class EdgeBins implements ValueBins {
  private static final long serialVersionUID = 1L;
  public static final long NAN = -1;
  public static final long POS_INF = -2;
  public static final long NEG_INF = -3;
  static final String EQUAL_WIDTH = "equal-width";

  private final String kind;
  /** Sorted edges e₀ &lt; e₁ &lt; … &lt; e_n. */
  private final double[] edges;

  protected EdgeBins(String kind, double[] edges) {
    this.kind = kind;
    this.edges = edges;
  }

  /** Bins of this kind with exactly these edges (as saved by {@link #edges()}). */
  public static EdgeBins of(String kind, double[] edges) {
    return new EdgeBins(kind, edges.clone());
  }

  @Override
  public final int bins() {
    return Math.max(0, edges.length - 1);
  }

  @Override
  public final double[] edges() {
    return edges.clone();
  }

  @Override
  public final String kindName() {
    return kind;
  }

  @Override
  public final long index(double x) {
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
    if (kind.equals(EQUAL_WIDTH)) {
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
    // the number of inner edges <= x (edges are distinct)
    int pos = Arrays.binarySearch(edges, 1, n, x);
    int i = pos >= 0 ? pos : -pos - 2;
    return Math.max(0, Math.min(n - 1, i));
  }

  @Override
  public final String label(long index) {
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
  public final String describe() {
    if (bins() == 0) {
      return kind + ": no finite values";
    }
    return String.format(Locale.ROOT, "%s: %d bins on [%s, %s]; NaN and ±Infinity binned apart",
        kind, bins(), num(edges[0]), num(edges[bins()]));
  }

  private static String num(double x) {
    if (x == Math.rint(x) && Math.abs(x) < 1e15) {
      return String.valueOf((long) x);
    }
    return new java.math.BigDecimal(String.format(Locale.ROOT, "%.6g", x)).stripTrailingZeros().toPlainString();
  }
}
