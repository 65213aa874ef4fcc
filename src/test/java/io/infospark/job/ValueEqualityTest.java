package io.infospark.job;

import static io.infospark.testing.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.infospark.sql.InfoSparkFunctions;
import io.infospark.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One definition of value equality: the SQL functions and the profile, compare and mutual-info jobs
 * count the same values of a collated string column (UTF8_LCASE: 'a' = 'A'), a double column with
 * NaN, 0.0 and −0.0, and a binary column — and so does Spark's own {@code GROUP BY}, the
 * independent reference the expected numbers are computed from (and, for entropies, closed forms).
 * On both paths of the engine.
 */
class ValueEqualityTest {
  private static final double SAME = 1e-12;
  private static SparkSession spark;
  /** Spark 3.5 has no collations: the string column is then compared by its bytes. */
  private static boolean collations;

  @TempDir
  Path dir;

  @BeforeAll
  static void tables() {
    spark = SparkTestSession.get();
    InfoSparkFunctions.register(spark);
    collations = !spark.version().startsWith("3.");
    String s = collations ? "collate(s, 'UTF8_LCASE')" : "s";
    spark.sql("SELECT " + s + " AS s, x, bin, y FROM VALUES "
        + "('a', double('NaN'), X'0102', 1), ('A', double('NaN'), X'0102', 1), ('b', 0.0D, X'01', 2), "
        + "('B', -0.0D, X'', 2), ('b', 1.0D, X'', 2), ('c', 1.0D, X'010203', 3), (null, null, null, 3) "
        + "AS t(s, x, bin, y)").createOrReplaceTempView("equality_p");
    spark.sql("SELECT " + s + " AS s, x, bin, y FROM VALUES "
        + "('A', 1.0D, X'01', 1), ('a', 0.0D, X'0102', 2), ('B', -0.0D, X'', 2), ('c', double('NaN'), X'010203', 3), "
        + "('C', 1.0D, X'01', 3), ('b', double('NaN'), X'', 1) AS t(s, x, bin, y)").createOrReplaceTempView("equality_q");
  }

  @AfterEach
  void defaultPath() {
    spark.conf().unset("spark.infospark.engine.path");
  }

  private static double sql(String query) {
    Row r = spark.sql(query).first();
    return r.getDouble(0);
  }

  /** H of the values of these columns (nulls dropped), from GROUP BY counts: ln n − Σ c ln c / n. */
  private static double groupByEntropy(String table, String columns) {
    String notNull = String.join(" AND ", java.util.Arrays.stream(columns.split(",")).map(c -> c + " IS NOT NULL").toList());
    return sql("SELECT ln(sum(c)) - sum(c * ln(c)) / sum(c) FROM (SELECT count(*) AS c FROM " + table + " WHERE "
        + notNull + " GROUP BY " + columns + ")");
  }

  private Map<String, JsonNode> summary(String field, String... args) throws IOException {
    Path summary = dir.resolve(args[0] + "-summary.json");
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--summary";
    all[args.length + 1] = summary.toString();
    JobRun r = JobRun.of(all);
    assertEquals(0, r.code(), r.toString());
    JsonNode s = SummaryWriter.JSON.readTree(summary.toFile());
    Map<String, JsonNode> out = new HashMap<>();
    s.get(field.equals("pairs") ? "pairs" : "columns").forEach(c -> out.put(
        field.equals("pairs") ? c.get("x").asText() + "," + c.get("y").asText() : c.get("column").asText(), c));
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"fast", "public"})
  void sqlFunctionsAndJobsCountTheSameValues(String path) throws IOException {
    spark.conf().set("spark.infospark.engine.path", path);
    // closed forms, python: import math
    // s, UTF8_LCASE: {a: 2, b: 3, c: 1} -> math.log(6) - (2*math.log(2) + 3*math.log(3)) / 6
    // x: {NaN: 2, 0.0 = -0.0: 2, 1.0: 2} -> math.log(3)
    // bin: {0102: 2, 01: 1, '': 2, 010203: 1} -> math.log(6) - 4*math.log(2) / 6
    Map<String, Double> closed = new HashMap<>();
    if (collations) {
      closed.put("s", Math.log(6) - (2 * Math.log(2) + 3 * Math.log(3)) / 6);
    }
    closed.put("x", Math.log(3));
    closed.put("bin", Math.log(6) - 4 * Math.log(2) / 6);

    Map<String, JsonNode> profile = summary("columns", "profile", "--table", "equality_p", "--columns", "s,x,bin",
        "--binning", "exact");
    for (String c : List.of("s", "x", "bin")) {
      double groupBy = groupByEntropy("equality_p", c);
      if (closed.containsKey(c)) {
        assertClose(closed.get(c), groupBy, SAME, c + ": GROUP BY against the closed form");
      }
      assertClose(groupBy, sql("SELECT entropy(" + c + ") FROM equality_p"), SAME, c + ": SQL entropy()");
      assertClose(groupBy, profile.get(c).get("entropy").asDouble(), SAME, c + ": profile job");
      long distinct = spark.sql("SELECT " + c + " FROM equality_p WHERE " + c + " IS NOT NULL GROUP BY " + c).count();
      assertEquals(distinct, profile.get(c).get("distinct").asLong(), c + ": distinct values");
    }

    Map<String, JsonNode> compare = summary("columns", "compare", "--table", "equality_p", "--reference-table",
        "equality_q", "--columns", "s,x,bin", "--binning", "exact");
    for (String c : List.of("s", "x", "bin")) {
      // the per-value counts of both sides from one GROUP BY, then SQL's kl_divergence over them
      double kl = sql("SELECT kl_divergence(cp, cq) FROM (SELECT " + c + ", sum(inp) AS cp, sum(1 - inp) AS cq FROM ("
          + "SELECT " + c + ", 1 AS inp FROM equality_p UNION ALL SELECT " + c + ", 0 AS inp FROM equality_q) "
          + "WHERE " + c + " IS NOT NULL GROUP BY " + c + ")");
      assertClose(kl, compare.get(c).get("kl").asDouble(), SAME, c + ": compare job KL(p||q)");
    }

    Map<String, JsonNode> mi = summary("pairs", "mutual-info", "--table", "equality_p", "--columns", "s,x,bin,y",
        "--binning", "exact");
    List<String> cols = List.of("s", "x", "bin", "y");
    for (int i = 0; i < cols.size(); i++) {
      for (int j = i + 1; j < cols.size(); j++) {
        String a = cols.get(i);
        String b = cols.get(j);
        // I = H(X) + H(Y) - H(X,Y) over the rows where both are non-null, every entropy from GROUP BY counts
        String both = "(SELECT * FROM equality_p WHERE " + a + " IS NOT NULL AND " + b + " IS NOT NULL)";
        double expected = groupByEntropy(both, a) + groupByEntropy(both, b) - groupByEntropy(both, a + "," + b);
        assertClose(expected, sql("SELECT mutual_information(" + a + ", " + b + ") FROM equality_p"), SAME,
            a + " × " + b + ": SQL mutual_information()");
        assertClose(expected, mi.get(a + "," + b).get("mutual_information").asDouble(), SAME,
            a + " × " + b + ": mutual-info job");
      }
    }
  }
}
