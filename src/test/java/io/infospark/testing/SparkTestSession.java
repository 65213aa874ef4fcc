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

  /**
   * The engine path every test runs on unless it sets one: the system property
   * {@code infospark.test.enginePath} ({@code fast}, {@code public}; Maven's {@code public-path}
   * test execution sets it), else the default ({@code auto}).
   */
  public static final String ENGINE_PATH_PROPERTY = "infospark.test.enginePath";

  public static synchronized SparkSession get() {
    if (spark == null) {
      String path = System.getProperty(ENGINE_PATH_PROPERTY, "").trim();
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
          .config("spark.infospark.engine.path", path.isEmpty() ? "auto" : path)
          .getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> spark.stop()));
    }
    return spark;
  }
}
