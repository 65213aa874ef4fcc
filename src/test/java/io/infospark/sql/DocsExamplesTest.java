package io.infospark.sql;

import static io.infospark.testing.Approx.PARTITION_INVARIANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.testing.Approx;
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
 * Every example of docs/sql.md runs: each {@code ```sql} block through {@code spark.sql}, each
 * {@code F.expr("…")} of the Python blocks through {@code functions.expr} (the same string reaches
 * the same parser from PySpark), on the tables of {@link Fixtures}.
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
  void everySqlExampleRuns() {
    List<String> sql = blocks(docs, "sql");
    assertTrue(sql.size() >= 6, "sql examples: " + sql.size());
    for (String statement : sql) {
      List<Row> rows = spark.sql(statement).collectAsList();
      assertFalse(rows.isEmpty(), statement);
    }
  }

  @Test
  void everyPysparkExprRuns() {
    List<String> exprs = new ArrayList<>();
    for (String python : blocks(docs, "python")) {
      Matcher m = Pattern.compile("F\\.expr\\(\"([^\"]+)\"\\)").matcher(python);
      while (m.find()) {
        exprs.add(m.group(1));
      }
    }
    assertEquals(List.of("entropy(city, 2)", "entropy_mm(city)"), exprs);
    for (String e : exprs) {
      // cities.groupBy("country").agg(F.expr(e).alias(...)), as the docs show it
      List<Row> rows = spark.table("cities").groupBy("country").agg(functions.expr(e).alias("h")).collectAsList();
      assertEquals(4, rows.size(), e);
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
