package io.infospark.measure;

import io.infospark.core.EntropyEstimate;
import io.infospark.engine.CountRequest;
import io.infospark.engine.CountResult;
import io.infospark.engine.CountStatistics;
import io.infospark.engine.CountedColumn;
import io.infospark.engine.ValueCounter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The distributed entropy profile of many columns: one scan of the input counts every column
 * ({@link ValueCounter}), one shuffle merges the counts, and only the per-column count fingerprints
 * reach the driver. Floating-point columns cost one more (narrow) scan for their bin edges, unless
 * the binning is {@link Binning#EXACT}.
 */
public final class Profiler {
  private Profiler() {}

  public static EntropyProfile profile(Dataset<Row> df, ProfileOptions options) {
    List<String> names = ColumnNames.orAll(df, options.columns(), options.weight());
    ColumnNames.require(df, names, "columns");
    if (options.weight() != null) {
      ColumnNames.require(df, List.of(options.weight()), "weight");
      requireNumericWeight(df, options.weight());
    }
    List<CountedColumn> columns = columns(df, names, options, Map.of());
    CountRequest request = CountRequest.of(columns).withWeight(options.weight())
        .withNullsAsValue(options.nulls() == NullPolicy.CATEGORY);
    boolean weighted = options.weight() != null;
    List<ColumnProfile> out = new ArrayList<>();
    try (CountResult counts = ValueCounter.count(df, request)) {
      for (CountedColumn c : columns) {
        CountStatistics s = counts.column(c.name());
        EntropyEstimate e = s.estimate(weighted, options.base());
        double nulls = weighted ? s.nullWeight() : s.nullRows();
        double rows = options.nulls() == NullPolicy.CATEGORY ? e.total() : e.total() + nulls;
        out.add(new ColumnProfile(c.name(), c.type().simpleString(), rows, nulls, e,
            c.bins() == null ? null : c.bins().describe()));
      }
    }
    return new EntropyProfile(options.base(), out);
  }

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
    Map<String, BinSpec> bins = new HashMap<>(givenBins);
    List<String> toBin = new ArrayList<>();
    for (String n : names) {
      if (CountedColumn.isFloating(df.schema().apply(n).dataType()) && !bins.containsKey(n)
          && options.binning() != Binning.EXACT) {
        toBin.add(n);
      }
    }
    bins.putAll(binSpecs(df, toBin, options));
    List<CountedColumn> columns = new ArrayList<>();
    for (String n : names) {
      StructField f = df.schema().apply(n);
      columns.add(CountedColumn.of(n, f.dataType(), bins.get(n)));
    }
    return columns;
  }

  /**
   * Bin edges of floating-point columns from their finite values: for equal-width bins one narrow
   * aggregation (min, max); for quantile bins the exact quantiles at 0, 1/bins, …, 1 by numpy's
   * default definition ({@link ExactQuantiles}: a few narrow passes, partition-independent).
   */
  static Map<String, BinSpec> binSpecs(Dataset<Row> df, List<String> columns, ProfileOptions options) {
    Map<String, BinSpec> out = new HashMap<>();
    if (columns.isEmpty()) {
      return out;
    }
    if (options.binning() == Binning.QUANTILE) {
      List<Column> finite = new ArrayList<>();
      for (String c : columns) {
        finite.add(finite(c));
      }
      double[][] q = ExactQuantiles.quantiles(df, finite, columns, options.bins());
      for (int i = 0; i < columns.size(); i++) {
        out.put(columns.get(i), q[i].length == 0
            ? BinSpec.equalWidth(Double.NaN, Double.NaN, options.bins()) : BinSpec.quantiles(q[i]));
      }
      return out;
    }
    List<Column> aggs = new ArrayList<>();
    for (String c : columns) {
      aggs.add(functions.min(finite(c)));
      aggs.add(functions.max(finite(c)));
    }
    Row r = df.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
    for (int i = 0; i < columns.size(); i++) {
      double lo = r.isNullAt(2 * i) ? Double.NaN : r.getDouble(2 * i);
      double hi = r.isNullAt(2 * i + 1) ? Double.NaN : r.getDouble(2 * i + 1);
      out.put(columns.get(i), BinSpec.equalWidth(lo, hi, options.bins()));
    }
    return out;
  }

  /** The column as double where finite, null where null, NaN or ±∞. */
  private static Column finite(String name) {
    Column c = ColumnNames.col(name).cast(DataTypes.DoubleType);
    return functions.when(c.isNotNull().and(functions.not(functions.isnan(c)))
        .and(c.notEqual(Double.POSITIVE_INFINITY)).and(c.notEqual(Double.NEGATIVE_INFINITY)), c);
  }
}
