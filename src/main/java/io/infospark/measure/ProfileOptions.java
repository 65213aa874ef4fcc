package io.infospark.measure;

import io.infospark.core.BadInputException;
import io.infospark.core.LogBase;
import java.io.Serializable;
import java.util.List;

/**
 * Options of an entropy profile, with their defaults in one place. Immutable; each {@code withX}
 * returns a copy. Defaults: every column, nats, nulls dropped, no weight, floats in 20 equal-width
 * bins.
 */
public final class ProfileOptions implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final int DEFAULT_BINS = 20;

  private final List<String> columns;
  private final LogBase base;
  private final NullPolicy nulls;
  private final String weight;
  private final Binning binning;
  private final int bins;

  private ProfileOptions(List<String> columns, LogBase base, NullPolicy nulls, String weight,
      Binning binning, int bins) {
    this.columns = columns;
    this.base = base;
    this.nulls = nulls;
    this.weight = weight;
    this.binning = binning;
    this.bins = bins;
  }

  public static ProfileOptions defaults() {
    return new ProfileOptions(List.of(), LogBase.E, NullPolicy.DROP, null, Binning.EQUAL_WIDTH, DEFAULT_BINS);
  }

  /** The columns to profile; empty means every column but the weight. */
  public ProfileOptions withColumns(List<String> c) {
    return new ProfileOptions(ColumnNames.distinct(c, "columns"), base, nulls, weight, binning, bins);
  }

  public ProfileOptions withColumns(String... c) {
    return withColumns(List.of(c));
  }

  public ProfileOptions withBase(LogBase b) {
    return new ProfileOptions(columns, b, nulls, weight, binning, bins);
  }

  public ProfileOptions withNulls(NullPolicy n) {
    return new ProfileOptions(columns, base, n, weight, binning, bins);
  }

  /** A column of non-negative finite weights; counts become weight sums. Null: every row counts 1. */
  public ProfileOptions withWeight(String w) {
    return new ProfileOptions(columns, base, nulls, w, binning, bins);
  }

  public ProfileOptions withBinning(Binning b) {
    return new ProfileOptions(columns, base, nulls, weight, b, bins);
  }

  /** Number of bins for floating-point columns, 1 … 1,000,000. */
  public ProfileOptions withBins(int n) {
    if (n < 1 || n > 1_000_000) {
      throw new BadInputException("bins: expected a whole number from 1 to 1000000 but got " + n);
    }
    return new ProfileOptions(columns, base, nulls, weight, binning, n);
  }

  public List<String> columns() { return columns; }
  public LogBase base() { return base; }
  public NullPolicy nulls() { return nulls; }
  public String weight() { return weight; }
  public Binning binning() { return binning; }
  public int bins() { return bins; }
}
