package io.infospark.api;

import io.infospark.measure.EntropyProfile;
import io.infospark.measure.ProfileOptions;
import io.infospark.measure.Profiler;
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
}
