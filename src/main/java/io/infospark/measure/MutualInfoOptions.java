package io.infospark.measure;

import io.infospark.core.LogBase;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Options of a mutual-information table, with their defaults in one place. Immutable; each
 * {@code withX} returns a copy. Defaults: every column, every pair of them (no target), nats,
 * nulls dropped (each pair over its complete cases), floats in 20 equal-width bins.
 */
public final class MutualInfoOptions implements CountOptions<MutualInfoOptions>, Serializable {
  private static final long serialVersionUID = 1L;
  /** Set only on a fresh copy ({@link #keep}): the options stay immutable. */
  private Map<String, double[]> binRanges = Map.of();

  private final List<String> columns;
  private final String target;
  private final LogBase base;
  private final NullPolicy nulls;
  private final Binning binning;
  private final int bins;

  private MutualInfoOptions(List<String> columns, String target, LogBase base, NullPolicy nulls, Binning binning,
      int bins) {
    this.columns = columns;
    this.target = target;
    this.base = base;
    this.nulls = nulls;
    this.binning = binning;
    this.bins = bins;
  }

  public static MutualInfoOptions defaults() {
    return new MutualInfoOptions(List.of(), null, LogBase.E, NullPolicy.DROP, Binning.EQUAL_WIDTH,
        ProfileOptions.DEFAULT_BINS);
  }

  /**
   * The columns: without a target every pair of them is measured; with a target each of them
   * against it. Empty: every column (but the target).
   */
  public MutualInfoOptions withColumns(List<String> c) {
    return keep(new MutualInfoOptions(ColumnNames.distinct(c, "columns"), target, base, nulls, binning, bins));
  }

  public MutualInfoOptions withColumns(String... c) {
    return withColumns(List.of(c));
  }

  /** A target column: every column against it, sorted by mutual information, largest first. */
  public MutualInfoOptions withTarget(String t) {
    return keep(new MutualInfoOptions(columns, t, base, nulls, binning, bins));
  }

  public MutualInfoOptions withBase(LogBase b) {
    return keep(new MutualInfoOptions(columns, target, b, nulls, binning, bins));
  }

  /**
   * {@link NullPolicy#DROP}: each pair is measured over its complete cases (rows where both are
   * non-null), marginals included, so that I(X;Y) = H(X) + H(Y) − H(X,Y) holds on one sample;
   * {@link NullPolicy#CATEGORY}: null is a value and every row counts.
   */
  public MutualInfoOptions withNulls(NullPolicy n) {
    return keep(new MutualInfoOptions(columns, target, base, n, binning, bins));
  }

  /** How floating-point columns are discretised ({@link Binning#POOLED_QUANTILE} is a comparison's: rejected). */
  public MutualInfoOptions withBinning(Binning b) {
    return keep(new MutualInfoOptions(columns, target, base, nulls, b, bins));
  }

  /** Number of bins for floating-point columns, 1 … 1,000,000. */
  public MutualInfoOptions withBins(int n) {
    ProfileOptions.defaults().withBins(n); // validates
    return keep(new MutualInfoOptions(columns, target, base, nulls, binning, n));
  }

  public List<String> columns() { return columns; }
  public String target() { return target; }
  public LogBase base() { return base; }
  public NullPolicy nulls() { return nulls; }
  public Binning binning() { return binning; }
  public int bins() { return bins; }

  ProfileOptions binningOptions() {
    return ProfileOptions.defaults().withNulls(nulls).withBinning(binning).withBins(bins).withBinRanges(binRanges);
  }

  /** Fixed bin ranges, as {@link ProfileOptions#withBinRanges}. */
  public MutualInfoOptions withBinRanges(Map<String, double[]> ranges) {
    MutualInfoOptions o = withBins(bins); // a fresh copy
    o.binRanges = BinRanges.check(ranges);
    return o;
  }

  /** The fixed bin ranges ({@link #withBinRanges}): column → {lo, hi}. */
  public Map<String, double[]> binRanges() {
    return binRanges;
  }

  /** A copy made by a {@code with…} method keeps the bin ranges. */
  private MutualInfoOptions keep(MutualInfoOptions made) {
    made.binRanges = binRanges;
    return made;
  }
}
