package io.infospark.measure;

import io.infospark.engine.EdgeBins;
import java.util.Arrays;
import java.util.Locale;

/**
 * The bins of a discretised floating-point column: finite values go to bins 0 … n−1 by the edges;
 * NaN, +∞ and −∞ get bins of their own ({@link #NAN}, {@link #POS_INF}, {@link #NEG_INF}), so
 * NaN is never silently dropped. The same spec is shared by both sides of a comparison.
 */
public final class BinSpec extends EdgeBins {
  private static final long serialVersionUID = 2L;
  public static final long NAN = EdgeBins.NAN;
  public static final long POS_INF = EdgeBins.POS_INF;
  public static final long NEG_INF = EdgeBins.NEG_INF;

  private final Binning kind;

  private BinSpec(Binning kind, double[] edges) {
    super(kind.name().toLowerCase(Locale.ROOT).replace('_', '-'), edges);
    this.kind = kind;
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

  public Binning kind() {
    return kind;
  }
}
