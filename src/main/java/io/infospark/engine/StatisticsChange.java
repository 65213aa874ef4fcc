package io.infospark.engine;

import io.infospark.core.WeightedCounts;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * How the statistics of a running count change when a batch's counts are added ({@link
 * RunningCounts}): per key set, the count fingerprint's signed changes (a key seen again moves from
 * its old count to its new one; a new key appears at its count), the weighted moments' changes (the
 * old summed weight taken back, the new one recorded) and the null rows added. It is small — per set
 * at most the distinct counts touched — and adds up over buckets; applied to the statistics before
 * the batch it gives exactly the statistics after it.
 */
final class StatisticsChange implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Map<Long, Long>[] fingerprint;
  private final WeightedCounts[] weights;
  private final long[] nullRows;
  private final double[] nullWeight;
  private final boolean nullIsValue;
  /** The entries (keys touched) this change was made of. */
  long entries;
  /** The keys that were new. */
  long newKeys;

  @SuppressWarnings("unchecked")
  StatisticsChange(int sets, boolean nullIsValue) {
    fingerprint = new Map[sets];
    weights = new WeightedCounts[sets];
    for (int i = 0; i < sets; i++) {
      fingerprint[i] = new HashMap<>();
      weights[i] = new WeightedCounts();
    }
    nullRows = new long[sets];
    nullWeight = new double[sets];
    this.nullIsValue = nullIsValue;
  }

  /**
   * One key of set {@code set} moved from count {@code oldN} (weight {@code oldW}; 0: a new key) to
   * {@code newN} ({@code newW}) by adding {@code addN} rows of weight {@code addW}.
   */
  void moved(int set, int nullmask, long oldN, double oldW, long newN, double newW, long addN, double addW) {
    entries++;
    if (nullmask != 0) {
      nullRows[set] += addN;
      nullWeight[set] += addW;
      if (!nullIsValue) {
        return;
      }
    }
    if (oldN > 0) {
      fingerprint[set].merge(oldN, -1L, Long::sum);
    }
    fingerprint[set].merge(newN, 1L, Long::sum);
    weights[set].remove(oldW);
    weights[set].add(newW);
  }

  StatisticsChange merge(StatisticsChange o) {
    for (int i = 0; i < fingerprint.length; i++) {
      Map<Long, Long> f = fingerprint[i];
      o.fingerprint[i].forEach((c, m) -> f.merge(c, m, Long::sum));
      weights[i].merge(o.weights[i]);
      nullRows[i] += o.nullRows[i];
      nullWeight[i] += o.nullWeight[i];
    }
    entries += o.entries;
    newKeys += o.newKeys;
    return this;
  }

  /** Applies the change to the statistics before the batch: they become those after it. */
  void applyTo(Statistics s) {
    for (int i = 0; i < fingerprint.length; i++) {
      CountStatistics c = s.sets[i];
      // take back first: a count whose multiplicity only moves must not go below zero on the way
      for (Map.Entry<Long, Long> e : fingerprint[i].entrySet()) {
        if (e.getValue() < 0) {
          c.fingerprint().remove(e.getKey(), -e.getValue());
        }
      }
      for (Map.Entry<Long, Long> e : fingerprint[i].entrySet()) {
        if (e.getValue() > 0) {
          c.fingerprint().add(e.getKey(), e.getValue());
        }
      }
      c.weights().merge(weights[i]);
      c.addNulls(nullRows[i], nullWeight[i]);
    }
  }
}
