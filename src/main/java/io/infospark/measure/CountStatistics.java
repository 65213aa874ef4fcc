package io.infospark.measure;

import io.infospark.core.CountFingerprint;
import io.infospark.core.Entropy;
import io.infospark.core.EntropyEstimate;
import io.infospark.core.LogBase;
import io.infospark.core.WeightedCounts;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * Per key set, the small sufficient statistics of its value counts: the count fingerprint (integer
 * counts), the weighted moments (weight sums), and the null rows. Built on the executors from
 * {@link ValueCounts#count} and merged to the driver: its size is bounded by √(2N) per set, never
 * by the number of distinct values.
 */
public final class CountStatistics implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Integer counts of the non-null values (nulls included under nulls = category). */
  public final CountFingerprint fingerprint = new CountFingerprint();
  /** Summed weights of the same values. */
  public final WeightedCounts weighted = new WeightedCounts();
  /** Rows (and summed weight) whose value was null. */
  public long nullRows;
  public double nullWeight;

  CountStatistics merge(CountStatistics o) {
    fingerprint.merge(o.fingerprint);
    weighted.merge(o.weighted);
    nullRows += o.nullRows;
    nullWeight += o.nullWeight;
    return this;
  }

  /** Entropy estimates of this set's values: from weights when {@code weighted}, else from counts. */
  public EntropyEstimate estimate(boolean weightedCounts, LogBase base) {
    return weightedCounts ? Entropy.estimate(weighted, base) : Entropy.estimate(fingerprint, base);
  }

  /** Statistics of every key set 0 … sets−1, plus the weight problems at index {@code sets}. */
  static final class All implements Serializable {
    private static final long serialVersionUID = 1L;
    final CountStatistics[] sets;
    final long[] weightProblems = new long[5];

    All(int n) {
      sets = new CountStatistics[n];
      for (int i = 0; i < n; i++) {
        sets[i] = new CountStatistics();
      }
    }

    All merge(All o) {
      for (int i = 0; i < sets.length; i++) {
        sets[i].merge(o.sets[i]);
      }
      for (int i = 0; i < weightProblems.length; i++) {
        weightProblems[i] += o.weightProblems[i];
      }
      return this;
    }
  }

  /**
   * Reduces aggregated counts to statistics per set.
   *
   * @param nullIsValue whether a null of a single column counts as a value (nulls = category)
   */
  static All of(JavaRDD<InternalRow> counts, int sets, boolean nullIsValue) {
    return counts
        .mapPartitions((Iterator<InternalRow> it) -> {
          All a = new All(sets);
          while (it.hasNext()) {
            InternalRow r = it.next();
            int set = r.getInt(0);
            long n = r.getLong(6);
            double w = r.getDouble(7);
            if (set == ValueCounts.WEIGHT_PROBLEMS) {
              a.weightProblems[(int) r.getLong(2)] += n;
              continue;
            }
            CountStatistics s = a.sets[set];
            if (r.getInt(1) != 0 && !nullIsValue) {
              s.nullRows += n;
              s.nullWeight += w;
              continue;
            }
            if (r.getInt(1) != 0) {
              s.nullRows += n;
              s.nullWeight += w;
            }
            s.fingerprint.add(n);
            s.weighted.add(w);
          }
          List<All> one = new ArrayList<>(1);
          one.add(a);
          return one.iterator();
        })
        .fold(new All(sets), All::merge);
  }
}
