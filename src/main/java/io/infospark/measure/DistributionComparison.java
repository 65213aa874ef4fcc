package io.infospark.measure;

import io.infospark.core.BadInputException;
import io.infospark.core.CompensatedSum;
import io.infospark.core.Divergence;
import io.infospark.core.DivergenceEstimate;
import io.infospark.engine.CountKey;
import io.infospark.engine.CountRequest;
import io.infospark.engine.CountResult;
import io.infospark.engine.CountStatistics;
import io.infospark.engine.CountedColumn;
import io.infospark.engine.CountedValue;
import io.infospark.engine.ValueCounter;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;

/**
 * The comparison of the distributions of columns: the same columns of two DataFrames (p, the data
 * under test, against q, the reference), or two columns of one DataFrame.
 *
 * <p>Cost: one scan of each side and one shuffle in all, through the counting engine
 * ({@link ValueCounter}). Every row of p counts with weight 1 and every row of q with weight 0
 * ({@link ValueCounter#countSides}; for two columns of one DataFrame, an {@code inline} of two rows
 * per input row with an indicator column as the weight): for every value the aggregated row then
 * holds n = a + b (rows of both sides) and w = a (rows of p), so the joined per-value counts come
 * out of the counting shuffle itself, with no join. Two
 * cheap passes over those aggregated counts follow (Spark reuses the shuffle output; nothing is
 * read again): {@link CountStatistics} for the totals A, B and the union support of each column,
 * then the per-column sums of the terms ({@link Divergence}). Only per-column sums and a few
 * example values reach the driver. Floating-point columns cost one narrow aggregation of q for the
 * bin edges, which both sides share; values of p outside q's range fall into q's end bins.
 */
public final class DistributionComparison {
  private DistributionComparison() {}

  /** The indicator column of {@link #compareColumns}: 1.0 on rows of p, 0.0 on rows of q. */
  static final String IN_P = "__infospark_in_p";

  /**
   * Compares the distribution of each column of p (under test) with the same column of q (the
   * reference).
   *
   * @throws BadInputException when a column is missing on either side or has different types on
   *     the two sides
   */
  public static Comparison compare(Dataset<Row> p, Dataset<Row> q, CompareOptions o) {
    List<String> names = o.columns().isEmpty() ? Arrays.asList(p.schema().fieldNames()) : o.columns();
    if (names.isEmpty()) {
      throw new BadInputException("columns: the input (p) has no columns to compare");
    }
    checkSides(p, q, names);
    // bins come from the reference side (q) and are shared by both sides
    List<CountedColumn> columns = Profiler.columns(q, names, o.binningOptions(), Map.of());
    List<String> types = new ArrayList<>();
    for (CountedColumn c : columns) {
      types.add(c.type().simpleString());
    }
    CountRequest request = CountRequest.of(columns).withNullsAsValue(o.nulls() == NullPolicy.CATEGORY);
    try (CountResult counts = ValueCounter.countSides(p, q, request)) {
      return run(counts, names, names, types, o);
    }
  }

  /**
   * Compares the distribution of column {@code colP} with that of column {@code colQ} (the
   * reference) of one DataFrame, in one scan of it.
   *
   * @throws BadInputException when a column is missing or the two have different types
   */
  public static Comparison compareColumns(Dataset<Row> df, String colP, String colQ, CompareOptions o) {
    ColumnNames.require(df, List.of(colP, colQ), "columns");
    DataType tp = df.schema().apply(colP).dataType();
    DataType tq = df.schema().apply(colQ).dataType();
    if (!tp.equals(tq)) {
      throw new BadInputException("columns: column '" + colP + "' has type " + tp.simpleString() + " but column '"
          + colQ + "' has type " + tq.simpleString() + "; expected the same type (cast one of them)");
    }
    CountedColumn reference = Profiler.columns(df, List.of(colQ), o.binningOptions(), Map.of()).get(0);
    Dataset<Row> stacked = df.select(functions.inline(functions.array(
        functions.struct(ColumnNames.col(colP).as("c0"), functions.lit(1.0).as(IN_P)),
        functions.struct(ColumnNames.col(colQ).as("c0"), functions.lit(0.0).as(IN_P)))));
    Map<String, BinSpec> given = new HashMap<>();
    if (reference.bins() != null) {
      given.put("c0", (BinSpec) reference.bins());
    }
    List<CountedColumn> columns = Profiler.columns(stacked, List.of("c0"), o.binningOptions(), given);
    CountRequest request = CountRequest.of(columns).withWeight(IN_P).withNullsAsValue(o.nulls() == NullPolicy.CATEGORY);
    try (CountResult counts = ValueCounter.count(stacked, request)) {
      return run(counts, List.of(colP), List.of(colQ), List.of(tq.simpleString()), o);
    }
  }

  /** Every column present on both sides with one type, or a one-line error naming it. */
  private static void checkSides(Dataset<Row> p, Dataset<Row> q, List<String> names) {
    List<String> inP = Arrays.asList(p.schema().fieldNames());
    List<String> inQ = Arrays.asList(q.schema().fieldNames());
    for (String n : names) {
      if (!inP.contains(n) && !inQ.contains(n)) {
        ColumnNames.require(p, List.of(n), "columns");
      }
      if (!inQ.contains(n)) {
        throw new BadInputException("columns: column '" + n + "' is in the input (p) but not in the reference (q); "
            + "expected it on both sides");
      }
      if (!inP.contains(n)) {
        throw new BadInputException("columns: column '" + n + "' is in the reference (q) but not in the input (p); "
            + "expected it on both sides");
      }
      DataType tp = p.schema().apply(n).dataType();
      DataType tq = q.schema().apply(n).dataType();
      if (!tp.equals(tq)) {
        throw new BadInputException("columns: column '" + n + "' has type " + tp.simpleString() + " in the input (p) but "
            + tq.simpleString() + " in the reference (q); expected the same type on both sides (cast one side)");
      }
    }
  }

  private static Comparison run(CountResult counts, List<String> names, List<String> referenceNames,
      List<String> types, CompareOptions o) {
    List<CountedColumn> columns = counts.request().columns();
    int k = columns.size();
    boolean nullIsValue = counts.request().nullsAsValue();
    double alpha = o.smoothing();
    double[] countP = new double[k];
    double[] countQ = new double[k];
    double[] totalP = new double[k];
    double[] totalQ = new double[k];
    String[] reasons = new String[k];
    for (int i = 0; i < k; i++) {
      CountStatistics s = counts.column(i);
      countP[i] = s.weights().total();
      countQ[i] = s.fingerprint().total() - countP[i];
      long support = s.fingerprint().distinct();
      totalP[i] = countP[i] + alpha * support;
      totalQ[i] = countQ[i] + alpha * support;
      if (countP[i] == 0 || countQ[i] == 0) {
        String side = countP[i] == 0 && countQ[i] == 0 ? "either side" : countP[i] == 0 ? "the input (p)"
            : "the reference (q)";
        reasons[i] = "no values to compare on " + side + " (empty, or every value null and nulls dropped)";
      }
    }
    boolean drop = !nullIsValue;
    // with smoothing every value has a positive count on both sides: no mismatch to name
    int maxExamples = alpha == 0 ? o.examples() : 0;
    Terms terms = counts.fold(() -> new Terms(totalP, totalQ, countP, countQ, reasons, maxExamples),
        (Terms t, CountedValue v) -> t.add(v, drop, alpha, maxExamples, countP, countQ), Terms::merge);
    List<ColumnComparison> out = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      CountStatistics s = counts.column(i);
      double nullsP = s.nullWeight();
      double nullsQ = s.nullRows() - s.nullWeight();
      DivergenceEstimate e;
      if (terms.sums[i] != null) {
        e = terms.sums[i].estimate(o.base());
      } else if (terms.oneSided[i] != null) {
        long support = s.fingerprint().distinct();
        Double h = o.base().fromNats(Math.max(0.0, terms.oneSided[i].value()));
        boolean isP = terms.oneSidedIsP[i];
        e = new DivergenceEstimate(o.base(), countP[i], countQ[i], isP ? support : 0, isP ? 0 : support, support,
            isP ? h : null, isP ? null : h, null, null, null, null, null, 0, 0, reasons[i]);
      } else {
        e = DivergenceEstimate.undefined(o.base(), countP[i], countQ[i], reasons[i]);
      }
      CountedColumn c = columns.get(i);
      out.add(new ColumnComparison(names.get(i), referenceNames.get(i), types.get(i), countP[i], countQ[i], nullsP,
          nullsQ, alpha, e, labels(c, terms.examples[i][0]), labels(c, terms.examples[i][1]),
          c.bins() == null ? null : c.bins().describe(), shares(c, terms.examples[i][Terms.TOP])));
    }
    return new Comparison(o.base(), alpha, o.nulls(), out);
  }

  /** The top values with their shares of p and q, most frequent first. */
  private static List<ValueShare> shares(CountedColumn c, List<Example> top) {
    List<String> names = labels(c, top);
    List<ValueShare> out = new ArrayList<>();
    for (int i = 0; i < top.size(); i++) {
      out.add(new ValueShare(names.get(i), top.get(i).p, top.get(i).q));
    }
    return out;
  }

  /** The readable values of the examples ({@link CountedColumn#display}). */
  private static List<String> labels(CountedColumn c, List<Example> examples) {
    List<String> out = new ArrayList<>();
    for (Example e : examples) {
      if (e.isNull) {
        out.add("null");
      } else if (c.bins() != null && c.bins().bins() == 0 && !e.key.isBytes() && e.key.longValue() >= 0) {
        out.add("finite value (the reference has no finite values to bin by)");
      } else {
        out.add(c.display(e.key));
      }
    }
    return out;
  }

  /** A value seen on one side only, with its count there. */
  static final class Example implements Serializable {
    private static final long serialVersionUID = 1L;
    final double count;
    final boolean isNull;
    /** The value's key (null for null). */
    final CountKey key;

    /** For top values: the value's share of p's and of q's values (NaN for mismatch examples). */
    final double p;
    final double q;

    Example(double count, boolean isNull, CountKey key) {
      this(count, Double.NaN, Double.NaN, isNull, key);
    }

    Example(double count, double p, double q, boolean isNull, CountKey key) {
      this.p = p;
      this.q = q;
      this.count = count;
      this.isNull = isNull;
      this.key = key;
    }

    /** Most frequent first, then by key: the same examples whatever the partitioning. */
    static final Comparator<Example> ORDER = Comparator.<Example>comparingDouble(e -> -e.count)
        .thenComparing(e -> !e.isNull)
        .thenComparing((x, y) -> x.key == null || y.key == null ? 0 : x.key.compareTo(y.key));
  }

  /** Per column: the divergence sums (null when undefined) and the top examples of each mismatch. */
  static final class Terms implements Serializable {
    private static final long serialVersionUID = 1L;
    final Divergence[] sums;
    /** Index of the top values (by the larger of the two shares) in {@link #examples}. */
    static final int TOP = 2;
    /**
     * [column][0]: values only in p (q = 0 < p); [column][1]: values only in q; [column][TOP]: the
     * most frequent values of either side ({@link ColumnComparison#TOP_VALUES}).
     */
    final List<Example>[][] examples;
    final int max;
    /** Per column, the smallest share among the top values kept at the last trim (−∞ before). */
    final double[] topFloor;
    /**
     * For a column with one empty side, Σ (c/N) ln(N/c) of the other side's counts (plus α): its
     * entropy, which is defined though the comparison is not; null otherwise.
     */
    final CompensatedSum[] oneSided;
    /** Whether the side with values of {@link #oneSided} is p. */
    final boolean[] oneSidedIsP;
    private final double[] totalP;
    private final double[] totalQ;

    @SuppressWarnings("unchecked")
    Terms(double[] totalP, double[] totalQ, double[] countP, double[] countQ, String[] reasons, int max) {
      this.totalP = totalP;
      this.totalQ = totalQ;
      sums = new Divergence[totalP.length];
      oneSided = new CompensatedSum[totalP.length];
      oneSidedIsP = new boolean[totalP.length];
      topFloor = new double[totalP.length];
      Arrays.fill(topFloor, Double.NEGATIVE_INFINITY);
      examples = new List[totalP.length][3];
      for (int i = 0; i < sums.length; i++) {
        sums[i] = reasons[i] == null ? new Divergence(totalP[i], totalQ[i]) : null;
        boolean pHasValues = countP[i] > 0;
        if (reasons[i] != null && pHasValues != countQ[i] > 0) {
          oneSided[i] = new CompensatedSum();
          oneSidedIsP[i] = pHasValues;
        }
        examples[i][0] = new ArrayList<>();
        examples[i][1] = new ArrayList<>();
        examples[i][TOP] = new ArrayList<>();
      }
      this.max = max;
    }

    /** Adds one value's terms (a: rows of p, b: rows of q) and offers it as an example. */
    Terms add(CountedValue v, boolean drop, double alpha, int maxExamples, double[] countP, double[] countQ) {
      int set = v.column();
      if (drop && v.isNull()) {
        return this;
      }
      double a = v.weight();
      double b = v.rows() - a;
      if (sums[set] == null) {
        if (oneSided[set] != null) {
          // one side is empty: its entropy is undefined, the other side's is not
          double x = (oneSidedIsP[set] ? a : b) + alpha;
          double total = oneSidedIsP[set] ? totalP[set] : totalQ[set];
          if (x > 0) {
            oneSided[set].add(x / total * Math.log(total / x));
          }
        }
        return this;
      }
      sums[set].add(a + alpha, b + alpha);
      CountKey key = null;
      if (maxExamples > 0 && (a == 0 || b == 0)) {
        key = v.key();
        offer(set, a == 0 ? 1 : 0, new Example(a == 0 ? b : a, v.isNull(), key));
      }
      // the most frequent values of either side, for p-vs-q charts: a bounded top-k
      double sp = a / countP[set];
      double sq = b / countQ[set];
      // a value below the smallest share kept at the last trim can never be among the top ones
      if (!(Math.max(sp, sq) < topFloor[set])) {
        offer(set, TOP, new Example(Math.max(sp, sq), sp, sq, v.isNull(), key != null ? key : v.key()));
      }
      return this;
    }

    void offer(int column, int side, Example e) {
      List<Example> l = examples[column][side];
      l.add(e);
      if (l.size() > 4 * limit(side) + 16) {
        trim(l, limit(side));
        if (side == TOP && l.size() == limit(side)) {
          topFloor[column] = l.get(l.size() - 1).count;
        }
      }
    }

    private int limit(int side) {
      return side == TOP ? ColumnComparison.TOP_VALUES : max;
    }

    private void trim(List<Example> l, int max) {
      l.sort(Example.ORDER);
      while (l.size() > max) {
        l.remove(l.size() - 1);
      }
    }

    Terms merge(Terms o) {
      for (int i = 0; i < sums.length; i++) {
        if (sums[i] != null) {
          sums[i].merge(o.sums[i]);
        }
        if (oneSided[i] != null) {
          oneSided[i].merge(o.oneSided[i]);
        }
        for (int side = 0; side < examples[i].length; side++) {
          examples[i][side].addAll(o.examples[i][side]);
          trim(examples[i][side], limit(side));
        }
      }
      return this;
    }
  }
}
