package io.infospark.testing;

import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import scala.Function1;
import scala.Option;
import scala.runtime.BoxedUnit;

/** Sessions the tests make beyond the shared one, Spark 3.5 edition (its twin for 4.x is in src/test/spark-4/java). */
public final class Sessions {
  private Sessions() {}

  /**
   * A new session of this SparkContext with these extensions (Spark 3.5's builder returns the
   * existing session, so the session's own constructor is called; it becomes the default and
   * active session, as Spark 4's {@code Builder.create} makes it).
   */
  public static SparkSession withExtensions(SparkContext sc, List<Function1<SparkSessionExtensions, BoxedUnit>> extensions) {
    SparkSessionExtensions ext = new SparkSessionExtensions();
    for (Function1<SparkSessionExtensions, BoxedUnit> e : extensions) {
      e.apply(ext);
    }
    SparkSession s = new SparkSession(sc, Option.empty(), Option.empty(), ext,
        scala.collection.immutable.Map$.MODULE$.<String, String>empty());
    SparkSession.setDefaultSession(s);
    SparkSession.setActiveSession(s);
    return s;
  }
}
