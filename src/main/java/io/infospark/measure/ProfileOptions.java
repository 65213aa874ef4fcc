package io.infospark.measure;

import io.infospark.core.BadInputException;
import io.infospark.core.LogBase;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Options of an entropy profile, with their defaults in one place. Immutable; each {@code withX}
 * returns a copy. Defaults: every column, nats, nulls dropped, no weight, floats in 20 equal-width
 * bins, every estimator (the small-sample ones included), no declared alphabet sizes.
 */
public final class ProfileOptions implements CountOptions<ProfileOptions>, Serializable {
  private static final long serialVersionUID = 2L;
  public static final int DEFAULT_BINS = 20;

  private final List<String> columns;
  private final LogBase base;
  private final NullPolicy nulls;
  private final String weight;
  private final Discretisation disc;
  private final Map<String, Long> alphabets;
  private final boolean smallSample;

  private ProfileOptions(List<String> columns, LogBase base, NullPolicy nulls, String weight,
      Discretisation disc, Map<String, Long> alphabets, boolean smallSample) {
    this.columns = columns;
    this.base = base;
    this.nulls = nulls;
    this.weight = weight;
    this.disc = disc;
    this.alphabets = alphabets;
    this.smallSample = smallSample;
  }

  public static ProfileOptions defaults() {
    return new ProfileOptions(List.of(), LogBase.E, NullPolicy.DROP, null, Discretisation.DEFAULT, Map.of(), true);
  }

  private ProfileOptions copy(List<String> columns, LogBase base, NullPolicy nulls, String weight,
      Discretisation disc) {
    return new ProfileOptions(columns, base, nulls, weight, disc, alphabets, smallSample);
  }

  /** The columns to profile; empty means every column but the weight. */
  public ProfileOptions withColumns(List<String> c) {
    return copy(ColumnNames.distinct(c, "columns"), base, nulls, weight, disc);
  }

  public ProfileOptions withColumns(String... c) {
    return withColumns(List.of(c));
  }

  public ProfileOptions withBase(LogBase b) {
    return copy(columns, b, nulls, weight, disc);
  }

  public ProfileOptions withNulls(NullPolicy n) {
    return copy(columns, base, n, weight, disc);
  }

  /** A column of non-negative finite weights; counts become weight sums. Null: every row counts 1. */
  public ProfileOptions withWeight(String w) {
    return copy(columns, base, nulls, w, disc);
  }

  /**
   * How floating-point columns are discretised: {@link Binning#EQUAL_WIDTH}, {@link Binning#QUANTILE}
   * or {@link Binning#EXACT} ({@link Binning#POOLED_QUANTILE} is a comparison's: the profile rejects it).
   */
  public ProfileOptions withBinning(Binning b) {
    return copy(columns, base, nulls, weight, disc.withBinning(b));
  }

  /** Number of bins for floating-point columns, 1 … 1,000,000. */
  public ProfileOptions withBins(int n) {
    return copy(columns, base, nulls, weight, disc.withBins(n));
  }

  /**
   * Declared alphabet sizes A (the number of possible values) by column, for NSB and the
   * James–Stein target; each at least the number of values the column shows (checked when the
   * profile runs). Booleans (2) and binned numbers (the bin count, plus NaN, ±∞ or null where
   * they occur as values) have a known alphabet without this; a declared size overrides it.
   *
   * @throws BadInputException when a size is below 1
   */
  public ProfileOptions withAlphabets(Map<String, Long> sizes) {
    Map<String, Long> copy = new LinkedHashMap<>();
    sizes.forEach((column, size) -> {
      if (size == null || size < 1) {
        throw new BadInputException("alphabet: column '" + column + "': expected a whole number >= 1 but got " + size);
      }
      copy.put(column, size);
    });
    return new ProfileOptions(columns, base, nulls, weight, disc, Map.copyOf(copy), smallSample);
  }

  /** {@link #withAlphabets} for one column (others keep theirs). */
  public ProfileOptions withAlphabet(String column, long size) {
    Map<String, Long> m = new LinkedHashMap<>(alphabets);
    m.put(column, size);
    return withAlphabets(m);
  }

  /**
   * Whether to compute the small-sample estimators (Grassberger, James–Stein, NSB, coverage);
   * default true. They cost little (they come from the count fingerprint on the driver; NSB a
   * quadrature per column with a known alphabet); false leaves them null.
   */
  public ProfileOptions withSmallSampleEstimators(boolean on) {
    return new ProfileOptions(columns, base, nulls, weight, disc, alphabets, on);
  }

  public List<String> columns() { return columns; }
  public Map<String, Long> alphabets() { return alphabets; }
  public boolean smallSampleEstimators() { return smallSample; }
  public LogBase base() { return base; }
  public NullPolicy nulls() { return nulls; }
  public String weight() { return weight; }
  public Binning binning() { return disc.binning(); }
  public int bins() { return disc.bins(); }

  /**
   * Fixed equal-width bins for floating-point columns: {@code column → {lo, hi}}, cut into
   * {@code bins} bins whatever the data's range, so that the counts of every run share their bins
   * and saved states of different runs merge (bins from each run's own range differ run to run).
   * Finite values below lo or above hi fall into the end bins; NaN and ±∞ keep bins of their own.
   *
   * @throws BadInputException for a range that is not two finite numbers lo &lt; hi
   */
  public ProfileOptions withBinRanges(Map<String, double[]> ranges) {
    return copy(columns, base, nulls, weight, disc.withRanges(ranges));
  }

  ProfileOptions withDiscretisation(Discretisation d) {
    return copy(columns, base, nulls, weight, d);
  }

  /** The fixed bin ranges ({@link #withBinRanges}): column → {lo, hi}. */
  public Map<String, double[]> binRanges() {
    return disc.ranges();
  }
}
