package io.infospark.measure;

import io.infospark.core.BadInputException;
import io.infospark.core.CompensatedSum;
import io.infospark.core.Divergence;
import io.infospark.core.DivergenceEstimate;
import io.infospark.core.Significance;
import io.infospark.core.TwoSampleTest;
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
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;

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
    return compare(p, q, o, null);
  }

  /**
   * {@link #compare(Dataset, Dataset, CompareOptions)}, also saving the counts of p (the run under
   * test, with q's bins) as a state (null: not saved).
   */
  public static Comparison compare(Dataset<Row> p, Dataset<Row> q, CompareOptions o, StateTarget save) {
    List<String> names = o.columns().isEmpty() ? Arrays.asList(p.schema().fieldNames()) : o.columns();
    if (names.isEmpty()) {
      throw new BadInputException("columns: the input (p) has no columns to compare");
    }
    checkSides(p, q, names);
    List<String> types = new ArrayList<>();
    for (String n : names) {
      types.add(q.schema().apply(n).dataType().simpleString());
    }
    checkBinned(q, names, o);
    // whole-number and decimal columns to bin are compared as doubles (exact below 2^53)
    for (String n : o.binnedColumns()) {
      p = p.withColumn(n, ColumnNames.col(n).cast(DataTypes.DoubleType));
      q = q.withColumn(n, ColumnNames.col(n).cast(DataTypes.DoubleType));
    }
    // bins come from the reference side (q), or from both sides pooled, and are shared by both sides
    Map<String, BinSpec> given = Map.of();
    if (o.binning() == Binning.POOLED_QUANTILE) {
      given = pooledBins(p, q, names, o);
    }
    List<CountedColumn> columns = Profiler.columns(q, names, o.binningOptions(), given);
    CountRequest request = CountRequest.of(columns).withNullsAsValue(o.nulls() == NullPolicy.CATEGORY);
    try (CountResult counts = ValueCounter.countSides(p, q, request)) {
      Comparison out = run(counts, names, names, types, o);
      if (save != null) {
        save.save(counts, io.infospark.engine.CountState.Side.FIRST);
      }
      return out;
    }
  }

  /**
   * Compares counts already made — either side may be the merged saved states of several runs
   * ({@code io.infospark.engine.CountState}), the other counted from data by {@link #countLike} —
   * equal to comparing their inputs: p (under test) against q (the reference). The columns, bins
   * and null policy are the counts' own (they must agree); the options give the rest.
   *
   * @throws BadInputException when the two were counted differently (the difference named)
   */
  public static Comparison compare(CountResult p, CountResult q, CompareOptions o) {
    List<String> names = q.request().columns().stream().map(CountedColumn::name).toList();
    List<String> types = q.request().columns().stream().map(c -> c.type().simpleString()).toList();
    try (CountResult sides = ValueCounter.combineSides(p, q)) {
      return run(sides, names, names, types, o);
    }
  }

  /**
   * Counts df as another side of counts made by {@code like} (a saved state's request): the same
   * columns, types, bins and null policy; columns named by the options' bin-columns are compared as
   * doubles, as {@link #compare(Dataset, Dataset, CompareOptions)} does.
   *
   * @throws BadInputException when a column is missing or has another type than in the state
   */
  public static CountResult countLike(Dataset<Row> df, CountRequest like, CompareOptions o) {
    List<String> names = like.columns().stream().map(CountedColumn::name).toList();
    ColumnNames.require(df, names, "columns");
    for (String n : o.binnedColumns()) {
      if (names.contains(n)) {
        df = df.withColumn(n, ColumnNames.col(n).cast(DataTypes.DoubleType));
      }
    }
    return StateCounts.countLike(df, CountRequest.of(like.columns()).withNullsAsValue(like.nullsAsValue()));
  }


  /** The named binned columns are compared, numeric, and there are bins to put them in. */
  private static void checkBinned(Dataset<Row> df, List<String> names, CompareOptions o) {
    for (String n : o.binnedColumns()) {
      if (!names.contains(n)) {
        throw new BadInputException("bin-columns: column '" + n + "' is not among the compared columns ("
            + String.join(", ", names) + ")");
      }
      DataType t = df.schema().apply(n).dataType();
      if (!(t instanceof NumericType)) {
        throw new BadInputException("bin-columns: column '" + n + "' has type " + t.simpleString()
            + "; expected a numeric column to bin (" + o.binning().name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', '-') + " bins)");
      }
      if (o.binning() == Binning.EXACT) {
        throw new BadInputException("bin-columns: column '" + n + "' cannot be binned with binning = exact; "
            + "expected equal-width, quantile or pooled-quantile");
      }
    }
  }

  /**
   * The bins of every floating-point column from the exact quantiles of both sides pooled (p ∪ q):
   * a few narrow passes over the two inputs (as the profile's quantile bins), partition-independent.
   */
  private static Map<String, BinSpec> pooledBins(Dataset<Row> p, Dataset<Row> q, List<String> names,
      CompareOptions o) {
    List<String> floating = new ArrayList<>();
    for (String n : names) {
      if (CountedColumn.isFloating(q.schema().apply(n).dataType())) {
        floating.add(n);
      }
    }
    if (floating.isEmpty()) {
      return Map.of();
    }
    Column[] cols = floating.stream().map(n -> ColumnNames.col(n).cast(DataTypes.DoubleType).as(n))
        .toArray(Column[]::new);
    Dataset<Row> pooled = p.select(cols).union(q.select(cols));
    return Profiler.binSpecs(pooled, floating, o.binningOptions());
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
    // naming either column bins both (they are one variable)
    checkBinned(df, List.of(colP, colQ), o);
    boolean bin = !o.binnedColumns().isEmpty();
    Column valueP = bin ? ColumnNames.col(colP).cast(DataTypes.DoubleType) : ColumnNames.col(colP);
    Column valueQ = bin ? ColumnNames.col(colQ).cast(DataTypes.DoubleType) : ColumnNames.col(colQ);
    Dataset<Row> stacked = df.select(functions.inline(functions.array(
        functions.struct(valueP.as("c0"), functions.lit(1.0).as(IN_P)),
        functions.struct(valueQ.as("c0"), functions.lit(0.0).as(IN_P)))));
    Map<String, BinSpec> given = new HashMap<>();
    if (o.binning() != Binning.POOLED_QUANTILE) {
      // bins from the reference column only
      Dataset<Row> reference = df.select((bin ? valueQ : ColumnNames.col(colQ)).as("c0"));
      CountedColumn column = Profiler.columns(reference, List.of("c0"), o.binningOptions(), Map.of()).get(0);
      if (column.bins() != null) {
        given.put("c0", (BinSpec) column.bins());
      }
    }
    // pooled: the stacked column holds both sides, so its quantiles are the pooled ones
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
    boolean[] histogram = new boolean[k];
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
      histogram[i] = o.significance() && columns.get(i).bins() != null && columns.get(i).bins().bins() > 0
          && columns.get(i).bins().bins() <= ColumnComparison.HISTOGRAM_BINS;
    }
    boolean drop = !nullIsValue;
    boolean significance = o.significance();
    // with smoothing every value has a positive count on both sides: no mismatch to name
    int maxExamples = alpha == 0 ? o.examples() : 0;
    Terms terms = counts.fold(() -> new Terms(totalP, totalQ, countP, countQ, reasons, maxExamples, significance),
        (Terms t, CountedValue v) -> t.add(v, drop, alpha, maxExamples, countP, countQ, histogram), Terms::merge);
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
            isP ? h : null, isP ? null : h, null, null, null, null, null, null, 0, 0, reasons[i]);
      } else {
        e = DivergenceEstimate.undefined(o.base(), countP[i], countQ[i], reasons[i]);
      }
      CountedColumn c = columns.get(i);
      Significance test = !significance ? null : terms.tests[i] == null
          ? new TwoSampleTest(countP[i], countQ[i]).result(o.base()) : terms.tests[i].result(o.base());
      out.add(new ColumnComparison(names.get(i), referenceNames.get(i), types.get(i), countP[i], countQ[i], nullsP,
          nullsQ, alpha, e, labels(c, terms.examples[i][0]), labels(c, terms.examples[i][1]),
          c.bins() == null ? null : c.bins().describe(), shares(c, terms.examples[i][Terms.TOP]), test,
          significance ? contributors(c, terms.examples[i][Terms.TOP_KL], terms.examples[i][Terms.TOP_JS], e, o)
              : List.of(),
          histogram[i] ? shares(c, inValueOrder(terms.examples[i][Terms.HISTOGRAM])) : List.of()));
    }
    return new Comparison(o.base(), alpha, o.nulls(), out);
  }

  /**
   * The union of the largest KL terms and the largest JS terms, largest JS term first, with their
   * shares of the totals.
   */
  private static List<Contributor> contributors(CountedColumn c, List<Example> byKl, List<Example> byJs,
      DivergenceEstimate e, CompareOptions o) {
    List<Example> all = new ArrayList<>(byJs);
    for (Example x : byKl) {
      if (all.stream().noneMatch(y -> y.sameValue(x))) {
        all.add(x);
      }
    }
    all.sort(Comparator.<Example>comparingDouble(x -> -x.js).thenComparing(Example.ORDER));
    List<String> names = labels(c, all);
    List<Contributor> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      Example x = all.get(i);
      double kl = o.base().fromNats(x.kl);
      double js = o.base().fromNats(x.js);
      Double klShare = e.kl() == null || e.kl().isInfinite() || e.kl() == 0 ? null : kl / e.kl();
      Double jsShare = e.js() == null || e.js() == 0 ? null : js / e.js();
      out.add(new Contributor(names.get(i), x.p, x.q, kl, klShare, js, jsShare));
    }
    return out;
  }

  /** Bins in value order: −∞, the finite bins, +∞, NaN, then null. */
  private static List<Example> inValueOrder(List<Example> bins) {
    List<Example> out = new ArrayList<>(bins);
    out.sort(Comparator.comparingLong(DistributionComparison::binOrder));
    return out;
  }

  private static long binOrder(Example e) {
    if (e.isNull || e.key == null || e.key.isBytes()) {
      return Long.MAX_VALUE;
    }
    long key = e.key.longValue();
    return key == BinSpec.NEG_INF ? Long.MIN_VALUE : key == BinSpec.POS_INF ? Long.MAX_VALUE - 2
        : key == BinSpec.NAN ? Long.MAX_VALUE - 1 : key;
  }

  /** The values with their shares of p and q, in the order given. */
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

  /** A value seen on one side only, with its count there; or a value with its shares and terms. */
  static final class Example implements Serializable {
    private static final long serialVersionUID = 1L;
    /** What the examples of a list are ranked by (largest first). */
    final double count;
    final boolean isNull;
    /** The value's key (null for null). */
    final CountKey key;

    /** For top values and contributors: the value's share of p's and of q's values (NaN for mismatch examples). */
    final double p;
    final double q;
    /** For contributors: the value's terms of KL(p‖q) and JS, in nats. */
    final double kl;
    final double js;

    Example(double count, boolean isNull, CountKey key) {
      this(count, Double.NaN, Double.NaN, 0, 0, isNull, key);
    }

    Example(double count, double p, double q, double kl, double js, boolean isNull, CountKey key) {
      this.p = p;
      this.q = q;
      this.kl = kl;
      this.js = js;
      this.count = count;
      this.isNull = isNull;
      this.key = key;
    }

    boolean sameValue(Example o) {
      return isNull == o.isNull && java.util.Objects.equals(key, o.key);
    }

    /** Most frequent first, then by key: the same examples whatever the partitioning. */
    static final Comparator<Example> ORDER = Comparator.<Example>comparingDouble(e -> -e.count)
        .thenComparing(e -> !e.isNull)
        .thenComparing((x, y) -> x.key == null || y.key == null ? 0 : x.key.compareTo(y.key));
  }

  /**
   * Per column: the divergence sums (null when undefined), the two-sample test, and bounded lists
   * of examples: the values of each mismatch, the most frequent values, the largest terms of KL and
   * of JS, and (binned columns) every bin.
   */
  static final class Terms implements Serializable {
    private static final long serialVersionUID = 1L;
    final Divergence[] sums;
    final TwoSampleTest[] tests;
    /** Index of the top values (by the larger of the two shares) in {@link #examples}. */
    static final int TOP = 2;
    static final int TOP_KL = 3;
    static final int TOP_JS = 4;
    static final int HISTOGRAM = 5;
    /**
     * [column][0]: values only in p (q = 0 &lt; p); [column][1]: values only in q; [column][TOP]: the
     * most frequent values of either side ({@link ColumnComparison#TOP_VALUES}); [column][TOP_KL],
     * [TOP_JS]: the largest terms ({@link ColumnComparison#CONTRIBUTORS}); [column][HISTOGRAM]:
     * every bin of a binned column.
     */
    final List<Example>[][] examples;
    /** Per list, the rank of the last example kept at its last trim: values ranked below cannot enter. */
    final double[][] floors;
    final int max;
    /**
     * For a column with one empty side, Σ (c/N) ln(N/c) of the other side's counts (plus α): its
     * entropy, which is defined though the comparison is not; null otherwise.
     */
    final CompensatedSum[] oneSided;
    /** Whether the side with values of {@link #oneSided} is p. */
    final boolean[] oneSidedIsP;
    private final double[] totalP;
    private final double[] totalQ;
    /** The current value's terms of KL and JS (scratch). */
    private transient double[] own;

    @SuppressWarnings("unchecked")
    Terms(double[] totalP, double[] totalQ, double[] countP, double[] countQ, String[] reasons, int max,
        boolean significance) {
      this.totalP = totalP;
      this.totalQ = totalQ;
      sums = new Divergence[totalP.length];
      tests = new TwoSampleTest[totalP.length];
      oneSided = new CompensatedSum[totalP.length];
      oneSidedIsP = new boolean[totalP.length];
      examples = new List[totalP.length][6];
      floors = new double[totalP.length][6];
      for (int i = 0; i < sums.length; i++) {
        sums[i] = reasons[i] == null ? new Divergence(totalP[i], totalQ[i]) : null;
        tests[i] = significance && reasons[i] == null ? new TwoSampleTest(countP[i], countQ[i]) : null;
        boolean pHasValues = countP[i] > 0;
        if (reasons[i] != null && pHasValues != countQ[i] > 0) {
          oneSided[i] = new CompensatedSum();
          oneSidedIsP[i] = pHasValues;
        }
        for (int side = 0; side < examples[i].length; side++) {
          examples[i][side] = new ArrayList<>();
          floors[i][side] = Double.NEGATIVE_INFINITY;
        }
      }
      this.max = max;
    }

    /** Adds one value's terms (a: rows of p, b: rows of q) and offers it as an example. */
    Terms add(CountedValue v, boolean drop, double alpha, int maxExamples, double[] countP, double[] countQ,
        boolean[] histogram) {
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
      if (own == null) {
        own = new double[2];
      }
      sums[set].add(a + alpha, b + alpha, own);
      boolean isNull = v.isNull();
      if (maxExamples > 0 && (a == 0 || b == 0)) {
        offer(set, a == 0 ? 1 : 0, new Example(a == 0 ? b : a, isNull, v.key()));
      }
      // the most frequent values of either side, for p-vs-q charts: a bounded top-k
      double sp = a / countP[set];
      double sq = b / countQ[set];
      offer(set, TOP, Math.max(sp, sq), sp, sq, isNull, v);
      if (tests[set] != null) {
        tests[set].add(a, b);
        offer(set, TOP_KL, own[0], sp, sq, isNull, v);
        offer(set, TOP_JS, own[1], sp, sq, isNull, v);
        if (histogram[set]) {
          offer(set, HISTOGRAM, 0, sp, sq, isNull, v);
        }
      }
      return this;
    }

    /** Offers value v, ranked by {@code rank}, unless it cannot make the list. */
    private void offer(int column, int side, double rank, double p, double q, boolean isNull, CountedValue v) {
      if (rank < floors[column][side]) {
        return; // below the last kept at the last trim: it can never make the list (no allocation)
      }
      offer(column, side, new Example(rank, p, q, own[0], own[1], isNull, v.key()));
    }

    void offer(int column, int side, Example e) {
      List<Example> l = examples[column][side];
      l.add(e);
      if (side != HISTOGRAM && l.size() > 4 * limit(side) + 16) {
        trim(column, side);
      }
    }

    /** Sorts a list, keeps its first {@code limit(side)}, and raises the floor to the last kept. */
    private void trim(int column, int side) {
      List<Example> l = examples[column][side];
      int max = limit(side);
      l.sort(Example.ORDER);
      while (l.size() > max) {
        l.remove(l.size() - 1);
      }
      if (l.size() == max && max > 0) {
        floors[column][side] = Math.max(floors[column][side], l.get(max - 1).count);
      }
    }

    private int limit(int side) {
      return side == TOP ? ColumnComparison.TOP_VALUES : side == TOP_KL || side == TOP_JS
          ? ColumnComparison.CONTRIBUTORS : side == HISTOGRAM ? Integer.MAX_VALUE : max;
    }

    Terms merge(Terms o) {
      for (int i = 0; i < sums.length; i++) {
        if (sums[i] != null) {
          sums[i].merge(o.sums[i]);
        }
        if (tests[i] != null) {
          tests[i].merge(o.tests[i]);
        }
        if (oneSided[i] != null) {
          oneSided[i].merge(o.oneSided[i]);
        }
        for (int side = 0; side < examples[i].length; side++) {
          examples[i][side].addAll(o.examples[i][side]);
          if (side != HISTOGRAM) {
            trim(i, side);
          }
        }
      }
      return this;
    }
  }
}
