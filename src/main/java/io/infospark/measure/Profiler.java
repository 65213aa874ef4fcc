package io.infospark.measure;

import io.infospark.core.BadInputException;
import io.infospark.core.CountFingerprint;
import io.infospark.core.Entropy;
import io.infospark.core.EntropyEstimate;
import io.infospark.engine.CountRequest;
import io.infospark.engine.CountKey;
import io.infospark.engine.CountResult;
import io.infospark.engine.CountState;
import io.infospark.engine.CountStatistics;
import io.infospark.engine.CountedColumn;
import io.infospark.engine.CountedValue;
import io.infospark.engine.ValueCounter;
import io.infospark.core.WeightedCounts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The distributed entropy profile of many columns: one scan of the input counts every column
 * ({@link ValueCounter}), one shuffle merges the counts, and only the per-column count fingerprints
 * reach the driver. Floating-point columns cost one more (narrow) scan for their bin edges, unless
 * the binning is {@link Binning#EXACT}. The small-sample estimators (Grassberger, James–Stein, NSB,
 * coverage) are computed on the driver from the same fingerprints: no pass of their own.
 */
public final class Profiler {
  private Profiler() {}

  public static EntropyProfile profile(Dataset<Row> df, ProfileOptions options) {
    return profile(df, options, null);
  }

  /** {@link #profile(Dataset, ProfileOptions)}, also saving the counts (null: not saved). */
  public static EntropyProfile profile(Dataset<Row> df, ProfileOptions options, StateTarget save) {
    Binning.requireOneSample(options.binning());
    List<String> names = ColumnNames.orAll(df, options.columns(), options.weight());
    ColumnNames.require(df, names, "columns");
    if (options.weight() != null) {
      ColumnNames.require(df, List.of(options.weight()), "weight");
      requireNumericWeight(df, options.weight());
    }
    for (String declared : options.alphabets().keySet()) {
      if (!names.contains(declared)) {
        throw new BadInputException("alphabet: column '" + declared + "' is not among the profiled columns ("
            + String.join(", ", names) + ")");
      }
    }
    Map<String, Integer> specials = new HashMap<>();
    List<CountedColumn> codecs = columns(df, names, options, Map.of(), options.smallSampleEstimators() ? specials : null);
    CountRequest request = CountRequest.of(codecs).withWeight(options.weight())
        .withNullsAsValue(options.nulls() == NullPolicy.CATEGORY);
    try (CountResult counts = ValueCounter.count(df, request)) {
      EntropyProfile out = profile(counts, options, options.smallSampleEstimators() ? specials : null);
      if (save != null) {
        save.save(counts, CountState.Side.ALL);
      }
      return out;
    }
  }

  /**
   * The profile of counts already made — the merged saved states of several runs ({@code
   * io.infospark.engine.CountState}) — equal to the profile of the union of their inputs: columns,
   * bins, weight column and null policy are the counts' own; the options give the base, the
   * estimators and declared alphabets. One distributed fold over the counts finds which of NaN, ±∞
   * occur in binned columns (for the alphabet of NSB).
   */
  public static EntropyProfile profile(CountResult counts, ProfileOptions options) {
    if (counts.sides()) {
      throw new IllegalArgumentException("the counts of two sides: profile one side");
    }
    List<String> names = counts.request().columns().stream().map(CountedColumn::name).toList();
    for (String declared : options.alphabets().keySet()) {
      if (!names.contains(declared)) {
        throw new BadInputException("alphabet: column '" + declared + "' is not among the profiled columns ("
            + String.join(", ", names) + ")");
      }
    }
    Map<String, Integer> specials = null;
    boolean binned = counts.request().columns().stream().anyMatch(c -> c.bins() != null);
    if (options.smallSampleEstimators() && !binned) {
      specials = Map.of();
    } else if (options.smallSampleEstimators()) {
      specials = new HashMap<>();
      int[] seen = counts.fold(() -> new int[names.size()], (int[] a, CountedValue v) -> {
        CountKey k = v.key();
        if (k != null && !k.isBytes() && k.longValue() < 0 && k.longValue() >= BinSpec.NEG_INF) {
          a[v.column()] |= 1 << (int) (-k.longValue() - 1);
        }
        return a;
      }, (int[] a, int[] b) -> {
        for (int i = 0; i < a.length; i++) {
          a[i] |= b[i];
        }
        return a;
      });
      for (int i = 0; i < names.size(); i++) {
        if (counts.request().columns().get(i).bins() != null) {
          specials.put(names.get(i), Integer.bitCount(seen[i]));
        }
      }
    }
    return profile(counts, options.withWeight(counts.request().weight())
        .withNulls(counts.request().nullsAsValue() ? NullPolicy.CATEGORY : NullPolicy.DROP), specials);
  }

  private static EntropyProfile profile(CountResult counts, ProfileOptions options, Map<String, Integer> specials) {
    List<CountedColumn> codecs = counts.request().columns();
    CountStatistics[] sets = new CountStatistics[codecs.size()];
    for (int i = 0; i < sets.length; i++) {
      sets[i] = counts.column(i);
    }
    boolean weighted = options.weight() != null;
    for (int i = 0; i < codecs.size(); i++) {
      checkAlphabet(codecs.get(i).name(), sets[i], weighted, options);
    }
    // the estimates are independent per column (NSB integrates numerically): on the driver's cores
    EntropyEstimate[] estimates = new EntropyEstimate[codecs.size()];
    java.util.stream.IntStream.range(0, codecs.size()).parallel().forEach(i -> {
      CountedColumn c = codecs.get(i);
      CountStatistics s = sets[i];
      boolean nullValue = options.nulls() == NullPolicy.CATEGORY && s.nullRows() > 0;
      estimates[i] = estimate(c, s.fingerprint(), weighted ? s.weights() : null, nullValue,
          specials == null ? null : specials.get(c.name()), options);
    });
    List<ColumnProfile> out = new ArrayList<>();
    for (int i = 0; i < codecs.size(); i++) {
      CountedColumn c = codecs.get(i);
      CountStatistics s = sets[i];
      EntropyEstimate e = estimates[i];
      double nulls = weighted ? s.nullWeight() : s.nullRows();
      double rows = options.nulls() == NullPolicy.CATEGORY ? e.total() : e.total() + nulls;
      out.add(new ColumnProfile(c.name(), c.type().simpleString(), rows, nulls, e,
          c.bins() == null ? null : c.bins().describe()));
    }
    return new EntropyProfile(options.base(), out);
  }

  /**
   * A declared alphabet holds at least the values seen (the null value included when counted).
   *
   * @throws BadInputException naming the column, the declared and the observed counts
   */
  private static void checkAlphabet(String column, CountStatistics s, boolean weighted, ProfileOptions o) {
    Long declared = o.alphabets().get(column);
    long seen = weighted ? s.weights().distinct() : s.fingerprint().distinct();
    if (declared != null && declared < seen) {
      boolean nullValue = o.nulls() == NullPolicy.CATEGORY && s.nullRows() > 0;
      throw new BadInputException("alphabet: column '" + column + "' has " + seen + " distinct values"
          + (nullValue ? " (null counted as one)" : "") + " but its declared alphabet size is " + declared
          + "; expected at least " + seen);
    }
  }

  /**
   * One column's estimates from its fingerprint (or weights). The alphabet A: declared, else 2 for
   * a boolean, else the bin count of a binned column; plus the null value where it was counted
   * (nulls = category) and NaN, ±∞ where they occurred ({@code specials}, for a binned column).
   */
  private static EntropyEstimate estimate(CountedColumn c, CountFingerprint f, WeightedCounts weights, boolean nullValue,
      Integer specials, ProfileOptions o) {
    Long declared = o.alphabets().get(c.name());
    if (weights != null) {
      return Entropy.estimate(weights, o.base());
    }
    if (!o.smallSampleEstimators()) {
      return Entropy.plugInFamily(f, o.base(), SMALL_SAMPLE_OFF);
    }
    Long alphabet = declared;
    if (alphabet == null && c.type() instanceof BooleanType) {
      alphabet = 2L + (nullValue ? 1 : 0);
    } else if (alphabet == null && c.bins() != null && c.bins().bins() > 0 && specials != null) {
      alphabet = (long) c.bins().bins() + specials + (nullValue ? 1 : 0);
    }
    return Entropy.estimate(f, o.base(), alphabet);
  }

  static final String SMALL_SAMPLE_OFF = "grassberger, james_stein, nsb, coverage: not computed (small-sample "
      + "estimators off)";

  static void requireNumericWeight(Dataset<Row> df, String weight) {
    DataType t = df.schema().apply(weight).dataType();
    if (!(t instanceof org.apache.spark.sql.types.NumericType)) {
      throw new io.infospark.core.BadInputException("weight: column '" + weight + "' has type "
          + t.simpleString() + "; expected a numeric column of weights >= 0");
    }
  }

  /**
   * The named columns as the engine counts them. Floating-point columns get bins from
   * {@code givenBins} when present (a comparison shares the reference side's bins), else from df by
   * the options.
   */
  public static List<CountedColumn> columns(Dataset<Row> df, List<String> names, ProfileOptions options,
      Map<String, BinSpec> givenBins) {
    return columns(df, names, options, givenBins, null);
  }

  /**
   * {@link #columns(Dataset, List, ProfileOptions, Map)}; with {@code specials} not null, also how
   * many of NaN, +∞ and −∞ occur in each binned column (counted in the bins' own aggregation).
   */
  static List<CountedColumn> columns(Dataset<Row> df, List<String> names, ProfileOptions options,
      Map<String, BinSpec> givenBins, Map<String, Integer> specials) {
    Map<String, BinSpec> bins = new HashMap<>(givenBins);
    List<String> ranged = new ArrayList<>();
    for (String n : names) {
      double[] range = options.binRanges().get(n);
      if (range != null && !bins.containsKey(n)) {
        DataType t = df.schema().apply(n).dataType();
        if (!CountedColumn.isFloating(t)) {
          throw new BadInputException("bin-range: column '" + n + "' has type " + t.simpleString()
              + "; expected a floating-point column (float or double)");
        }
        bins.put(n, BinSpec.equalWidth(range[0], range[1], options.bins()));
        ranged.add(n);
      }
    }
    if (specials != null && !ranged.isEmpty()) {
      // fixed bins need no pass for their edges; which of NaN and ±∞ occur (NSB's alphabet) does
      List<Column> counts = specialCounts(ranged);
      recordSpecials(ranged, df.agg(counts.get(0), counts.subList(1, counts.size()).toArray(new Column[0])).first(),
          specials);
    }
    List<String> toBin = new ArrayList<>();
    for (String n : names) {
      if (CountedColumn.isFloating(df.schema().apply(n).dataType()) && !bins.containsKey(n)
          && options.binning() != Binning.EXACT) {
        toBin.add(n);
      }
    }
    bins.putAll(binSpecs(df, toBin, options, specials));
    List<CountedColumn> columns = new ArrayList<>();
    for (String n : names) {
      StructField f = df.schema().apply(n);
      columns.add(CountedColumn.of(n, f.dataType(), bins.get(n)));
    }
    return columns;
  }

  static Map<String, BinSpec> binSpecs(Dataset<Row> df, List<String> columns, ProfileOptions options) {
    return binSpecs(df, columns, options, null);
  }

  /**
   * Bin edges of floating-point columns from their finite values: for equal-width bins one narrow
   * aggregation (min, max); for quantile bins the exact quantiles at 0, 1/bins, …, 1 by numpy's
   * default definition ({@link ExactQuantiles}: a few narrow passes, partition-independent). With
   * {@code specials} not null, the first aggregation also counts the NaN, +∞ and −∞ of each column
   * and records how many of the three occur.
   */
  static Map<String, BinSpec> binSpecs(Dataset<Row> df, List<String> columns, ProfileOptions options,
      Map<String, Integer> specials) {
    Map<String, BinSpec> out = new HashMap<>();
    if (columns.isEmpty()) {
      return out;
    }
    List<Column> special = specials != null ? specialCounts(columns) : new ArrayList<>();
    Row counted;
    if (options.binning() == Binning.QUANTILE || options.binning() == Binning.POOLED_QUANTILE) {
      List<Column> finite = new ArrayList<>();
      for (String c : columns) {
        finite.add(finite(c));
      }
      Row[] extra = new Row[1];
      double[][] q = ExactQuantiles.quantiles(df, finite, columns, options.bins(), special, extra);
      for (int i = 0; i < columns.size(); i++) {
        out.put(columns.get(i), q[i].length == 0 ? BinSpec.equalWidth(Double.NaN, Double.NaN, options.bins())
            : options.binning() == Binning.POOLED_QUANTILE ? BinSpec.pooledQuantiles(q[i]) : BinSpec.quantiles(q[i]));
      }
      counted = extra[0];
    } else {
      List<Column> aggs = new ArrayList<>();
      for (String c : columns) {
        aggs.add(functions.min(finite(c)));
        aggs.add(functions.max(finite(c)));
      }
      int first = aggs.size();
      aggs.addAll(special);
      Row r = df.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
      for (int i = 0; i < columns.size(); i++) {
        double lo = r.isNullAt(2 * i) ? Double.NaN : r.getDouble(2 * i);
        double hi = r.isNullAt(2 * i + 1) ? Double.NaN : r.getDouble(2 * i + 1);
        out.put(columns.get(i), BinSpec.equalWidth(lo, hi, options.bins()));
      }
      counted = r;
      if (specials != null) {
        Object[] values = new Object[special.size()];
        for (int j = 0; j < values.length; j++) {
          values[j] = r.get(first + j);
        }
        counted = RowFactory.create(values);
      }
    }
    if (specials != null) {
      recordSpecials(columns, counted, specials);
    }
    return out;
  }

  /** Per column, how many rows are NaN, +∞ and −∞ (three aggregates each). */
  private static List<Column> specialCounts(List<String> columns) {
    List<Column> special = new ArrayList<>();
    for (String c : columns) {
      Column x = ColumnNames.col(c).cast(DataTypes.DoubleType);
      special.add(functions.count(functions.when(functions.isnan(x), 1)));
      special.add(functions.count(functions.when(x.equalTo(Double.POSITIVE_INFINITY), 1)));
      special.add(functions.count(functions.when(x.equalTo(Double.NEGATIVE_INFINITY), 1)));
    }
    return special;
  }

  /** How many of NaN, +∞ and −∞ occur in each column, from the row of {@link #specialCounts}. */
  private static void recordSpecials(List<String> columns, Row counted, Map<String, Integer> specials) {
    for (int i = 0; i < columns.size(); i++) {
      int seen = 0;
      for (int j = 0; j < 3; j++) {
        seen += counted.getLong(3 * i + j) > 0 ? 1 : 0;
      }
      specials.put(columns.get(i), seen);
    }
  }

  /** The column as double where finite, null where null, NaN or ±∞. */
  private static Column finite(String name) {
    Column c = ColumnNames.col(name).cast(DataTypes.DoubleType);
    return functions.when(c.isNotNull().and(functions.not(functions.isnan(c)))
        .and(c.notEqual(Double.POSITIVE_INFINITY)).and(c.notEqual(Double.NEGATIVE_INFINITY)), c);
  }
}
