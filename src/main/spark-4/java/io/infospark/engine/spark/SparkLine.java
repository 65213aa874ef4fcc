package io.infospark.engine.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.util.CollationFactory;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * What differs between Spark lines, Spark 4.x edition (this file's twin for Spark 3.5 lives in
 * {@code src/main/spark-3.5/java}; Maven compiles one of them). Spark 4 splits the Dataset API
 * into an interface and its "classic" (in-process) and Connect implementations, and has string
 * collations.
 */
final class SparkLine {
  private SparkLine() {}

  /** The Spark line this build is for. */
  static final String LINE = "4";

  /** The query execution of a classic Dataset, or null when df is not one (Spark Connect). */
  static QueryExecution queryExecution(Dataset<Row> df) {
    return df instanceof org.apache.spark.sql.classic.Dataset<Row> c ? c.queryExecution() : null;
  }

  /** Whether the session runs in this JVM (a classic session), not behind Spark Connect. */
  static boolean classic(SparkSession spark) {
    return spark instanceof org.apache.spark.sql.classic.SparkSession;
  }

  /** The id of a string type's collation when it is not a binary one, else −1. */
  static int nonBinaryCollation(DataType t) {
    return t instanceof StringType s && !s.supportsBinaryEquality() ? s.collationId() : -1;
  }

  /** The collation key of a string: equal keys exactly for strings equal under the collation. */
  static UTF8String collationKey(UTF8String s, int collationId) {
    return CollationFactory.getCollationKey(s, collationId);
  }

  /** Whether t is the TIME type (Spark 4.1+; microseconds in a long). */
  static boolean isTime(DataType t) {
    return t.getClass().getSimpleName().equals("TimeType");
  }
}
