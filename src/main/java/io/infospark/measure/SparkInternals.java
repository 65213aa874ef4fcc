package io.infospark.measure;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

/**
 * The two places infospark reaches below Spark's public Dataset API, kept here so that an upgrade
 * of Spark has one file to check. Both exist because converting every row to a
 * {@link org.apache.spark.sql.Row} (Java Strings, boxed numbers) would cost more than counting it.
 * Spark 4 "classic" (non-Connect) sessions only.
 */
final class SparkInternals {
  private SparkInternals() {}

  /** The rows of df in Spark's internal format (UnsafeRow, possibly reused between calls). */
  static JavaRDD<InternalRow> internalRows(Dataset<Row> df) {
    return ((org.apache.spark.sql.classic.Dataset<Row>) df).queryExecution().toRdd().toJavaRDD();
  }

  /** A DataFrame over rows already in the internal format of {@code schema}. */
  static Dataset<Row> fromInternalRows(SparkSession spark, JavaRDD<InternalRow> rows, StructType schema) {
    return ((org.apache.spark.sql.classic.SparkSession) spark).internalCreateDataFrame(rows.rdd(), schema, false);
  }
}
