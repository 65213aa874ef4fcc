package io.infospark.testing;

import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession shared by every test in a JVM (the JUnit 5 stand-in for
 * spark-testing-base, which has no Spark 4 build). The first call costs ~8 s, later ones nothing.
 * Tests must not stop it; a JVM shutdown hook does.
 */
public final class SparkTestSession {
  private static SparkSession spark;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (spark == null) {
      spark = SparkSession.builder()
          .master("local[2]")
          .appName("infospark-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.default.parallelism", "2")
          .config("spark.sql.session.timeZone", "UTC")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.sql.warehouse.dir",
              System.getProperty("java.io.tmpdir") + "/infospark-test-warehouse-" + ProcessHandle.current().pid())
          .getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> spark.stop()));
    }
    return spark;
  }
}
