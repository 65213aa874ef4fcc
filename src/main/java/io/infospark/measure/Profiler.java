package io.infospark.measure;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Distributed entropy profile of many columns in one scan. */
public final class Profiler {
  private Profiler() {}

  public static EntropyProfile profile(Dataset<Row> df, ProfileOptions options) {
    throw new UnsupportedOperationException("being written");
  }
}
