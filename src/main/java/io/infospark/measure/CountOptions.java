package io.infospark.measure;

import io.infospark.core.LogBase;
import java.util.List;
import java.util.Map;

/**
 * The options every count-based analysis shares (profile, compare, mutual information): which
 * columns, the unit, the null policy and how floating-point columns are binned.
 *
 * @param <O> the options class (each setter returns a new one)
 */
public interface CountOptions<O extends CountOptions<O>> {
  /** The columns to measure; empty: every column. */
  O withColumns(List<String> columns);

  /** The base of the logarithm, which fixes the unit. */
  O withBase(LogBase base);

  /** Nulls dropped (counted apart) or counted as a value. */
  O withNulls(NullPolicy nulls);

  /** How floating-point columns are discretised. */
  O withBinning(Binning binning);

  /** How many bins a discretised column gets. */
  O withBins(int bins);

  /**
   * Fixed ranges of equal-width bins for floating-point columns (column → {lo, hi}), the same for
   * every run, so that saved states of different runs merge.
   */
  O withBinRanges(Map<String, double[]> ranges);
}
