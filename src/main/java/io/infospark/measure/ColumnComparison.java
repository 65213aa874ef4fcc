package io.infospark.measure;

import io.infospark.core.DivergenceEstimate;
import java.io.Serializable;
import java.util.List;

/**
 * The comparison of one column of p (under test) with its reference in q.
 *
 * @param column the column of p
 * @param referenceColumn the column of q it is compared with (the same name for two DataFrames)
 * @param type Spark SQL type name of both
 * @param countP values of p counted (rows, less nulls when they are dropped), before smoothing
 * @param countQ the same for q
 * @param nullsP null values in p (counted as a value under nulls = category)
 * @param nullsQ null values in q
 * @param smoothing the pseudo-count α added to every value of the union support on both sides
 * @param estimate entropies, cross-entropy, KL both ways, JS and PSI, in the comparison's unit
 * @param onlyInP a few values with q = 0 < p (the cause of an infinite KL(p‖q)), most frequent first
 * @param onlyInQ a few values with p = 0 < q (the cause of an infinite KL(q‖p))
 * @param binning for a discretised floating-point column, its bins (from q), else null
 */
public record ColumnComparison(
    String column,
    String referenceColumn,
    String type,
    double countP,
    double countQ,
    double nullsP,
    double nullsQ,
    double smoothing,
    DivergenceEstimate estimate,
    List<String> onlyInP,
    List<String> onlyInQ,
    String binning) implements Serializable {

  public ColumnComparison {
    onlyInP = List.copyOf(onlyInP);
    onlyInQ = List.copyOf(onlyInQ);
  }

  /** Values with q = 0 < p: each makes KL(p‖q), H(p,q) and the PSI infinite. */
  public long supportMismatch() {
    return estimate.onlyInP();
  }

  /** Values with p = 0 < q: each makes KL(q‖p) and the PSI infinite. */
  public long supportMismatchReverse() {
    return estimate.onlyInQ();
  }
}
