package io.infospark.sql;

import static io.infospark.testing.Approx.PARTITION_INVARIANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.testing.Approx;
import io.infospark.testing.Markdown;
import io.infospark.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every SQL example of the docs runs in a session as written: each statement of the {@code ```sql}
 * blocks and each {@code spark.sql("…")} string of the Python blocks of README.md and every page
 * under docs/ (found anew each run), on the tables of {@link Fixtures}; each {@code F.expr("…")} of
 * the Python blocks resolves on one of those tables (the same string reaches the same parser from
 * PySpark). {@link SqlJarTest} sends the same statements through spark-submit.
 */
class DocsExamplesTest {
  private static SparkSession spark;
  private static String docs;

  @BeforeAll
  static void setUp() throws Exception {
    spark = SparkTestSession.get();
    Fixtures.createTables(spark);
    docs = Files.readString(Path.of("docs", "sql.md"));
  }

  static List<String> blocks(String text, String language) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(text);
    while (m.find()) {
      out.add(m.group(1).trim());
    }
    return out;
  }

  @Test
  void everySqlStatementOfTheDocsRuns() {
    List<String> sql = SqlScript.docsSql();
    assertTrue(sql.size() >= 10, "sql examples: " + sql.size());
    for (String statement : sql) {
      spark.sql(statement).collectAsList();
    }
  }

  @Test
  void everyPysparkExprResolves() {
    List<String> exprs = new ArrayList<>();
    for (Markdown.Block b : Markdown.blocks("python")) {
      exprs.addAll(Markdown.pythonSql(b.text()).expressions());
    }
    assertTrue(exprs.containsAll(List.of("entropy(city, 2)", "entropy_mm(city)")), exprs.toString());
    List<String> views = List.of("cities", "penguins", "masses", "today", "birdstrikes");
    for (String e : exprs) {
      boolean resolved = false;
      for (String v : views) {
        try {
          // t.groupBy(…).agg(F.expr(e)), as the docs show it, without the grouping
          spark.table(v).agg(functions.expr(e).alias("h")).collectAsList();
          resolved = true;
          break;
        } catch (Exception notThisTable) { // AnalysisException (undeclared): columns of another table
        }
      }
      assertTrue(resolved, "F.expr(\"" + e + "\") resolves on none of " + views);
    }
  }

  /** The fresh-JVM test runs the docs' SQL verbatim. */
  @Test
  void freshJvmTestUsesTheDocsStrings() {
    for (String sql : ExtensionInFreshJvmTest.DOC_SQL) {
      assertTrue(docs.contains(sql), "docs/sql.md should show: " + sql);
    }
  }

  /** The bounded-memory two-step form of the docs gives the same entropies as entropy(). */
  @Test
  void countThenMeasureEqualsEntropy() {
    List<Row> direct = spark.sql("SELECT country, entropy(city) AS h FROM cities GROUP BY country ORDER BY country")
        .filter("h IS NOT NULL").collectAsList();
    String twoStep = blocks(docs, "sql").stream().filter(s -> s.contains("collect_list")).findFirst().orElseThrow();
    List<Row> counted = spark.sql(twoStep).collectAsList();
    assertEquals(direct.size(), counted.size());
    for (int i = 0; i < direct.size(); i++) {
      assertEquals(direct.get(i).getString(0), counted.get(i).getString(0));
      Approx.assertClose(direct.get(i).getDouble(1), counted.get(i).getDouble(1), PARTITION_INVARIANT,
          direct.get(i).getString(0));
    }
  }
}
