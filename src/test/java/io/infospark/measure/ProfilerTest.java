package io.infospark.measure;

import static io.infospark.testing.Approx.PARTITION_INVARIANT;
import static io.infospark.testing.Approx.REFERENCE;
import static io.infospark.testing.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.core.BadInputException;
import io.infospark.core.LogBase;
import io.infospark.engine.CountRequest;
import io.infospark.engine.CountResult;
import io.infospark.engine.ValueCounter;
import io.infospark.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ProfilerTest {
  private final SparkSession spark = SparkTestSession.get();

  static Dataset<Row> csv(SparkSession spark, String path) {
    return spark.read().option("header", "true").option("inferSchema", "true").csv(path);
  }

  private Dataset<Row> table(StructType schema, Object[]... rows) {
    List<Row> list = new ArrayList<>();
    for (Object[] r : rows) {
      list.add(RowFactory.create(r));
    }
    return spark.createDataFrame(list, schema);
  }

  /**
   * Every column of the shipped birdstrikes table against scipy 1.10.1:
   * <pre>
   * d = pd.read_csv('data/birdstrikes.csv', keep_default_na=False, na_values=[''])
   * for c in d.columns:
   *     vc = d[c].value_counts(dropna=True)
   *     print(c, len(d) - d[c].notna().sum(), len(vc), entropy(vc.values), entropy(vc.values, base=2))
   * </pre>
   */
  @Test
  void birdstrikesAgainstScipy() {
    Object[][] expected = {
        {"Airport Name", 0, 50, 3.752429147347176, 5.413610922164972},
        {"Aircraft Make Model", 0, 225, 3.8848658205013713, 5.604676653756362},
        {"Effect Amount of damage", 0, 6, 0.4517624269279769, 0.651755412988955},
        {"Flight Date", 0, 3625, 7.99808677585478, 11.53880012812529},
        {"Aircraft Airline Operator", 0, 46, 2.900843972953651, 4.185033214172871},
        {"Origin State", 0, 29, 3.093461190345299, 4.462921118493633},
        {"Phase of flight", 0, 7, 1.3916176097638022, 2.00767982441999},
        {"Wildlife Size", 0, 3, 0.904732121086618, 1.305252544424617},
        {"Wildlife Species", 0, 37, 1.9559496137237113, 2.821838807947882},
        {"Time of day", 0, 4, 0.991137030003692, 1.4299084780277422},
        {"Cost Other", 0, 65, 0.07222245831328229, 0.10419498244938226},
        {"Cost Repair", 0, 165, 0.17945292385040215, 0.258895843312},
        {"Cost Total $", 0, 196, 0.2110783845683143, 0.30452173865556054},
        {"Speed IAS in knots", 2836, 122, 3.323231621345437, 4.794409779840452},
    };
    Dataset<Row> df = csv(spark, "data/birdstrikes.csv");
    EntropyProfile nats = Profiler.profile(df, ProfileOptions.defaults());
    EntropyProfile bits = Profiler.profile(df, ProfileOptions.defaults().withBase(LogBase.TWO));
    assertEquals("nats", nats.unit());
    assertEquals("bits", bits.unit());
    assertEquals(expected.length, nats.columns().size());
    for (Object[] e : expected) {
      String c = (String) e[0];
      ColumnProfile p = nats.column(c);
      assertEquals(10_000.0, p.rows(), c);
      assertEquals(((Integer) e[1]).doubleValue(), p.nulls(), c);
      assertEquals(((Integer) e[2]).longValue(), p.estimate().distinct(), c);
      assertEquals(10_000.0 - (Integer) e[1], p.estimate().total(), c);
      assertClose((Double) e[3], p.estimate().entropy(), REFERENCE, c);
      assertClose((Double) e[4], bits.column(c).estimate().entropy(), REFERENCE, c);
    }
  }

  /**
   * Floating-point columns are binned; the bins follow numpy.histogram (20 equal-width bins):
   * <pre>
   * d = pd.read_csv('data/penguins.csv')
   * for c in ['Beak Length (mm)', 'Beak Depth (mm)']:
   *     cnt, edges = np.histogram(d[c].dropna().values, bins=20); print(entropy(cnt[cnt > 0]))
   * </pre>
   */
  @Test
  void penguinsFloatColumnsAreBinnedAsNumpyHistogram() {
    Dataset<Row> df = csv(spark, "data/penguins.csv");
    EntropyProfile p = Profiler.profile(df, ProfileOptions.defaults()
        .withColumns("Beak Length (mm)", "Beak Depth (mm)", "Species", "Sex"));
    assertClose(2.6986646534973957, p.column("Beak Length (mm)").estimate().entropy(), REFERENCE);
    assertClose(2.875560415820785, p.column("Beak Depth (mm)").estimate().entropy(), REFERENCE);
    assertEquals(2.0, p.column("Beak Depth (mm)").nulls());
    assertTrue(p.column("Beak Depth (mm)").binning().startsWith("equal-width: 20 bins on [13.1, 21.5]"),
        p.column("Beak Depth (mm)").binning());
    assertNull(p.column("Species").binning());
    // Species: value_counts -> entropy = 1.0491553862814396; Sex has 10 nulls, 3 values (incl. '.')
    assertClose(1.0491553862814396, p.column("Species").estimate().entropy(), REFERENCE);
    assertClose(0.7114195806014211, p.column("Sex").estimate().entropy(), REFERENCE);
    assertEquals(10.0, p.column("Sex").nulls());
  }

  @Test
  void samePartitioningIndependentResults() {
    Dataset<Row> df = csv(spark, "data/birdstrikes.csv").cache();
    ProfileOptions o = ProfileOptions.defaults().withNulls(NullPolicy.CATEGORY);
    EntropyProfile one = Profiler.profile(df.repartition(1), o);
    for (int parts : new int[] {2, 7, 64}) {
      EntropyProfile other = Profiler.profile(df.repartition(parts), o);
      for (ColumnProfile c : one.columns()) {
        ColumnProfile d = other.column(c.column());
        assertEquals(c.estimate().distinct(), d.estimate().distinct());
        assertClose(c.estimate().entropy(), d.estimate().entropy(), PARTITION_INVARIANT, c.column());
        assertClose(c.estimate().chaoShen(), d.estimate().chaoShen(), PARTITION_INVARIANT, c.column());
        assertClose(c.estimate().stdError(), d.estimate().stdError(), PARTITION_INVARIANT, c.column());
      }
    }
    df.unpersist();
  }

  /**
   * Quantile bins are numpy's exact quantiles (method 'linear', the default), repeated edges
   * merged, on any partitioning; the bins then count as np.searchsorted does:
   * <pre>
   * d = pd.read_csv('data/seattle-weather.csv')
   * for c in ['precipitation', 'temp_max', 'wind']:
   *     v = d[c].dropna().values
   *     e = np.unique(np.quantile(v, np.arange(17) / 16)); m = len(e) - 1
   *     idx = np.clip(np.searchsorted(e, v, side='right') - 1, 0, m - 1)
   *     cnt = np.bincount(idx, minlength=m); print(c, e.tolist(), entropy(cnt[cnt > 0]))
   * </pre>
   */
  @Test
  void quantileBinsAreNumpysExactQuantilesOnAnyPartitioning() {
    Dataset<Row> df = csv(spark, "data/seattle-weather.csv").cache();
    ProfileOptions o = ProfileOptions.defaults().withBinning(Binning.QUANTILE).withBins(16);
    double[][] expected = {
        {0.0, 0.5, 1.5, 2.8, 4.6, 8.1, 14.425, 55.9},
        {-1.6, 6.7, 8.3, 9.4, 10.6, 11.7, 12.8, 14.4, 15.6, 17.2, 18.9, 20.6, 22.2, 23.9, 25.6, 28.3, 35.6},
        {0.4, 1.4, 1.8, 2.0, 2.2, 2.4, 2.6, 2.8, 3.0, 3.1, 3.4, 3.7, 4.0, 4.5, 5.0, 5.8, 9.5}};
    double[] entropy = {1.365156550290329, 2.7625946912986823, 2.7609835033439634};
    List<String> cols = List.of("precipitation", "temp_max", "wind");
    for (int parts : new int[] {1, 3, 64}) {
      Map<String, BinSpec> bins = Profiler.binSpecs(df.repartition(parts), cols, o);
      EntropyProfile p = Profiler.profile(df.repartition(parts), o.withColumns(cols));
      for (int c = 0; c < cols.size(); c++) {
        double[] e = bins.get(cols.get(c)).edges();
        assertEquals(expected[c].length, e.length, cols.get(c));
        for (int i = 0; i < e.length; i++) {
          assertClose(expected[c][i], e[i], 1e-14, cols.get(c) + " edge " + i);
        }
        assertClose(entropy[c], p.column(cols.get(c)).estimate().entropy(), REFERENCE, cols.get(c));
      }
    }
    assertTrue(Profiler.profile(df, o.withColumns("wind")).column("wind").binning()
        .startsWith("quantile: 16 bins on [0.4, 9.5]"));
    df.unpersist();
  }

  /**
   * Null, NaN and ±∞ are left out of the quantiles (they keep bins of their own); −0.0 is 0.0;
   * values over the whole double range. numpy:
   * {@code np.quantile([2.0, -0.0, 0.0, 1e-300, 7.5, 7.5, 7.5, -3.25, 1e300, 4.0], np.arange(8) / 7)}
   * = [-3.25, 0.0, 5.714285714285712e-301, 1.7142857142857135, 4.499999999999998, 7.5, 7.5, 1e+300].
   */
  @Test
  void quantileBinsLeaveOutNullNanAndInfinities() {
    StructType schema = new StructType().add("x", DataTypes.DoubleType);
    Object[][] rows = {{2.0}, {-0.0}, {0.0}, {1e-300}, {7.5}, {Double.NaN}, {7.5}, {7.5}, {-3.25}, {null},
        {1e300}, {Double.POSITIVE_INFINITY}, {4.0}, {Double.NEGATIVE_INFINITY}};
    Dataset<Row> df = table(schema, rows);
    double[] expected = {-3.25, 0.0, 5.714285714285712e-301, 1.7142857142857135, 4.499999999999998, 7.5, 1e+300};
    ProfileOptions o = ProfileOptions.defaults().withBinning(Binning.QUANTILE).withBins(7);
    for (int parts : new int[] {1, 5}) {
      double[] e = Profiler.binSpecs(df.repartition(parts), List.of("x"), o).get("x").edges();
      assertEquals(expected.length, e.length, Arrays.toString(e));
      for (int i = 0; i < e.length; i++) {
        assertTrue(Math.abs(expected[i] - e[i]) <= 1e-14 * Math.abs(expected[i]), i + ": " + Arrays.toString(e));
      }
    }
    // all values non-finite: no finite bins, as with equal-width
    Dataset<Row> none = table(schema, new Object[] {Double.NaN}, new Object[] {null});
    assertEquals(0, Profiler.binSpecs(none, List.of("x"), o).get("x").bins());
  }

  @Test
  void tinyCounterTablesFlushAndStillCountExactly() {
    Dataset<Row> df = spark.range(0, 20_000).select(
        functions.col("id").mod(7).as("small"),
        functions.col("id").cast("string").as("unique"),
        functions.col("id").divide(3).cast("long").as("triples"));
    EntropyProfile normal = Profiler.profile(df, ProfileOptions.defaults());
    spark.conf().set("spark.infospark.counter.maxEntries", "100");
    try {
      EntropyProfile flushed = Profiler.profile(df.repartition(3), ProfileOptions.defaults());
      for (ColumnProfile c : normal.columns()) {
        assertEquals(c.estimate().distinct(), flushed.column(c.column()).estimate().distinct());
        assertClose(c.estimate().entropy(), flushed.column(c.column()).estimate().entropy(), PARTITION_INVARIANT);
      }
    } finally {
      spark.conf().unset("spark.infospark.counter.maxEntries");
    }
    assertClose(Math.log(20_000), normal.column("unique").estimate().entropy(), 1e-14);
    assertClose(Math.log(7), normal.column("small").estimate().entropy(), 1e-4);
  }

  /** Merge law at the value-count level: counts(A) + counts(B) = counts(A ∪ B). */
  @Test
  void countsOfAUnionAreTheSumOfCounts() {
    Dataset<Row> df = csv(spark, "data/birdstrikes.csv");
    Dataset<Row> a = df.limit(3000);
    Dataset<Row> b = df.exceptAll(a);
    CountRequest request = CountRequest.of(Profiler.columns(df, List.of("Origin State", "Speed IAS in knots"),
        ProfileOptions.defaults(), Map.of()));
    Dataset<Row> ca = values(a, request);
    Dataset<Row> cb = values(b, request);
    Dataset<Row> merged = ca.union(cb).groupBy("column", "value", "is_null", "key", "key_bytes")
        .agg(functions.sum("count").as("count"), functions.sum("weight").as("weight"));
    Dataset<Row> whole = values(df, request).select("column", "value", "is_null", "key", "key_bytes", "count", "weight");
    assertEquals(0, merged.exceptAll(whole).count());
    assertEquals(0, whole.exceptAll(merged).count());
  }

  private static Dataset<Row> values(Dataset<Row> df, CountRequest request) {
    try (CountResult counts = ValueCounter.count(df, request)) {
      return counts.values();
    }
  }

  @Test
  void weightsEqualRepeatedRows() {
    StructType s = new StructType().add("city", DataTypes.StringType).add("w", DataTypes.IntegerType);
    Dataset<Row> weighted = table(s, new Object[] {"a", 3}, new Object[] {"b", 1}, new Object[] {"c", 2},
        new Object[] {"a", 2}, new Object[] {null, 4});
    Dataset<Row> repeated = table(s, new Object[] {"a", 1}, new Object[] {"a", 1}, new Object[] {"a", 1},
        new Object[] {"a", 1}, new Object[] {"a", 1}, new Object[] {"b", 1}, new Object[] {"c", 1},
        new Object[] {"c", 1}, new Object[] {null, 1}, new Object[] {null, 1}, new Object[] {null, 1},
        new Object[] {null, 1});
    ColumnProfile w = Profiler.profile(weighted, ProfileOptions.defaults().withWeight("w")).column("city");
    ColumnProfile r = Profiler.profile(repeated, ProfileOptions.defaults().withColumns("city")).column("city");
    assertClose(r.estimate().entropy(), w.estimate().entropy(), 1e-14);
    assertClose(r.estimate().millerMadow(), w.estimate().millerMadow(), 1e-14);
    assertClose(r.estimate().stdError(), w.estimate().stdError(), 1e-14);
    assertEquals(r.rows(), w.rows());
    assertEquals(4.0, w.nulls());
    assertNull(w.estimate().chaoShen());
    assertNotNull(w.estimate().reason());
  }

  @Test
  void nullsDroppedOrCounted() {
    StructType s = new StructType().add("x", DataTypes.StringType);
    Dataset<Row> df = table(s, new Object[] {"a"}, new Object[] {"b"}, new Object[] {null}, new Object[] {null});
    ColumnProfile drop = Profiler.profile(df, ProfileOptions.defaults()).column("x");
    ColumnProfile cat = Profiler.profile(df, ProfileOptions.defaults().withNulls(NullPolicy.CATEGORY)).column("x");
    assertClose(Math.log(2), drop.estimate().entropy(), 1e-15);
    assertEquals(2.0, drop.estimate().total());
    assertEquals(4.0, drop.rows());
    assertClose(1.5 * Math.log(2), cat.estimate().entropy(), 1e-15); // (1/4, 1/4, 1/2)
    assertEquals(3, cat.estimate().distinct());
    assertEquals(2.0, cat.nulls());
    assertEquals(4.0, cat.rows());
  }

  @Test
  void nanIsAValueNotANull() {
    StructType s = new StructType().add("x", DataTypes.DoubleType);
    Dataset<Row> df = table(s, new Object[] {1.0}, new Object[] {Double.NaN}, new Object[] {2.0},
        new Object[] {Double.NaN}, new Object[] {null}, new Object[] {Double.POSITIVE_INFINITY});
    ColumnProfile exact = Profiler.profile(df, ProfileOptions.defaults().withBinning(Binning.EXACT)).column("x");
    assertEquals(4, exact.estimate().distinct()); // 1, 2, NaN, +Inf
    assertEquals(1.0, exact.nulls());
    ColumnProfile binned = Profiler.profile(df, ProfileOptions.defaults().withBins(1)).column("x");
    assertEquals(3, binned.estimate().distinct()); // [1, 2], NaN, +Inf
  }

  @Test
  void emptyTableAndAllNullColumnAreUndefined() {
    StructType s = new StructType().add("x", DataTypes.StringType).add("y", DataTypes.DoubleType);
    ColumnProfile empty = Profiler.profile(table(s), ProfileOptions.defaults()).column("x");
    assertNull(empty.estimate().entropy());
    assertNotNull(empty.estimate().reason());
    assertEquals(0.0, empty.rows());
    Dataset<Row> nulls = table(s, new Object[] {null, null}, new Object[] {null, null});
    EntropyProfile p = Profiler.profile(nulls, ProfileOptions.defaults());
    assertNull(p.column("y").estimate().entropy());
    assertEquals(2.0, p.column("y").nulls());
    assertTrue(p.column("y").binning().contains("no finite values"));
  }

  @Test
  void awkwardColumnNames() {
    StructType s = new StructType().add("a.b", DataTypes.StringType).add("with space", DataTypes.IntegerType)
        .add("back`tick", DataTypes.StringType).add("城市", DataTypes.StringType).add("it's", DataTypes.LongType);
    Dataset<Row> df = table(s, new Object[] {"x", 1, "p", "北京", 1L}, new Object[] {"y", 1, "q", "上海", 2L});
    EntropyProfile p = Profiler.profile(df, ProfileOptions.defaults());
    assertClose(Math.log(2), p.column("a.b").estimate().entropy(), 1e-15);
    assertEquals(0.0, p.column("with space").estimate().entropy());
    assertClose(Math.log(2), p.column("back`tick").estimate().entropy(), 1e-15);
    assertClose(Math.log(2), p.column("城市").estimate().entropy(), 1e-15);
    assertClose(Math.log(2), p.column("it's").estimate().entropy(), 1e-15);
  }

  @Test
  void everyAtomicTypeCounts() {
    Dataset<Row> df = spark.sql("SELECT id % 2 = 0 AS b, CAST(id % 3 AS TINYINT) AS t, CAST(id % 3 AS SMALLINT) AS sm,"
        + " CAST(id % 3 AS INT) AS i, id % 3 AS l, CAST(id % 3 AS FLOAT) AS f, CAST(id % 3 AS DECIMAL(10,2)) AS d,"
        + " CAST(id % 3 AS DECIMAL(30,2)) AS wide, DATE_ADD(DATE'2024-01-01', CAST(id % 3 AS INT)) AS dt,"
        + " TIMESTAMP_SECONDS(id % 3) AS ts, CAST(TIMESTAMP_SECONDS(id % 3) AS TIMESTAMP_NTZ) AS ntz,"
        + " CAST(CAST(id % 3 AS STRING) AS BINARY) AS bin, NULL AS nothing FROM range(9)");
    EntropyProfile p = Profiler.profile(df, ProfileOptions.defaults().withBinning(Binning.EXACT));
    for (ColumnProfile c : p.columns()) {
      if (c.column().equals("b")) {
        assertClose(-(5.0 / 9 * Math.log(5.0 / 9) + 4.0 / 9 * Math.log(4.0 / 9)), c.estimate().entropy(), 1e-15);
      } else if (c.column().equals("nothing")) {
        assertNull(c.estimate().entropy());
        assertEquals(9.0, c.nulls());
      } else {
        assertClose(Math.log(3), c.estimate().entropy(), 1e-15, c.column());
      }
    }
  }

  @Test
  void badInputNamesTheColumn() {
    Dataset<Row> df = csv(spark, "data/penguins.csv");
    BadInputException missing = assertThrows(BadInputException.class,
        () -> Profiler.profile(df, ProfileOptions.defaults().withColumns("Species", "Specie")));
    assertTrue(missing.getMessage().contains("'Specie' not found") && missing.getMessage().contains("Species"),
        missing.getMessage());
    Dataset<Row> arrays = spark.sql("SELECT array(1, 2) AS xs");
    BadInputException type = assertThrows(BadInputException.class, () -> Profiler.profile(arrays, ProfileOptions.defaults()));
    assertTrue(type.getMessage().contains("'xs'") && type.getMessage().contains("array<int>"), type.getMessage());
    assertThrows(BadInputException.class, () -> ProfileOptions.defaults().withBins(0));
  }

  @Test
  void badWeightsAreRefusedWithCounts() {
    StructType s = new StructType().add("x", DataTypes.StringType).add("w", DataTypes.DoubleType);
    Dataset<Row> df = table(s, new Object[] {"a", 1.0}, new Object[] {"b", -2.0}, new Object[] {"c", null},
        new Object[] {"d", Double.NaN}, new Object[] {"e", -1.0});
    BadInputException e = assertThrows(BadInputException.class,
        () -> Profiler.profile(df, ProfileOptions.defaults().withWeight("w")));
    assertTrue(e.getMessage().startsWith("weight column 'w'"), e.getMessage());
    assertTrue(e.getMessage().contains("1 null") && e.getMessage().contains("1 NaN")
        && e.getMessage().contains("2 negative"), e.getMessage());
    Dataset<Row> text = table(new StructType().add("x", DataTypes.StringType).add("w", DataTypes.StringType),
        new Object[] {"a", "heavy"});
    assertThrows(BadInputException.class, () -> Profiler.profile(text, ProfileOptions.defaults().withWeight("w")));
  }

  @Test
  void readableTable() {
    String t = Profiler.profile(csv(spark, "data/penguins.csv"), ProfileOptions.defaults()).toString();
    assertTrue(t.contains("Species") && t.contains("unit: nats"), t);
    // the plug-in table: a header and 7 columns before the unit line; then the small-sample table
    String[] blocks = t.split("unit: nats[^\n]*\n");
    assertEquals(8, blocks[0].lines().count(), t);
    assertEquals(8, blocks[1].lines().filter(l -> !l.startsWith("*")).count(), t);
    assertTrue(blocks[1].startsWith("column") && blocks[1].contains("coverage") && blocks[1].contains("nsb"), t);
  }
}
