package io.infospark.sql;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Run in a JVM of its own by {@link ExtensionInFreshJvmTest}: a user's first SparkSession, enabled
 * by one setting, then by nothing but the jar on the classpath. Prints {@code RESULT key value}
 * lines on stdout for the test to check.
 */
public final class ExtensionSmoke {
  private ExtensionSmoke() {}

  /** @param args the directory of infospark's classes with its META-INF/services entry */
  public static void main(String[] args) throws Exception {
    // This JVM's classpath has infospark's classes without the service-loader entry, so that
    // phases 1 and 2 see only what the setting does.
    // 1. Only spark.sql.extensions.
    SparkSession spark = base()
        .config("spark.sql.extensions", "io.infospark.sql.InfoSparkExtensions")
        .getOrCreate();
    Fixtures.createTables(spark);
    for (String sql : ExtensionInFreshJvmTest.DOC_SQL) {
      List<Row> rows = spark.sql(sql).collectAsList();
      System.out.println("RESULT conf " + sql.replace('\n', ' ') + " => " + rows);
    }
    stop(spark);

    // 2. Control: neither the setting nor the service entry: the functions do not exist.
    spark = base().getOrCreate();
    try {
      spark.sql("SELECT entropy(1)");
      System.out.println("RESULT control present");
    } catch (Exception e) {
      System.out.println("RESULT control " + e.getMessage().split("\n")[0]);
    }
    stop(spark);

    // 3. Nothing configured, the service entry visible (Spark's ServiceLoader uses the context
    //    class loader): META-INF/services/org.apache.spark.sql.SparkSessionExtensionsProvider
    //    installs them.
    Thread.currentThread().setContextClassLoader(new URLClassLoader(
        new URL[] {new File(args[0]).toURI().toURL()}, ExtensionSmoke.class.getClassLoader()));
    spark = base().getOrCreate();
    System.out.println("RESULT classpath " + spark.sql(
        "SELECT entropy(x, 2) FROM VALUES ('a'), ('b'), ('c'), ('d') AS t(x)").first().getDouble(0));
    stop(spark);
  }

  /** Stops the session and forgets it, so that the next builder makes a new context and session. */
  private static void stop(SparkSession spark) {
    spark.stop();
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }

  private static SparkSession.Builder base() {
    return SparkSession.builder().master("local[1]").appName("infospark-extension-smoke")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1");
  }
}
