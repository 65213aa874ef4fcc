package io.infospark.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.testing.Jars;
import io.infospark.testing.Markdown;
import io.infospark.testing.SparkSubmitRun;
import io.infospark.testing.SparkTestSession;
import io.infospark.testing.SqlScriptApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
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
  private static final double TOLERANCE = 1e-12;

  /**
   * Every function, grouped, with closed-form results. Group a: x two values twice each (1 bit),
   * y = f(x) (MI = H(x) = 1 bit), q = 0 where p > 0 (cross-entropy and KL +Infinity); b: one row
   * (every measure 0); c: p = (½, ½), q = (¼, ¾).
   * <pre>
   * from math import log; import scipy.stats as st
   * log(2) + 1/8                                   # a: entropy_mm nats, (K-1)/(2N) = 1/8 -> 0.8181471805599453
   * log(2) + 1/4                                   # c: entropy_mm nats -> 0.9431471805599453
   * -(0.5*log(0.25, 2) + 0.5*log(0.75, 2))         # c: cross_entropy bits -> 1.207518749639422
   * st.entropy([0.5, 0.5], [0.25, 0.75], base=2)   # c: kl bits -> 0.20751874963942185
   * st.entropy([1, 1, 2, 4], base=2)               # entropy_of_counts -> 1.75
   * </pre>
   */
  static final Map<String, String> EVERY_FUNCTION = new LinkedHashMap<>();

  static {
    EVERY_FUNCTION.put("SELECT g, entropy(x, 2) AS h, entropy_mm(x) AS h_mm, mutual_information(x, y, 2) AS mi,"
        + " cross_entropy(p, q, 2) AS ce, kl_divergence(p, q, 2) AS kl FROM VALUES"
        + " ('a', 'u', 0, 1, 2), ('a', 'u', 0, 1, 1), ('a', 'v', 1, 1, 1), ('a', 'v', 1, 1, 0), ('b', 'w', 5, 3, 1),"
        + " ('c', 's', 1, 1, 1), ('c', 't', 2, 1, 3) AS t(g, x, y, p, q) GROUP BY g ORDER BY g",
        "[[a,1.0,0.8181471805599453,1.0,Infinity,Infinity], [b,0.0,0.0,0.0,0.0,0.0],"
            + " [c,1.0,0.9431471805599453,1.0,1.207518749639422,0.20751874963942185]]");
    EVERY_FUNCTION.put("SELECT surprisal(0.25, 2), binary_entropy(0.5, 2), entropy_of_counts(array(1, 1, 2, 4), 2)",
        "[[2.0,1.0,1.75]]");
  }

  @TempDir
  static Path dir;
  private static Path jar;
  private static Path app;
  private static Path script;
  private static List<String> statements;
  private static List<String> expected;

  @BeforeAll
  static void build() throws IOException {
    jar = Jars.thin(dir.resolve("infospark.jar"));
    app = Jars.application(dir.resolve("app.jar"), SqlScriptApp.class);
    statements = new ArrayList<>(Fixtures.statements());
    statements.addAll(docsSql());
    statements.addAll(EVERY_FUNCTION.keySet());
    script = Files.writeString(dir.resolve("script.sql"), String.join(";\n", statements) + ";\n");
    assertEquals(statements, SqlScriptApp.statements(Files.readString(script)));
    // the same statements in this JVM's session (the functions from the class path)
    SparkSession spark = SparkTestSession.get();
    expected = new ArrayList<>();
    for (String s : statements) {
      expected.add(spark.sql(s).collectAsList().toString());
    }
    List<String> closedForms = new ArrayList<>(EVERY_FUNCTION.values());
    for (int i = 0; i < closedForms.size(); i++) {
      assertSameRows(closedForms.get(i), expected.get(statements.size() - closedForms.size() + i), "in session");
    }
  }

  /** Every SQL statement of the docs: the ```sql blocks and the spark.sql strings of Python blocks. */
  static List<String> docsSql() {
    List<String> out = new ArrayList<>();
    for (Markdown.Block b : Markdown.blocks("sql")) {
      out.addAll(Markdown.sqlStatements(b.text()));
    }
    for (Markdown.Block b : Markdown.blocks("python")) {
      out.addAll(Markdown.pythonSql(b.text()).statements());
    }
    assertFalse(out.isEmpty(), "no SQL in the docs");
    return out;
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
    args.addAll(List.of(app.toString(), script.toString()));
    SparkSubmitRun run = SparkSubmitRun.run(classpath, args, dir.resolve(name + ".log"), TIMEOUT);
    assertEquals(0, run.code(), run.toString());
    Map<Integer, String> results = new LinkedHashMap<>();
    Matcher m = Pattern.compile("(?m)^RESULT (\\d+) (.*)$").matcher(run.out());
    while (m.find()) {
      results.put(Integer.parseInt(m.group(1)), m.group(2));
    }
    assertEquals(statements.size(), results.size(), run.toString());
    for (int i = 0; i < statements.size(); i++) {
      assertSameRows(expected.get(i), results.get(i), name + ": " + statements.get(i));
    }
    assertFalse(run.err().contains("ClassNotFoundException"), run.toString());
  }

  /** Rows printed by Row.toString: equal text, numbers equal to 1e-12 relative. */
  static void assertSameRows(String expected, String actual, String what) {
    String[] e = expected.split("(?<=[\\[\\], ])|(?=[\\[\\], ])");
    String[] a = actual.split("(?<=[\\[\\], ])|(?=[\\[\\], ])");
    assertEquals(e.length, a.length, what + "\nexpected " + expected + "\nactual   " + actual);
    for (int i = 0; i < e.length; i++) {
      if (e[i].equals(a[i])) {
        continue;
      }
      try {
        double x = Double.parseDouble(e[i]);
        double y = Double.parseDouble(a[i]);
        assertTrue(Math.abs(x - y) <= TOLERANCE * Math.max(1, Math.abs(x)),
            what + "\nexpected " + expected + "\nactual   " + actual);
      } catch (NumberFormatException nfe) {
        assertEquals(expected, actual, what);
      }
    }
  }

  /** The project version from pom.xml (the version of the jar installed into the test repository). */
  static String projectVersion() throws IOException {
    Matcher m = Pattern.compile("<artifactId>infospark</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(Path.of("pom.xml")));
    assertTrue(m.find(), "no version in pom.xml");
    return m.group(1);
  }
}
