package io.infospark.measure;

import static io.infospark.testing.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.api.InfoSpark;
import io.infospark.core.BadInputException;
import io.infospark.core.LogBase;
import io.infospark.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SurprisalTest {
  private final SparkSession spark = SparkTestSession.get();
  private static final StructType SCHEMA = new StructType().add("x", DataTypes.StringType).add("v", DataTypes.DoubleType);

  private Dataset<Row> rows(Object[]... rows) {
    List<Row> list = new ArrayList<>();
    for (Object[] r : rows) {
      list.add(RowFactory.create(r));
    }
    return spark.createDataFrame(list, SCHEMA);
  }

  private static double surprisalOf(Dataset<Row> scored, String column, String value) {
    Row r = scored.filter(value == null ? scored.col(column).isNull() : scored.col(column).equalTo(value))
        .select(column + "_surprisal").first();
    return r.isNullAt(0) ? Double.NaN : r.getDouble(0);
  }

  @Test
  void sameDataInBits() {
    Dataset<Row> df = rows(new Object[] {"a", 1.0}, new Object[] {"a", 1.0}, new Object[] {"a", 2.0},
        new Object[] {"b", 4.0}, new Object[] {null, 4.0});
    Dataset<Row> scored = Surprisal.add(df, ProfileOptions.defaults().withColumns("x").withBase(LogBase.TWO));
    assertEquals(5, scored.count());
    assertClose(Math.log(4.0 / 3) / Math.log(2), surprisalOf(scored, "x", "a"), 1e-15);
    assertClose(2.0, surprisalOf(scored, "x", "b"), 1e-15);
    Row nullRow = scored.filter(scored.col("x").isNull()).select("x_surprisal").first();
    assertTrue(nullRow.isNullAt(0));
  }

  @Test
  void nullAsCategoryHasASurprisal() {
    Dataset<Row> df = rows(new Object[] {"a", 1.0}, new Object[] {null, 1.0});
    Dataset<Row> scored = Surprisal.add(df, ProfileOptions.defaults().withColumns("x").withNulls(NullPolicy.CATEGORY));
    Row nullRow = scored.filter(scored.col("x").isNull()).select("x_surprisal").first();
    assertClose(Math.log(2), nullRow.getDouble(0), 1e-15);
  }

  @Test
  void savedDistributionScoresNewDataAndUnseenValuesAreInfinite() throws Exception {
    Dataset<Row> yesterday = rows(new Object[] {"a", 0.0}, new Object[] {"b", 10.0}, new Object[] {"b", 5.0},
        new Object[] {"b", 5.0});
    Path dir = Files.createTempDirectory("dist");
    ValueDistribution.of(yesterday, ProfileOptions.defaults().withBins(2)).save(dir.toString() + "/d");
    ValueDistribution saved = ValueDistribution.load(spark, dir.toString() + "/d");
    Dataset<Row> today = rows(new Object[] {"a", 9.0}, new Object[] {"c", 1.0});
    Dataset<Row> scored = Surprisal.add(today, List.of("x", "v"), saved, LogBase.E, false);
    assertClose(Math.log(4), surprisalOf(scored, "x", "a"), 1e-15);
    assertEquals(Double.POSITIVE_INFINITY, surprisalOf(scored, "x", "c"));
    // v: bins from yesterday [0, 5) and [5, 10]: 9.0 falls in the second (3 of 4), 1.0 in the first (1 of 4)
    Row a = scored.filter(scored.col("x").equalTo("a")).select("v_surprisal").first();
    assertClose(Math.log(4.0 / 3), a.getDouble(0), 1e-15);
    BadInputException e = assertThrows(BadInputException.class,
        () -> Surprisal.add(today.withColumnRenamed("x", "y"), List.of("y"), saved, LogBase.E, false));
    assertTrue(e.getMessage().contains("'y'"), e.getMessage());
  }

  @Test
  void missingDistributionNamesThePath() {
    BadInputException e = assertThrows(BadInputException.class,
        () -> ValueDistribution.load(spark, "/nonexistent/infospark-dist"));
    assertTrue(e.getMessage().contains("/nonexistent/infospark-dist"), e.getMessage());
  }

  @Test
  void valuesAreReadable() {
    Dataset<Row> df = rows(new Object[] {"a", 0.0}, new Object[] {"b", 10.0});
    List<Row> v = ValueDistribution.of(df, ProfileOptions.defaults().withBins(2)).values()
        .filter("column = 'v'").orderBy("value").collectAsList();
    assertEquals("[0, 5)", v.get(0).getString(1));
    assertEquals("[5, 10]", v.get(1).getString(1));
  }

  /**
   * Surprisal.add cached the value distribution with Dataset.cache() and never released it: a
   * notebook scoring many frames kept every cache until the session ended. Spark now holds it only
   * while the result is referenced: once dropped (and collected), its blocks go.
   */
  @Test
  void distributionIsReleasedWhenTheResultIsDropped() throws Exception {
    int cachedBefore = cachedQueries();
    int newest = persistentIds().stream().mapToInt(i -> i).max().orElse(-1);
    Dataset<Row> scored = InfoSpark.surprisal(rows(new Object[] {"a", 1.0}, new Object[] {"a", 2.0},
        new Object[] {"b", 3.0}), ProfileOptions.defaults().withColumns("x"));
    assertEquals(3, scored.filter("x_surprisal > 0").count());
    assertClose(Math.log(3.0 / 2), surprisalOf(scored, "x", "a"), 1e-15);
    assertEquals(cachedBefore, cachedQueries(), "nothing in Spark's query cache (held until unpersist)");
    scored = null;
    long end = System.nanoTime() + 120_000_000_000L;
    while (persistedSince(newest) > 0 && System.nanoTime() < end) {
      System.gc();
      Thread.sleep(200);
    }
    assertEquals(0, persistedSince(newest), "the distribution's blocks are released");
  }

  /** Whether Spark's query cache holds anything (sharedState is the classic session's: by reflection, for both Spark lines). */
  private int cachedQueries() throws ReflectiveOperationException {
    Object shared = spark.getClass().getMethod("sharedState").invoke(spark);
    Object cache = shared.getClass().getMethod("cacheManager").invoke(shared);
    return (Boolean) cache.getClass().getMethod("isEmpty").invoke(cache) ? 0 : 1;
  }

  private int persistedSince(int newest) {
    return (int) persistentIds().stream().filter(i -> i > newest).count();
  }

  private java.util.Set<Integer> persistentIds() {
    return org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()).getPersistentRDDs().keySet();
  }
}
