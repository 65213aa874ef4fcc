package io.infospark.engine;

import java.io.Serializable;

/**
 * The statistics of every key set of a count (its columns, then its pairs) and the rows with
 * unusable weights, folded from the merged entries on the executors and merged to the driver.
 */
final class Statistics implements Serializable {
  private static final long serialVersionUID = 1L;
  final CountStatistics[] sets;
  /** Rows with a bad weight by code: 1 null, 2 NaN, 3 negative, 4 infinite. */
  final long[] weightProblems = new long[5];
  private final boolean nullIsValue;

  Statistics(int sets, boolean nullIsValue) {
    this.sets = new CountStatistics[sets];
    for (int i = 0; i < sets; i++) {
      this.sets[i] = new CountStatistics();
    }
    this.nullIsValue = nullIsValue;
  }

  Statistics add(MergedEntry e) {
    if (e.set == MergedEntry.WEIGHT_PROBLEMS) {
      weightProblems[(int) e.k1] += e.n;
    } else {
      sets[e.set].add(e, nullIsValue);
    }
    return this;
  }

  /** A copy that later changes of this one leave alone. */
  Statistics copy() {
    return new Statistics(sets.length, nullIsValue).merge(this);
  }

  Statistics merge(Statistics o) {
    for (int i = 0; i < sets.length; i++) {
      sets[i].merge(o.sets[i]);
    }
    for (int i = 0; i < weightProblems.length; i++) {
      weightProblems[i] += o.weightProblems[i];
    }
    return this;
  }
}
