package io.infospark.testing;

import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import scala.Function1;
import scala.runtime.BoxedUnit;

/** Sessions the tests make beyond the shared one, Spark 4.x edition (its twin for 3.5 is in src/test/spark-3.5/java). */
public final class Sessions {
  private Sessions() {}

  /** A new session of this SparkContext with these extensions (it becomes the default and active session). */
  public static SparkSession withExtensions(SparkContext sc, List<Function1<SparkSessionExtensions, BoxedUnit>> extensions) {
    org.apache.spark.sql.classic.SparkSession.Builder b = new org.apache.spark.sql.classic.SparkSession.Builder()
        .sparkContext(sc);
    for (Function1<SparkSessionExtensions, BoxedUnit> e : extensions) {
      b = b.withExtensions(e);
    }
    return b.create();
  }
}
