package io.infospark.measure;

import io.infospark.core.BadInputException;
import io.infospark.core.LogBase;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Options of a comparison of two distributions, with their defaults in one place. Immutable; each
 * {@code withX} returns a copy. Defaults: every column of the data under test, nats, nulls
 * dropped, no smoothing (a support mismatch gives +∞), floats in 20 equal-width bins taken from the
 * reference side, 5 named example values per mismatch.
 */
public final class CompareOptions implements CountOptions<CompareOptions>, Serializable {
  private static final long serialVersionUID = 2L;
  public static final int DEFAULT_EXAMPLES = 5;

  private final List<String> columns;
  private final LogBase base;
  private final NullPolicy nulls;
  private final double smoothing;
  private final Discretisation disc;
  private final int examples;
  private final List<String> binnedColumns;
  private final boolean significance;

  private CompareOptions(List<String> columns, LogBase base, NullPolicy nulls, double smoothing,
      Discretisation disc, int examples, List<String> binnedColumns, boolean significance) {
    this.columns = columns;
    this.base = base;
    this.nulls = nulls;
    this.smoothing = smoothing;
    this.disc = disc;
    this.examples = examples;
    this.binnedColumns = binnedColumns;
    this.significance = significance;
  }

  /** A copy with the first-round fields replaced and the others kept. */
  private CompareOptions copy(List<String> columns, LogBase base, NullPolicy nulls, double smoothing,
      Discretisation disc, int examples) {
    return new CompareOptions(columns, base, nulls, smoothing, disc, examples, binnedColumns, significance);
  }

  public static CompareOptions defaults() {
    return new CompareOptions(List.of(), LogBase.E, NullPolicy.DROP, 0.0, Discretisation.DEFAULT, DEFAULT_EXAMPLES,
        List.of(), true);
  }

  /** The columns to compare (present, with the same type, on both sides); empty: every column of p. */
  public CompareOptions withColumns(List<String> c) {
    return copy(ColumnNames.distinct(c, "columns"), base, nulls, smoothing, disc, examples);
  }

  public CompareOptions withColumns(String... c) {
    return withColumns(List.of(c));
  }

  public CompareOptions withBase(LogBase b) {
    return copy(columns, b, nulls, smoothing, disc, examples);
  }

  public CompareOptions withNulls(NullPolicy n) {
    return copy(columns, base, n, smoothing, disc, examples);
  }

  /**
   * Additive smoothing: pseudo-count α added to the count of every value of the union of both
   * supports, on both sides, before anything is computed (so every measure, the entropies
   * included, is of the smoothed distributions). 0, the default, is no smoothing.
   *
   * @throws BadInputException when α is negative, NaN or infinite
   */
  public CompareOptions withSmoothing(double alpha) {
    if (!(alpha >= 0) || Double.isInfinite(alpha)) {
      throw new BadInputException("smoothing: expected a finite number >= 0 but got " + alpha);
    }
    return copy(columns, base, nulls, alpha, disc, examples);
  }

  /**
   * How floating-point columns (and {@link #withBinnedColumns}) are discretised: bins computed on
   * the reference side ({@link Binning#EQUAL_WIDTH}, {@link Binning#QUANTILE}), on both sides pooled
   * ({@link Binning#POOLED_QUANTILE}: exact quantiles of p ∪ q, so drift in either direction is
   * resolved), or none ({@link Binning#EXACT}).
   */
  public CompareOptions withBinning(Binning b) {
    return copy(columns, base, nulls, smoothing, disc.withBinning(b), examples);
  }

  /** Number of bins for floating-point columns, 1 … 1,000,000. */
  public CompareOptions withBins(int n) {
    return copy(columns, base, nulls, smoothing, disc.withBins(n), examples);
  }

  /** How many values of a support mismatch are named in the result, 0 … 100. */
  public CompareOptions withExamples(int n) {
    if (n < 0 || n > 100) {
      throw new BadInputException("examples: expected a whole number from 0 to 100 but got " + n);
    }
    return copy(columns, base, nulls, smoothing, disc, n);
  }

  /**
   * Numeric columns that are not floating-point (whole numbers, decimals) to bin like
   * floating-point ones, instead of comparing them value by value: a measurement with many
   * distinct values drifts by its shape, not by its individual values.
   *
   * @throws BadInputException when a named column is not numeric or not compared (checked when the
   *     comparison runs)
   */
  public CompareOptions withBinnedColumns(List<String> c) {
    return new CompareOptions(columns, base, nulls, smoothing, disc, examples, List.copyOf(c), significance);
  }

  public CompareOptions withBinnedColumns(String... c) {
    return withBinnedColumns(List.of(c));
  }

  /**
   * Whether to compute the two-sample G-test, the noise floors, the top contributors and the
   * histograms of binned columns (default true); they come from the counts already collected, in
   * the same pass as the divergences. False leaves them out (the benchmark's baseline).
   */
  public CompareOptions withSignificance(boolean on) {
    return new CompareOptions(columns, base, nulls, smoothing, disc, examples, binnedColumns, on);
  }

  public List<String> binnedColumns() { return binnedColumns; }
  public boolean significance() { return significance; }
  public List<String> columns() { return columns; }
  public LogBase base() { return base; }
  public NullPolicy nulls() { return nulls; }
  public double smoothing() { return smoothing; }
  public Binning binning() { return disc.binning(); }
  public int bins() { return disc.bins(); }
  public int examples() { return examples; }

  /** The binning part as profile options, for {@link Profiler#codecs}. */
  ProfileOptions binningOptions() {
    return disc.asProfileOptions(nulls);
  }

  /** Fixed bin ranges, as {@link ProfileOptions#withBinRanges}. */
  public CompareOptions withBinRanges(Map<String, double[]> ranges) {
    return copy(columns, base, nulls, smoothing, disc.withRanges(ranges), examples);
  }

  /** The fixed bin ranges ({@link #withBinRanges}): column → {lo, hi}. */
  public Map<String, double[]> binRanges() {
    return disc.ranges();
  }
}
