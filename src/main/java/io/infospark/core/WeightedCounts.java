package io.infospark.core;

import java.io.Serializable;

/**
 * The sufficient statistic of a distribution whose counts are summed weights (real, ≥ 0): the
 * total W = Σ c, the number of values with c > 0, and the moments Σ c ln c and Σ c (ln c)², each
 * a compensated sum. Merging two states of disjoint value sets adds them. Chao–Shen is not
 * defined on it (it needs integer counts to tell singletons).
 */
public final class WeightedCounts implements Serializable {
  private static final long serialVersionUID = 1L;
  private final CompensatedSum total = new CompensatedSum();
  private final CompensatedSum sumCLnC = new CompensatedSum();
  private final CompensatedSum sumCLn2C = new CompensatedSum();
  private long distinct;

  /** Records one distinct value whose weights sum to {@code c}; zero is ignored. */
  public WeightedCounts add(double c) {
    if (!(c >= 0) || Double.isInfinite(c)) {
      throw new IllegalArgumentException("a summed weight must be finite and >= 0: " + c);
    }
    if (c > 0) {
      double ln = Math.log(c);
      total.add(c);
      sumCLnC.add(c * ln);
      sumCLn2C.add(c * ln * ln);
      distinct++;
    }
    return this;
  }

  /**
   * Takes back one distinct value whose weights summed to {@code c} (zero is ignored): a running
   * count whose value gained weight is taken back at its old sum and recorded at its new one. A
   * state of changes only ({@link #merge}d into a whole one) may go negative.
   */
  public WeightedCounts remove(double c) {
    if (!(c >= 0) || Double.isInfinite(c)) {
      throw new IllegalArgumentException("a summed weight must be finite and >= 0: " + c);
    }
    if (c > 0) {
      double ln = Math.log(c);
      total.add(-c);
      sumCLnC.add(-c * ln);
      sumCLn2C.add(-c * ln * ln);
      distinct--;
    }
    return this;
  }

  public WeightedCounts merge(WeightedCounts o) {
    total.merge(o.total);
    sumCLnC.merge(o.sumCLnC);
    sumCLn2C.merge(o.sumCLn2C);
    distinct += o.distinct;
    return this;
  }

  public static WeightedCounts of(double... counts) {
    WeightedCounts w = new WeightedCounts();
    for (double c : counts) {
      w.add(c);
    }
    return w;
  }

  public double total() {
    return total.value();
  }

  public long distinct() {
    return distinct;
  }

  /** Σ c ln c. */
  public double sumCLnC() {
    return sumCLnC.value();
  }

  /** Σ c (ln c)². */
  public double sumCLn2C() {
    return sumCLn2C.value();
  }
}
