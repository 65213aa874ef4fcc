package io.infospark.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The extension as users meet it: a fresh JVM whose first SparkSession is configured with nothing
 * but {@code spark.sql.extensions=io.infospark.sql.InfoSparkExtensions} runs the SQL of the docs.
 *
 * <p>Why a child JVM: Spark reads {@code spark.sql.extensions} from the SparkContext's conf when a
 * session is built, and a JVM has one SparkContext — the shared test session's, created without
 * the setting. A builder option given later is ignored for an existing context, so an in-JVM test
 * would not test the setting at all. The child also shows the control (no setting, no service
 * loader: the functions are missing) and the classpath-only route (Spark 4's
 * {@code SparkSessionExtensionsProvider} service loader).
 */
class ExtensionInFreshJvmTest {
  /** SQL exactly as docs/sql.md shows it (DocsExamplesTest checks the docs contain each). */
  static final String[] DOC_SQL = {
      "SELECT country, entropy(city) AS h_nats, entropy(city, 2) AS h_bits FROM cities GROUP BY country ORDER BY country",
      "SELECT Island, mutual_information(Species, Sex, 2) AS mi_bits FROM penguins GROUP BY Island ORDER BY Island",
      "SELECT kl_divergence(a.n, b.n) AS kl, cross_entropy(a.n, b.n) AS h_pq FROM today a FULL OUTER JOIN yesterday b ON a.city = b.city",
  };

  private static final String SERVICE = "org.apache.spark.sql.SparkSessionExtensionsProvider";

  @Test
  void extensionSettingAloneInstallsTheFunctions() throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    // infospark's classes without the service entry: only the setting can install the functions.
    // the build's main classes (target/classes, or a Spark line's own build folder)
    Path classes = Path.of(InfoSparkExtensions.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .toAbsolutePath();
    Path withoutService = Files.createTempDirectory("infospark-classes");
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path to = withoutService.resolve(classes.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else if (!f.endsWith(Path.of("META-INF", "services", SERVICE))) {
          Files.copy(f, to);
        }
      }
    }
    List<String> entries = new ArrayList<>();
    for (String e : classpath.split(File.pathSeparator)) {
      entries.add(Path.of(e).toAbsolutePath().equals(classes) ? withoutService.toString() : e);
    }
    assertTrue(entries.contains(withoutService.toString()), "target/classes on the test classpath: " + classpath);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("-XX:+IgnoreUnrecognizedVMOptions") || arg.startsWith("-Dio.netty")
          || arg.startsWith("-Djdk.reflect")) {
        command.add(arg);
      }
    }
    command.add("-Xmx1g");
    command.add("-cp");
    command.add(String.join(File.pathSeparator, entries));
    command.add(ExtensionSmoke.class.getName());
    command.add(classes.toString());
    File err = File.createTempFile("extension-smoke", ".log");
    err.deleteOnExit();
    String out;
    String log;
    Process p = new ProcessBuilder(command).redirectError(err).start();
    try {
      out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(5, TimeUnit.MINUTES), "child JVM timed out");
      log = Files.readString(err.toPath());
    } finally {
      p.destroy();
      try (Stream<Path> files = Files.walk(withoutService)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
    assertEquals(0, p.exitValue(), out + "\n" + tail(log));

    List<String> results = out.lines().filter(l -> l.startsWith("RESULT ")).toList();
    assertEquals(DOC_SQL.length + 2, results.size(), out + "\n" + tail(log));
    // cities: DE 1 bit; FR 1.370950594454669 bits (scipy entropy([3, 1, 1], base=2)).
    assertTrue(results.get(0).contains("[DE,0.6931471805599453,1.0]"), results.get(0));
    assertTrue(results.get(0).contains("1.370950594454669"), results.get(0));
    assertTrue(results.get(1).contains("[Torgersen,0.0]"), results.get(1));
    assertTrue(results.get(2).contains("0.163896590033559"), results.get(2));
    assertTrue(results.get(3).contains("UNRESOLVED_ROUTINE"), results.get(3));
    assertEquals("RESULT classpath 2.0", results.get(4));
  }

  private static String tail(String log) {
    return log.length() <= 4000 ? log : log.substring(log.length() - 4000);
  }
}
