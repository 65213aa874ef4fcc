package io.infospark.api;

import io.infospark.measure.EntropyProfile;
import io.infospark.measure.ProfileOptions;
import io.infospark.measure.Profiler;
import io.infospark.measure.Surprisal;
import io.infospark.measure.ValueDistribution;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The notebook facade: every measure of infospark from one static call on a DataFrame.
 *
 * <pre>{@code
 * import io.infospark.api.InfoSpark;
 * EntropyProfile p = InfoSpark.profile(spark.read().parquet("events"));
 * p.toDataFrame(spark).show();
 * }</pre>
 */
public final class InfoSpark {
  private InfoSpark() {}

  /** Entropy profile of every column, in nats, nulls dropped, floats in 20 equal-width bins. */
  public static EntropyProfile profile(Dataset<Row> df) {
    return profile(df, ProfileOptions.defaults());
  }

  /** Entropy profile with explicit options (columns, base, null policy, weight, binning). */
  public static EntropyProfile profile(Dataset<Row> df, ProfileOptions options) {
    return Profiler.profile(df, options);
  }

  /**
   * Adds {@code <column>_surprisal} = −log p(value) for the options' columns (in the options'
   * base), p from df itself. Flags rare values: {@code filter("city_surprisal > 10")}.
   */
  public static Dataset<Row> surprisal(Dataset<Row> df, ProfileOptions options) {
    return Surprisal.add(df, options);
  }

  /** Adds surprisal columns with p from a saved distribution (e.g. yesterday's data). */
  public static Dataset<Row> surprisal(Dataset<Row> df, java.util.List<String> columns,
      ValueDistribution reference, io.infospark.core.LogBase base) {
    return Surprisal.add(df, columns, reference, base, false);
  }

  /** The value-by-value distribution of the options' columns; {@code save} it to score later data. */
  public static ValueDistribution distribution(Dataset<Row> df, ProfileOptions options) {
    return ValueDistribution.of(df, options);
  }
}
