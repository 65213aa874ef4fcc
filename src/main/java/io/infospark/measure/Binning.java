package io.infospark.measure;

import io.infospark.core.BadInputException;
import java.util.Locale;

/**
 * How floating-point columns are discretised before counting (DESIGN.md §1). Other types are
 * categorical (a comparison can bin named numeric columns too). NaN, +∞ and −∞ each get a bin of
 * their own.
 */
public enum Binning {
  /** {@code bins} bins of equal width between the column's finite min and max. The default. */
  EQUAL_WIDTH,
  /**
   * {@code bins} bins between the column's exact quantiles at 0, 1/bins, …, 1, by numpy's default
   * definition ({@code numpy.quantile}, method 'linear', as {@code pandas.qcut}): the value at rank
   * h = (n − 1)·i/bins of the sorted finite values, interpolated linearly between the two nearest
   * ranks. Repeated edges are merged. Exact, so independent of the partitioning
   * ({@link io.infospark.core.OrderStatistics}).
   */
  QUANTILE,
  /** No binning: every distinct double is a value (−0.0 and 0.0 are one value). */
  EXACT,
  /**
   * For a comparison only: {@code bins} bins between the exact quantiles (as {@link #QUANTILE}) of
   * the two samples pooled, shared by both sides, so that neither side's range or shape decides
   * the bins alone.
   */
  POOLED_QUANTILE;

  public static Binning parse(String text, String key) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    switch (t) {
      case "equal-width": case "width": return EQUAL_WIDTH;
      case "quantile": case "quantiles": return QUANTILE;
      case "exact": case "none": return EXACT;
      case "pooled-quantile": case "pooled-quantiles": case "pooled": return POOLED_QUANTILE;
      default:
        throw new BadInputException(key + ": expected equal-width, quantile, pooled-quantile or exact but got '"
            + text + "'");
    }
  }

  /**
   * Rejects {@link #POOLED_QUANTILE} where there is one sample only (profile, mutual information).
   *
   * @throws BadInputException naming the key {@code binning}
   */
  static void requireOneSample(Binning b) {
    if (b == POOLED_QUANTILE) {
      throw new BadInputException("binning: pooled-quantile takes its bins from both sides of a comparison "
          + "(compare only); expected equal-width, quantile or exact");
    }
  }
}
