package io.infospark.sql;

import static io.infospark.testing.Approx.PARTITION_INVARIANT;
import static io.infospark.testing.Approx.REFERENCE;
import static io.infospark.testing.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.testing.SparkTestSession;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SQL functions as SQL and PySpark users call them: {@code spark.sql("...")} strings and
 * {@code expr("...")} (what PySpark's {@code F.expr} sends), against closed forms and scipy /
 * scikit-learn (the Python that produced each number is in the comment; the suite never runs it).
 */
class SqlFunctionsTest {
  private static SparkSession spark;

  @BeforeAll
  static void tables() {
    spark = SparkTestSession.get();
    InfoSparkFunctions.register(spark); // a no-op when the service loader already installed them
    Fixtures.createTables(spark);
  }

  private static Row one(String sql) {
    List<Row> rows = spark.sql(sql).collectAsList();
    assertEquals(1, rows.size(), sql);
    return rows.get(0);
  }

  private static Map<String, Row> byKey(String sql) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : spark.sql(sql).collectAsList()) {
      m.put(r.getString(0), r);
    }
    return m;
  }

  // ---- entropy, entropy_mm ----------------------------------------------------------------

  /**
   * Several groups, nats and bits, nulls dropped, an all-null group.
   * <pre>
   * from scipy.stats import entropy
   * entropy([3, 1, 1])          # FR: 0.9502705392332347 nats
   * entropy([3, 1, 1], base=2)  # 1.370950594454669 bits
   * entropy([2, 2], base=2)     # DE: 1.0 bit
   * </pre>
   */
  @Test
  void entropyByGroup() {
    Map<String, Row> r = byKey("SELECT country, entropy(city), entropy(city, 2), entropy(city, 'bits'), count(city)"
        + " FROM cities GROUP BY country");
    assertEquals(4, r.size());
    assertClose(0.9502705392332347, r.get("FR").getDouble(1), REFERENCE, "FR nats");
    assertClose(1.370950594454669, r.get("FR").getDouble(2), REFERENCE, "FR bits");
    assertClose(1.370950594454669, r.get("FR").getDouble(3), REFERENCE, "FR 'bits'");
    assertEquals(5L, r.get("FR").getLong(4)); // the two null cities of FR are not counted
    assertClose(Math.log(2), r.get("DE").getDouble(1), REFERENCE, "DE: two equally likely cities");
    assertEquals(1.0, r.get("DE").getDouble(2), 1e-15, "DE: 1 bit");
    assertEquals(0.0, r.get("IT").getDouble(1), 0.0, "IT: one value, 0 bits");
    assertTrue(r.get("ES").isNullAt(1), "ES: every city null, no values: NULL");
    assertClose(1.370950594454669 * Math.log(2) / Math.log(10),
        one("SELECT entropy(city, 10) FROM cities WHERE country = 'FR'").getDouble(0), REFERENCE, "hartleys");
  }

  /** The column names are the calls as written. */
  @Test
  void columnNamesAreTheCalls() {
    Dataset<Row> df = spark.sql("SELECT entropy(city), entropy(city, 2), entropy_mm(city), surprisal(0.5, 2) FROM cities");
    assertEquals(List.of("entropy(city)", "entropy(city, 2)", "entropy_mm(city)", "surprisal(0.5, 2)"),
        List.of(df.columns()));
  }

  /** Miller–Madow: H + (K − 1)/(2N); for FR 0.9502705392332347 + 2/10 (scipy as above). */
  @Test
  void millerMadow() {
    Map<String, Row> r = byKey("SELECT country, entropy_mm(city), entropy_mm(city, 2) FROM cities GROUP BY country");
    assertClose(1.1502705392332346, r.get("FR").getDouble(1), REFERENCE, "FR nats");
    assertClose(1.1502705392332346 / Math.log(2), r.get("FR").getDouble(2), REFERENCE, "FR bits");
    assertEquals(0.0, r.get("IT").getDouble(1), 0.0, "one value: K − 1 = 0");
    assertTrue(r.get("ES").isNullAt(1));
  }

  /**
   * NaN is a value (two NaNs are one value), null is not, −0.0 is 0.0 (as in GROUP BY):
   * counts {1.0: 1, NaN: 2, 2.0: 1, 0.0: 2}; scipy entropy([1, 2, 1, 2]) = 1.3296613488547582.
   */
  @Test
  void nanIsAValueNullIsNot() {
    String values = " FROM VALUES (1.0D), (CAST('NaN' AS DOUBLE)), (CAST('NaN' AS DOUBLE)), (2.0D), (-0.0D), (0.0D),"
        + " (CAST(NULL AS DOUBLE)) AS t(x)";
    assertClose(1.3296613488547582, one("SELECT entropy(x)" + values).getDouble(0), REFERENCE, "double");
    assertClose(1.3296613488547582, one("SELECT entropy(CAST(x AS FLOAT))" + values).getDouble(0), REFERENCE, "float");
    assertEquals(4L, one("SELECT count(*) FROM (SELECT x" + values + " WHERE x IS NOT NULL GROUP BY x)").getLong(0),
        "the same four values as GROUP BY");
  }

  /**
   * Every atomic type is counted by value: the pattern (a, a, b, c, null) has entropy([2, 1, 1])
   * = 1.0397207708399179 nats whatever the type.
   */
  @Test
  void everyAtomicType() {
    String[] columns = {
        "CAST(v AS TINYINT)", "CAST(v AS SMALLINT)", "v", "CAST(v AS BIGINT)", "CAST(v AS FLOAT) / 3",
        "CAST(v AS DOUBLE) / 3", "CAST(v AS DECIMAL(10, 2)) / 3", "CAST(v AS STRING)",
        "CAST(CAST(v AS STRING) AS BINARY)", "date_add(DATE'2020-01-01', v)", "timestamp_seconds(v)",
        "CAST(timestamp_seconds(v) AS TIMESTAMP_NTZ)", "make_dt_interval(v)", "make_ym_interval(v)",
        // collations exist from Spark 4.0 on
        spark.version().startsWith("3.") ? "CAST(v AS STRING)" : "CAST(v AS STRING) COLLATE UTF8_BINARY"};
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < columns.length; i++) {
      sql.append(i == 0 ? "" : ", ").append("entropy(").append(columns[i]).append(")");
    }
    sql.append(" FROM VALUES (1), (1), (2), (3), (NULL) AS t(v)");
    Row r = one(sql.toString());
    for (int i = 0; i < columns.length; i++) {
      assertClose(1.0397207708399179, r.getDouble(i), REFERENCE, columns[i]);
    }
    assertClose(Math.log(2), one("SELECT entropy(v > 1) FROM VALUES (1), (1), (2), (3) AS t(v)").getDouble(0),
        REFERENCE, "boolean");
    assertNull(one("SELECT entropy(NULL)").get(0), "untyped NULL: no values");
  }

  /** Strings under a collation are counted as GROUP BY groups them: 'a' and 'A' are one value. */
  @Test
  void collationDecidesWhichStringsAreEqual() {
    org.junit.jupiter.api.Assumptions.assumeFalse(spark.version().startsWith("3."), "Spark 3.5 has no collations");
    String values = " FROM VALUES ('a'), ('A'), ('b'), ('B') AS t(s)";
    assertEquals(1.0, one("SELECT entropy(s COLLATE UTF8_LCASE, 2)" + values).getDouble(0), 1e-15);
    assertEquals(2.0, one("SELECT entropy(s, 2)" + values).getDouble(0), 1e-15);
  }

  /** No rows at all: NULL, not 0 (DESIGN.md §1, empty input). */
  @Test
  void emptyInputIsNull() {
    Row r = one("SELECT entropy(city), entropy_mm(city), mutual_information(country, city),"
        + " kl_divergence(1, 1), cross_entropy(1, 1) FROM cities WHERE false");
    for (int i = 0; i < r.length(); i++) {
      assertTrue(r.isNullAt(i), "column " + i);
    }
  }

  /**
   * Equal calls are equal expressions: a scalar can be grouped by and selected, an aggregate used
   * again in HAVING and ORDER BY is computed once.
   */
  @Test
  void equalCallsAreOneExpression() {
    List<Row> rows = spark.sql("SELECT surprisal(p, 2), count(*) FROM VALUES (0.5), (0.5), (0.25) AS t(p)"
        + " GROUP BY surprisal(p, 2) ORDER BY surprisal(p, 2)").collectAsList();
    assertEquals(List.of(1.0, 2.0), rows.stream().map(r -> r.getDouble(0)).toList());
    // Spark 3.5 resolves no aggregate in an ORDER BY above a HAVING (its own aggregates neither): the alias there
    String order = spark.version().startsWith("3.") ? "h" : "entropy(city, 2)";
    Dataset<Row> df = spark.sql("SELECT country, entropy(city, 2) AS h FROM cities GROUP BY country"
        + " HAVING entropy(city, 2) > 0.5 ORDER BY " + order + " DESC");
    assertEquals(List.of("FR", "DE"), df.collectAsList().stream().map(r -> r.getString(0)).toList());
    String plan = df.queryExecution().optimizedPlan().toString();
    assertEquals(1, plan.split("entropy\\(", -1).length - 1, "one entropy aggregate:\n" + plan);
  }

  /** Usable as a window aggregate too: the entropy of the row's country on every row. */
  @Test
  void windowAggregate() {
    Map<String, Row> r = byKey("SELECT DISTINCT country, entropy(city, 2) OVER (PARTITION BY country) FROM cities");
    assertClose(1.370950594454669, r.get("FR").getDouble(1), REFERENCE, "FR bits");
    assertEquals(1.0, r.get("DE").getDouble(1), 1e-15);
  }

  /**
   * The SQL function and the DataFrame profile agree on real data (scipy, as in ProfilerTest):
   * entropy(d['Airport Name'].value_counts()) = 3.752429147347176, Miller–Madow + 49/20000.
   * The result does not depend on the partitioning (the merge law of the state).
   */
  @Test
  void birdstrikesAgainstScipyAndPartitioning() {
    Row r = one("SELECT entropy(`Airport Name`), entropy_mm(`Airport Name`) FROM birdstrikes");
    assertClose(3.752429147347176, r.getDouble(0), REFERENCE, "entropy");
    assertClose(3.754879147347176, r.getDouble(1), REFERENCE, "Miller-Madow");
    for (int partitions : new int[] {1, 7}) {
      spark.table("birdstrikes").repartition(partitions).createOrReplaceTempView("birdstrikes_p");
      assertClose(r.getDouble(0), one("SELECT entropy(`Airport Name`) FROM birdstrikes_p").getDouble(0),
          PARTITION_INVARIANT, partitions + " partitions");
    }
  }

  // ---- mutual_information ---------------------------------------------------------------------

  /**
   * Penguins, against scikit-learn 1.2:
   * <pre>
   * d = pd.read_csv('data/penguins.csv', keep_default_na=False, na_values=[''])
   * s = d[['Species', 'Island']].dropna(); mutual_info_score(s.Species, s.Island)  # 0.5201571711238806
   * s = d[['Species', 'Sex', 'Island']].dropna()
   * for i, g in s.groupby('Island'): print(i, mutual_info_score(g.Species, g.Sex))
   * # Biscoe 0.0019738304263515367  Dream 4.0864427642450796e-05  Torgersen 0.0
   * </pre>
   */
  @Test
  void mutualInformationPenguins() {
    Row all = one("SELECT mutual_information(Species, Island), mutual_information(Species, Island, 2) FROM penguins");
    assertClose(0.5201571711238806, all.getDouble(0), REFERENCE, "nats");
    assertClose(0.7504281712632545, all.getDouble(1), REFERENCE, "bits");
    Map<String, Row> r = byKey("SELECT Island, mutual_information(Species, Sex) FROM penguins GROUP BY Island");
    assertClose(0.0019738304263515367, r.get("Biscoe").getDouble(1), REFERENCE, "Biscoe");
    assertClose(4.0864427642450796e-05, r.get("Dream").getDouble(1), REFERENCE, "Dream");
    assertEquals(0.0, r.get("Torgersen").getDouble(1), 1e-15, "Torgersen: one species");
  }

  /** I(X;X) = H(X); independent columns give 0; rows with a null on either side are dropped. */
  @Test
  void mutualInformationIdentities() {
    Row r = one("SELECT mutual_information(city, city), entropy(city) FROM cities WHERE country = 'FR'");
    assertClose(r.getDouble(1), r.getDouble(0), PARTITION_INVARIANT, "I(X;X) = H(X)");
    // x ⟂ y exactly: every (x, y) pair of {0,1} × {0,1,2} once.
    assertEquals(0.0, one("SELECT mutual_information(x, y) FROM VALUES (0,0),(0,1),(0,2),(1,0),(1,1),(1,2),"
        + " (NULL, 5), (7, NULL) AS t(x, y)").getDouble(0), 1e-15);
    assertNull(one("SELECT mutual_information(x, y) FROM VALUES (NULL, 1), (2, NULL) AS t(x, y)").get(0));
  }

  // ---- cross_entropy, kl_divergence -----------------------------------------------------------

  /**
   * Pre-aggregated rows (value, p mass, q mass) per group; p are counts, q probabilities.
   * <pre>
   * p, q = np.array([3, 1, 0.]), np.array([.5, .25, .25])           # FR
   * entropy(p, q)                    # KL 0.3040988310811233 nats
   * entropy(p, q, base=2)            # 0.43872187554086717 bits
   * (entropy(p) + entropy(p, q)) / np.log(2)   # cross-entropy 1.25 bits
   * # DE: p = q: KL 0, cross-entropy = H(p) = ln 2.  IT: q(Roma) = 0 < p(Roma): inf.
   * </pre>
   */
  @Test
  void divergenceByGroup() {
    Map<String, Row> r = byKey("SELECT country, kl_divergence(p, q), kl_divergence(p, q, 2), cross_entropy(p, q),"
        + " cross_entropy(p, q, 2) FROM masses GROUP BY country");
    assertClose(0.3040988310811233, r.get("FR").getDouble(1), REFERENCE, "FR KL nats");
    assertClose(0.43872187554086717, r.get("FR").getDouble(2), REFERENCE, "FR KL bits");
    assertClose(0.8664339756999315, r.get("FR").getDouble(3), REFERENCE, "FR H(p,q) nats");
    assertClose(1.25, r.get("FR").getDouble(4), REFERENCE, "FR H(p,q) bits");
    assertEquals(0.0, r.get("DE").getDouble(1), 0.0, "KL(p||p) = 0");
    assertClose(Math.log(2), r.get("DE").getDouble(3), REFERENCE, "H(p,p) = H(p)");
    assertEquals(Double.POSITIVE_INFINITY, r.get("IT").getDouble(1), "q = 0 < p: KL is +Infinity");
    assertEquals(Double.POSITIVE_INFINITY, r.get("IT").getDouble(3), "q = 0 < p: H(p,q) is +Infinity");
    assertTrue(r.get("ES").isNullAt(1), "no p mass: undefined");
  }

  /**
   * Two count tables joined with FULL OUTER JOIN: a value missing on one side has a null count,
   * which counts as 0. scipy: p = [3, 1, 0, 2... see Fixtures]: entropy(p, q) = 0.1638965900335596,
   * entropy(q, p) = inf (Lille is only in yesterday), cross-entropy 1.1935496040981333.
   */
  @Test
  void divergenceOfTwoCountTables() {
    Row r = one("SELECT kl_divergence(a.n, b.n), kl_divergence(b.n, a.n), cross_entropy(a.n, b.n)"
        + " FROM today a FULL OUTER JOIN yesterday b ON a.city = b.city");
    assertClose(0.1638965900335596, r.getDouble(0), REFERENCE, "KL(today || yesterday)");
    assertEquals(Double.POSITIVE_INFINITY, r.getDouble(1), "KL(yesterday || today): Lille is new");
    assertClose(1.1935496040981333, r.getDouble(2), REFERENCE, "H(today, yesterday)");
  }

  /** A negative mass is bad data: the query fails and says which function and what was expected. */
  @Test
  void negativeMassFailsTheQuery() {
    Exception e = assertThrows(Exception.class,
        () -> spark.sql("SELECT kl_divergence(p, q) FROM VALUES (1, 0.5), (-1, 0.5) AS t(p, q)").collect());
    assertTrue(causes(e).contains("kl_divergence: every p mass (count or probability) must be finite and >= 0"),
        causes(e));
  }

  // ---- scalars --------------------------------------------------------------------------------

  /**
   * <pre>
   * -np.log2(0.25)                       # 2.0
   * entropy([0.1, 0.9], base=2)          # 0.46899559358928117
   * entropy([1, 1, 2, 4], base=2)        # 1.75
   * entropy([0.5, 1.5, 2.0])             # 0.9743147528693494
   * </pre>
   */
  @Test
  void scalars() {
    Row r = one("SELECT surprisal(0.25, 2), surprisal(0), surprisal(1), surprisal(CAST(NULL AS DOUBLE)),"
        + " binary_entropy(0.1, 2), binary_entropy(0), binary_entropy(0.5, 'bits'),"
        + " entropy_of_counts(array(1, 1, 2, 4), 2), entropy_of_counts(array(0.5D, 1.5D, 2.0D)),"
        + " entropy_of_counts(array(1, NULL, 0, 1), 2), entropy_of_counts(CAST(array() AS ARRAY<BIGINT>)),"
        + " surprisal(p) FROM VALUES (0.5) AS t(p)");
    assertEquals(2.0, r.getDouble(0), 1e-15);
    assertEquals(Double.POSITIVE_INFINITY, r.getDouble(1), "surprisal(0) = +Infinity");
    assertEquals(0.0, r.getDouble(2), 0.0);
    assertEquals(0L, Double.doubleToRawLongBits(r.getDouble(2)), "0.0, not -0.0");
    assertTrue(r.isNullAt(3));
    assertClose(0.46899559358928117, r.getDouble(4), REFERENCE, "binary_entropy(0.1)");
    assertEquals(0.0, r.getDouble(5), 0.0);
    assertEquals(1.0, r.getDouble(6), 1e-15);
    assertClose(1.75, r.getDouble(7), REFERENCE, "entropy_of_counts bits");
    assertClose(0.9743147528693494, r.getDouble(8), REFERENCE, "weights");
    assertEquals(1.0, r.getDouble(9), 1e-15, "nulls and zeros ignored");
    assertTrue(r.isNullAt(10), "no counts: NULL");
    assertClose(Math.log(2), r.getDouble(11), REFERENCE, "column argument");
    Exception e = assertThrows(Exception.class, () -> spark.sql("SELECT surprisal(p) FROM VALUES (1.5) AS t(p)").collect());
    assertTrue(causes(e).contains("surprisal: p must be a probability in [0, 1] but got 1.5"), causes(e));
  }

  // ---- analysis errors ------------------------------------------------------------------------

  /** Unsupported argument types fail at analysis, naming the call and the expected types. */
  @Test
  void unsupportedTypesAreAnalysisErrors() {
    String[][] cases = {
        {"SELECT entropy(tags) FROM typed", "entropy(typed.tags)", "atomic (NUMERIC, STRING"},
        {"SELECT entropy_mm(attrs) FROM typed", "entropy_mm(typed.attrs)", "atomic (NUMERIC, STRING"},
        {"SELECT country, entropy(pos) FROM typed GROUP BY country", "entropy(typed.pos)", "atomic"},
        {"SELECT mutual_information(country, tags) FROM typed", "mutual_information(typed.country, typed.tags)",
            "atomic"},
        {"SELECT kl_divergence(country, 1) FROM typed", "kl_divergence(typed.country, 1)", "NUMERIC"},
        {"SELECT cross_entropy(1, tags) FROM typed", "cross_entropy(1, typed.tags)", "NUMERIC"},
        {"SELECT surprisal(country) FROM typed", "surprisal(typed.country)", "NUMERIC"},
        {"SELECT entropy_of_counts(array('a')) FROM typed", "entropy_of_counts(array('a'))",
            "ARRAY<BIGINT> or ARRAY<DOUBLE>"},
    };
    for (String[] c : cases) {
      AnalysisException e = assertThrows(AnalysisException.class, () -> spark.sql(c[0]), c[0]);
      assertEquals("DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", e.getErrorClass(), c[0]);
      assertTrue(e.getMessage().contains("\"" + c[1] + "\""), e.getMessage());
      assertTrue(e.getMessage().contains(c[2]), e.getMessage());
    }
    // The same through the DataFrame API (PySpark's F.expr sends this string).
    AnalysisException e = assertThrows(AnalysisException.class,
        () -> spark.table("typed").agg(functions.expr("entropy(tags, 2)")));
    assertTrue(e.getMessage().contains("\"entropy(typed.tags, 2)\""), e.getMessage());
    assertTrue(e.getMessage().contains("has the type \"ARRAY<INT>\""), e.getMessage());
  }

  /** A base that is not e, 2 or 10, a base that is not a constant, a wrong number of arguments. */
  @Test
  void badBaseAndArityAreAnalysisErrors() {
    AnalysisException e = assertThrows(AnalysisException.class, () -> spark.sql("SELECT entropy(city, 3) FROM cities"));
    assertEquals("DATATYPE_MISMATCH.INVALID_ARG_VALUE", e.getErrorClass());
    assertTrue(e.getMessage().contains("'e', 2, 10"), e.getMessage());
    e = assertThrows(AnalysisException.class, () -> spark.sql("SELECT entropy(city, country) FROM cities"));
    assertEquals("DATATYPE_MISMATCH.NON_FOLDABLE_INPUT", e.getErrorClass());
    e = assertThrows(AnalysisException.class, () -> spark.sql("SELECT kl_divergence(1) FROM cities"));
    assertTrue(e.getMessage().contains("kl_divergence(p, q [, base]) takes 2 or 3 arguments but got 1"), e.getMessage());
    assertEquals(1.0, one("SELECT entropy(city, 2.0) FROM cities WHERE country = 'DE'").getDouble(0), 1e-15,
        "2.0 is base 2");
  }

  static String causes(Throwable t) {
    StringBuilder s = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      s.append(c.getMessage()).append(" | ");
    }
    return s.toString();
  }
}
