package io.infospark.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.testing.Markdown;
import io.infospark.testing.SparkSubmitRun;
import io.infospark.testing.SparkTestSession;
import io.infospark.testing.SqlScriptApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/**
 * The SQL script a submitted {@link SqlScriptApp} runs to check the functions, and its expected
 * results: the fixture views, every SQL example of the docs, and a query of every function with
 * closed-form results. The docs' examples are expected to give what this JVM's session gives.
 */
public final class SqlScript {
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

  private final Path file;
  private final List<String> statements;
  private final List<String> expected;

  private SqlScript(Path file, List<String> statements, List<String> expected) {
    this.file = file;
    this.statements = statements;
    this.expected = expected;
  }

  /** Writes the script into {@code dir} and runs it in this JVM's session for the expected results. */
  public static SqlScript write(Path dir) throws IOException {
    List<String> statements = new ArrayList<>(Fixtures.statements());
    statements.addAll(docsSql());
    statements.addAll(EVERY_FUNCTION.keySet());
    Path file = Files.writeString(dir.resolve("script.sql"), String.join(";\n", statements) + ";\n");
    assertEquals(statements, SqlScriptApp.statements(Files.readString(file)));
    SparkSession spark = SparkTestSession.get();
    List<String> expected = new ArrayList<>();
    for (String s : statements) {
      expected.add(spark.sql(s).collectAsList().toString());
    }
    List<String> closedForms = new ArrayList<>(EVERY_FUNCTION.values());
    for (int i = 0; i < closedForms.size(); i++) {
      assertSameRows(closedForms.get(i), expected.get(statements.size() - closedForms.size() + i), "in session");
    }
    return new SqlScript(file, statements, expected);
  }

  public Path file() {
    return file;
  }

  /** Checks that a submitted run printed every statement's expected rows. */
  public void check(SparkSubmitRun run, String name) {
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

}
