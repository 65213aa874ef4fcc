package io.infospark.measure;

import io.infospark.core.DivergenceEstimate;
import io.infospark.core.Significance;
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
 * @param onlyInP a few values with q = 0 &lt; p (the cause of an infinite KL(p‖q)), most frequent first
 * @param onlyInQ a few values with p = 0 &lt; q (the cause of an infinite KL(q‖p))
 * @param binning for a discretised floating-point column, its bins (from q), else null
 * @param topValues the {@link #TOP_VALUES} most frequent values of either side with their shares
 *     of p and of q (before smoothing), most frequent first; found while comparing, so bounded
 * @param significance the two-sample G-test and the noise floors of the divergences (raw counts),
 *     or null when not computed
 * @param contributors the values that make most of the divergence: the {@link #CONTRIBUTORS}
 *     largest terms of KL(p‖q) and of JS together, largest JS term first
 * @param histogram for a binned column with at most {@link #HISTOGRAM_BINS} bins, every bin (and
 *     NaN, ±∞, null where they occur) in value order with its shares of p and q; else empty
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
    String binning,
    List<ValueShare> topValues,
    Significance significance,
    List<Contributor> contributors,
    List<ValueShare> histogram) implements Serializable {

  /** How many of the most frequent values a comparison keeps per column (for charts). */
  public static final int TOP_VALUES = 8;
  /** How many of the largest terms of KL and of JS a comparison keeps per column. */
  public static final int CONTRIBUTORS = 5;
  /** Binned columns with at most this many bins keep every bin's shares ({@link #histogram()}). */
  public static final int HISTOGRAM_BINS = 200;

  public ColumnComparison {
    onlyInP = List.copyOf(onlyInP);
    onlyInQ = List.copyOf(onlyInQ);
    topValues = List.copyOf(topValues);
    contributors = List.copyOf(contributors);
    histogram = List.copyOf(histogram);
  }

  /** Without significance, contributors and histogram. */
  public ColumnComparison(String column, String referenceColumn, String type, double countP, double countQ,
      double nullsP, double nullsQ, double smoothing, DivergenceEstimate estimate, List<String> onlyInP,
      List<String> onlyInQ, String binning, List<ValueShare> topValues) {
    this(column, referenceColumn, type, countP, countQ, nullsP, nullsQ, smoothing, estimate, onlyInP, onlyInQ,
        binning, topValues, null, List.of(), List.of());
  }

  /** Without top values. */
  public ColumnComparison(String column, String referenceColumn, String type, double countP, double countQ,
      double nullsP, double nullsQ, double smoothing, DivergenceEstimate estimate, List<String> onlyInP,
      List<String> onlyInQ, String binning) {
    this(column, referenceColumn, type, countP, countQ, nullsP, nullsQ, smoothing, estimate, onlyInP, onlyInQ,
        binning, List.of());
  }

  /** Values with q = 0 &lt; p: each makes KL(p‖q), H(p,q) and the PSI infinite. */
  public long supportMismatch() {
    return estimate.onlyInP();
  }

  /** Values with p = 0 &lt; q: each makes KL(q‖p) and the PSI infinite. */
  public long supportMismatchReverse() {
    return estimate.onlyInQ();
  }
}
