package io.infospark.engine.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * What differs between Spark lines, Spark 3.5 edition (this file's twin for Spark 4.x lives in
 * {@code src/main/spark-4/java}; Maven compiles one of them). Spark 3.5 has one Dataset class
 * (a Spark Connect client has its own, in another artifact) and no string collations.
 */
final class SparkLine {
  private SparkLine() {}

  /** The Spark line this build is for. */
  static final String LINE = "3.5";

  /** The query execution of a Dataset of this JVM's Spark SQL. */
  static QueryExecution queryExecution(Dataset<Row> df) {
    return df.queryExecution();
  }

  /** Whether the session runs in this JVM (always, with spark-sql 3.5 on the classpath). */
  static boolean classic(SparkSession spark) {
    return true;
  }

  /** Spark 3.5 strings have no collations: they compare by their bytes. */
  static int nonBinaryCollation(DataType t) {
    return -1;
  }

  static UTF8String collationKey(UTF8String s, int collationId) {
    throw new IllegalStateException("Spark 3.5 has no collations");
  }

  /** Spark 3.5 has no TIME type. */
  static boolean isTime(DataType t) {
    return false;
  }
}
