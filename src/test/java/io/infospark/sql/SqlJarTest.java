package io.infospark.sql;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.testing.Jars;
import io.infospark.testing.SparkSubmitRun;
import io.infospark.testing.SqlScriptApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL functions with the jar added the ways Spark applications add jars: {@code --jars},
 * {@code spark.jars} (what PySpark's {@code .config("spark.jars", …)} becomes), {@code --packages}
 * from a Maven repository, and the class path. Each is a real {@code spark-submit} (Spark's
 * {@code SparkSubmit} class in a fresh JVM on Spark's class path alone, as {@code scripts/submit.sh}
 * runs it when no Spark is installed) of a user's application ({@link SqlScriptApp}, a jar of its
 * own) that runs every function, with a shuffle between partial and final aggregation, and every
 * SQL example of the docs. Results: closed forms for the function queries, and the results of this
 * JVM's session for the docs' examples.
 *
 * <p>Before the aggregates read their state with infospark's class loader, every aggregate failed
 * with {@code ClassNotFoundException: io.infospark.sql.Tally} on the first three routes.
 */
class SqlJarTest {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final String EXTENSION = "spark.sql.extensions=io.infospark.sql.InfoSparkExtensions";

  @TempDir
  static Path dir;
  private static Path jar;
  private static Path app;
  private static SqlScript script;

  @BeforeAll
  static void build() throws IOException {
    jar = Jars.thin(dir.resolve("infospark.jar"));
    app = Jars.application(dir.resolve("app.jar"), SqlScriptApp.class);
    script = SqlScript.write(dir);
  }

  @Test
  void jarsOption() throws Exception {
    check("jars", SparkSubmitRun.sparkClasspath(), List.of("--jars", jar.toString(), "--conf", EXTENSION));
  }

  /** The PySpark recipe: SparkSession.builder.config("spark.jars", …) reaches spark-submit as --conf. */
  @Test
  void sparkJarsSetting() throws Exception {
    check("spark-jars", SparkSubmitRun.sparkClasspath(),
        List.of("--conf", "spark.jars=" + jar, "--conf", EXTENSION));
  }

  /** --packages from a Maven repository (the layout mvn install writes), resolved by spark-submit's Ivy. */
  @Test
  void packagesFromAMavenRepository() throws Exception {
    String version = projectVersion();
    Path repo = dir.resolve("maven-repo");
    Path artifact = Files.createDirectories(repo.resolve("io/infospark/infospark/" + version));
    Files.copy(jar, artifact.resolve("infospark-" + version + ".jar"));
    Files.copy(Path.of("pom.xml"), artifact.resolve("infospark-" + version + ".pom"));
    check("packages", SparkSubmitRun.sparkClasspath(), List.of(
        "--packages", "io.infospark:infospark:" + version, "--repositories", repo.toUri().toString(),
        "--conf", "spark.jars.ivy=" + dir.resolve("ivy"), "--conf", EXTENSION));
  }

  /** The jar on the class path and nothing configured: the service loader installs the functions. */
  @Test
  void classpathAlone() throws Exception {
    check("classpath", SparkSubmitRun.join(SparkSubmitRun.sparkClasspath(), jar.toString()), List.of());
  }

  private static void check(String name, String classpath, List<String> route) throws Exception {
    List<String> args = new ArrayList<>(List.of("--master", "local[2]", "--class", SqlScriptApp.class.getName(),
        "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
        "--conf", "spark.sql.shuffle.partitions=2"));
    args.addAll(route);
    args.addAll(List.of(app.toString(), script.file().toString()));
    SparkSubmitRun run = SparkSubmitRun.run(classpath, args, dir.resolve(name + ".log"), TIMEOUT);
    script.check(run, name);
  }

  /** The project version from pom.xml (the version of the jar installed into the test repository). */
  static String projectVersion() throws IOException {
    Matcher m = Pattern.compile("<artifactId>infospark</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(Path.of("pom.xml")));
    assertTrue(m.find(), "no version in pom.xml");
    return m.group(1);
  }
}
