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
  private static final long serialVersionUID = 2L;

  private final List<String> columns;
  private final String target;
  private final LogBase base;
  private final NullPolicy nulls;
  private final Discretisation disc;

  private MutualInfoOptions(List<String> columns, String target, LogBase base, NullPolicy nulls,
      Discretisation disc) {
    this.columns = columns;
    this.target = target;
    this.base = base;
    this.nulls = nulls;
    this.disc = disc;
  }

  public static MutualInfoOptions defaults() {
    return new MutualInfoOptions(List.of(), null, LogBase.E, NullPolicy.DROP, Discretisation.DEFAULT);
  }

  /**
   * The columns: without a target every pair of them is measured; with a target each of them
   * against it. Empty: every column (but the target).
   */
  public MutualInfoOptions withColumns(List<String> c) {
    return new MutualInfoOptions(ColumnNames.distinct(c, "columns"), target, base, nulls, disc);
  }

  public MutualInfoOptions withColumns(String... c) {
    return withColumns(List.of(c));
  }

  /** A target column: every column against it, sorted by mutual information, largest first. */
  public MutualInfoOptions withTarget(String t) {
    return new MutualInfoOptions(columns, t, base, nulls, disc);
  }

  public MutualInfoOptions withBase(LogBase b) {
    return new MutualInfoOptions(columns, target, b, nulls, disc);
  }

  /**
   * {@link NullPolicy#DROP}: each pair is measured over its complete cases (rows where both are
   * non-null), marginals included, so that I(X;Y) = H(X) + H(Y) − H(X,Y) holds on one sample;
   * {@link NullPolicy#CATEGORY}: null is a value and every row counts.
   */
  public MutualInfoOptions withNulls(NullPolicy n) {
    return new MutualInfoOptions(columns, target, base, n, disc);
  }

  /** How floating-point columns are discretised ({@link Binning#POOLED_QUANTILE} is a comparison's: rejected). */
  public MutualInfoOptions withBinning(Binning b) {
    return new MutualInfoOptions(columns, target, base, nulls, disc.withBinning(b));
  }

  /** Number of bins for floating-point columns, 1 … 1,000,000. */
  public MutualInfoOptions withBins(int n) {
    return new MutualInfoOptions(columns, target, base, nulls, disc.withBins(n));
  }

  public List<String> columns() { return columns; }
  public String target() { return target; }
  public LogBase base() { return base; }
  public NullPolicy nulls() { return nulls; }
  public Binning binning() { return disc.binning(); }
  public int bins() { return disc.bins(); }

  ProfileOptions binningOptions() {
    return disc.asProfileOptions(nulls);
  }

  /** Fixed bin ranges, as {@link ProfileOptions#withBinRanges}. */
  public MutualInfoOptions withBinRanges(Map<String, double[]> ranges) {
    return new MutualInfoOptions(columns, target, base, nulls, disc.withRanges(ranges));
  }

  /** The fixed bin ranges ({@link #withBinRanges}): column → {lo, hi}. */
  public Map<String, double[]> binRanges() {
    return disc.ranges();
  }
}
