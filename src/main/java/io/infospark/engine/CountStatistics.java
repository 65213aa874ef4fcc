package io.infospark.engine;

import io.infospark.core.CountFingerprint;
import io.infospark.core.Entropy;
import io.infospark.core.EntropyEstimate;
import io.infospark.core.LogBase;
import io.infospark.core.WeightedCounts;
import java.io.Serializable;

/**
 * The small sufficient statistics of one counted column's (or pair's) values: the count fingerprint
 * (integer counts), the weighted moments (summed weights), and the null rows. Built on the
 * executors from the merged counts and merged to the driver: its size is bounded by √(2N), never
 * by the number of distinct values.
 */
public final class CountStatistics implements Serializable {
  private static final long serialVersionUID = 1L;

  private final CountFingerprint fingerprint = new CountFingerprint();
  private final WeightedCounts weights = new WeightedCounts();
  private long nullRows;
  private double nullWeight;

  /** Integer counts of the values (nulls included when null is a value). */
  public CountFingerprint fingerprint() {
    return fingerprint;
  }

  /** Summed weights of the same values (equal to the counts without a weight column). */
  public WeightedCounts weights() {
    return weights;
  }

  /** Rows whose value was null (counted here whether or not null is a value). */
  public long nullRows() {
    return nullRows;
  }

  /** Summed weight of the rows whose value was null. */
  public double nullWeight() {
    return nullWeight;
  }

  /** Entropy estimates of these values: from the summed weights when {@code weighted}, else from the counts. */
  public EntropyEstimate estimate(boolean weighted, LogBase base) {
    return weighted ? Entropy.estimate(weights, base) : Entropy.estimate(fingerprint, base);
  }

  void add(MergedEntry e, boolean nullIsValue) {
    if (e.nullmask != 0) {
      nullRows += e.n;
      nullWeight += e.w;
      if (!nullIsValue) {
        return;
      }
    }
    fingerprint.add(e.n);
    weights.add(e.w);
  }

  void addNulls(long rows, double weight) {
    nullRows += rows;
    nullWeight += weight;
  }

  CountStatistics merge(CountStatistics o) {
    fingerprint.merge(o.fingerprint);
    weights.merge(o.weights);
    nullRows += o.nullRows;
    nullWeight += o.nullWeight;
    return this;
  }
}
