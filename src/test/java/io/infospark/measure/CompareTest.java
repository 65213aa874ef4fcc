package io.infospark.measure;

import static io.infospark.testing.Approx.PARTITION_INVARIANT;
import static io.infospark.testing.Approx.REFERENCE;
import static io.infospark.testing.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.core.BadInputException;
import io.infospark.core.DivergenceEstimate;
import io.infospark.core.LogBase;
import io.infospark.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class CompareTest {
  private final SparkSession spark = SparkTestSession.get();

  private Dataset<Row> weather() {
    return ProfilerTest.csv(spark, "data/seattle-weather.csv");
  }

  private Dataset<Row> year(int y) {
    return weather().where(functions.year(functions.col("date")).equalTo(y));
  }

  private Dataset<Row> table(StructType schema, Object[]... rows) {
    List<Row> list = new ArrayList<>();
    for (Object[] r : rows) {
      list.add(RowFactory.create(r));
    }
    return spark.createDataFrame(list, schema);
  }

  /**
   * The weather type of 2013 (p) against 2012 (q), rows of data/seattle-weather.csv split by year,
   * against scipy 1.10.1:
   * <pre>
   * w = pd.read_csv('data/seattle-weather.csv'); w['year'] = w['date'].str[:4]
   * p, q = w[w.year == '2013'].weather.value_counts(), w[w.year == '2012'].weather.value_counts()
   * u = sorted(set(p.index) | set(q.index)); pc = np.array([p.get(v, 0) for v in u], float); qc = ...
   * entropy(pc), entropy(qc), entropy(pc, qc), entropy(qc, pc), jensenshannon(pc, qc)**2
   * pn, qn = pc/pc.sum(), qc/qc.sum(); ((pn-qn)*np.log(pn/qn)).sum(); -(pn*np.log(qn)).sum()
   * </pre>
   */
  @Test
  void seattleWeather2013Against2012() {
    Comparison c = DistributionComparison.compare(year(2013), year(2012), CompareOptions.defaults().withColumns("weather"));
    ColumnComparison w = c.column("weather");
    DivergenceEstimate e = w.estimate();
    assertEquals(365.0, w.countP());
    assertEquals(366.0, w.countQ());
    assertEquals(5, e.distinctUnion());
    assertClose(1.0240412700078325, e.entropyP(), REFERENCE);
    assertClose(1.136073840130173, e.entropyQ(), REFERENCE);
    assertClose(1.1311757343785702, e.crossEntropy(), REFERENCE);
    assertClose(0.10713446437073747, e.kl(), REFERENCE);
    assertClose(0.13014204523842132, e.klReverse(), REFERENCE);
    assertClose(0.02771188842745214, e.js(), REFERENCE);
    assertClose(0.23727650960915883, e.psi(), REFERENCE);
    assertClose(e.crossEntropy(), e.entropyP() + e.kl(), 1e-15);
    assertEquals("nats", c.unit());
  }

  /**
   * 2012 (p) against 2015 (q): 2015 has no snow, so KL(p‖q) is +∞ and snow is named; with α = 1
   * (scipy: {@code entropy(pc + 1, qc + 1)}, {@code jensenshannon(pc + 1, qc + 1)**2}) it is finite.
   */
  @Test
  void supportMismatchIsInfiniteAndNamed() {
    CompareOptions o = CompareOptions.defaults().withColumns("weather");
    ColumnComparison w = DistributionComparison.compare(year(2012), year(2015), o).column("weather");
    assertEquals(Double.POSITIVE_INFINITY, w.estimate().kl());
    assertEquals(Double.POSITIVE_INFINITY, w.estimate().crossEntropy());
    assertEquals(Double.POSITIVE_INFINITY, w.estimate().psi());
    assertEquals(1, w.supportMismatch());
    assertEquals(List.of("snow"), w.onlyInP());
    assertEquals(List.of(), w.onlyInQ());
    assertClose(0.3370450241369297, w.estimate().klReverse(), REFERENCE);
    assertClose(0.07125875297680738, w.estimate().js(), REFERENCE);
    ColumnComparison s = DistributionComparison.compare(year(2012), year(2015), o.withSmoothing(1.0)).column("weather");
    assertClose(0.3093193083478865, s.estimate().kl(), REFERENCE);
    assertClose(0.30500862255872185, s.estimate().klReverse(), REFERENCE);
    assertClose(0.06446592255199687, s.estimate().js(), REFERENCE);
    assertClose(0.6143279309066083, s.estimate().psi(), REFERENCE);
    assertClose(1.1512105618299457, s.estimate().entropyP(), REFERENCE);
    assertEquals(0, s.supportMismatch());
    assertEquals(1.0, s.smoothing());
    ColumnComparison zero = DistributionComparison.compare(year(2012), year(2015), o.withSmoothing(0.0)).column("weather");
    assertEquals(w.estimate(), zero.estimate());
  }

  /**
   * precipitation (a double) of 2013 against 2012: 20 equal-width bins on 2012's range shared by
   * both sides; numpy, with p's values clipped into the end bins:
   * <pre>
   * qc, edges = np.histogram(q, bins=20)
   * binit = lambda x: np.clip(np.searchsorted(edges, x, side='right') - 1, 0, 19)
   * pc = np.bincount(binit(p), minlength=20); m = (pc + qc) > 0
   * entropy(pc[m]), entropy(qc[m]), jensenshannon(pc[m], qc[m])**2
   * entropy(pc[m] + .5, qc[m] + .5), entropy(qc[m] + .5, pc[m] + .5), jensenshannon(pc[m] + .5, qc[m] + .5)**2
   * </pre>
   */
  @Test
  void floatColumnsShareTheReferenceBins() {
    CompareOptions o = CompareOptions.defaults().withColumns("precipitation");
    ColumnComparison c = DistributionComparison.compare(year(2013), year(2012), o).column("precipitation");
    assertTrue(c.binning().startsWith("equal-width: 20 bins on [0, 54.1]"), c.binning());
    assertClose(0.8934362227745457, c.estimate().entropyP(), REFERENCE);
    assertClose(1.209267276490981, c.estimate().entropyQ(), REFERENCE);
    assertClose(0.01907556274300975, c.estimate().js(), REFERENCE);
    assertEquals(Double.POSITIVE_INFINITY, c.estimate().kl());
    assertEquals(Double.POSITIVE_INFINITY, c.estimate().klReverse());
    // bins 9, 14 (2 rows of p) and 16 are empty in q: most frequent first, then in bin order
    assertEquals(3, c.supportMismatch());
    assertEquals(List.of("[37.87, 40.575)", "[24.345, 27.05)", "[43.28, 45.985)"), c.onlyInP());
    ColumnComparison s = DistributionComparison.compare(year(2013), year(2012), o.withSmoothing(0.5)).column("precipitation");
    assertClose(0.04944003301311389, s.estimate().kl(), REFERENCE);
    assertClose(0.06250202034006778, s.estimate().klReverse(), REFERENCE);
    assertClose(0.013179518477207506, s.estimate().js(), REFERENCE);
  }

  @Test
  void sameDataHasZeroDivergence() {
    Dataset<Row> w = weather();
    Comparison c = DistributionComparison.compare(w, w, CompareOptions.defaults());
    assertEquals(6, c.columns().size());
    for (ColumnComparison col : c.columns()) {
      DivergenceEstimate e = col.estimate();
      assertEquals(0.0, e.kl(), 0.0, col.column());
      assertEquals(0.0, e.klReverse(), 0.0, col.column());
      assertEquals(0.0, e.js(), 0.0, col.column());
      assertEquals(0.0, e.psi(), 0.0, col.column());
      assertEquals(e.entropyP(), e.crossEntropy(), 0.0, col.column());
      assertEquals(e.entropyP(), e.entropyQ(), 0.0, col.column());
    }
    // H(p,q) > H(p) when p != q (Gibbs)
    ColumnComparison d = DistributionComparison.compare(year(2013), year(2014), CompareOptions.defaults()
        .withColumns("weather", "temp_max").withSmoothing(0.5)).column("temp_max");
    assertTrue(d.estimate().crossEntropy() > d.estimate().entropyP());
  }

  @Test
  void twoColumnsOfOneDataFrame() {
    // temp_max vs temp_min, both doubles: bins from temp_min (the reference); JS symmetric
    Dataset<Row> w = weather();
    CompareOptions o = CompareOptions.defaults().withSmoothing(0.5);
    ColumnComparison ab = DistributionComparison.compareColumns(w, "temp_max", "temp_min", o).columns().get(0);
    assertEquals("temp_max", ab.column());
    assertEquals("temp_min", ab.referenceColumn());
    assertEquals(1461.0, ab.countP());
    // the same columns split into two DataFrames give the same answer
    Dataset<Row> p = w.select(functions.col("temp_max").as("t"));
    Dataset<Row> q = w.select(functions.col("temp_min").as("t"));
    ColumnComparison split = DistributionComparison.compare(p, q, o).column("t");
    assertClose(split.estimate().kl(), ab.estimate().kl(), PARTITION_INVARIANT);
    assertClose(split.estimate().js(), ab.estimate().js(), PARTITION_INVARIANT);
    // categorical: JS is symmetric
    Dataset<Row> s = table(new StructType().add("a", DataTypes.StringType).add("b", DataTypes.StringType),
        new Object[] {"x", "y"}, new Object[] {"x", "x"}, new Object[] {"y", "z"}, new Object[] {null, "x"});
    DivergenceEstimate xy = DistributionComparison.compareColumns(s, "a", "b", CompareOptions.defaults()).columns().get(0).estimate();
    DivergenceEstimate yx = DistributionComparison.compareColumns(s, "b", "a", CompareOptions.defaults()).columns().get(0).estimate();
    assertClose(xy.js(), yx.js(), 1e-15);
    assertClose(xy.klReverse(), yx.kl(), 1e-15);
    assertEquals(Double.POSITIVE_INFINITY, yx.kl());
    assertTrue(xy.js() <= Math.log(2));
  }

  @Test
  void partitioningDoesNotChangeTheResult() {
    Dataset<Row> p = year(2013).cache();
    Dataset<Row> q = year(2012).cache();
    CompareOptions o = CompareOptions.defaults().withSmoothing(0.25).withNulls(NullPolicy.CATEGORY);
    Comparison one = DistributionComparison.compare(p.repartition(1), q.repartition(1), o);
    for (int parts : new int[] {2, 7, 64}) {
      Comparison other = DistributionComparison.compare(p.repartition(parts), q.repartition(parts + 1), o);
      for (ColumnComparison c : one.columns()) {
        DivergenceEstimate a = c.estimate();
        DivergenceEstimate b = other.column(c.column()).estimate();
        assertClose(a.entropyP(), b.entropyP(), PARTITION_INVARIANT, c.column());
        assertClose(a.kl(), b.kl(), PARTITION_INVARIANT, c.column());
        assertClose(a.klReverse(), b.klReverse(), PARTITION_INVARIANT, c.column());
        assertClose(a.js(), b.js(), PARTITION_INVARIANT, c.column());
        assertClose(a.psi(), b.psi(), PARTITION_INVARIANT, c.column());
      }
    }
    p.unpersist();
    q.unpersist();
  }

  @Test
  void nullsAndTypesAreDecoded() {
    Dataset<Row> p = spark.sql("SELECT * FROM VALUES (1, DATE'2024-01-01', true, CAST(1.5 AS DECIMAL(5,2)), 'ü'),"
        + " (2, DATE'2024-01-02', false, CAST(2.5 AS DECIMAL(5,2)), 'a'), (NULL, NULL, NULL, NULL, NULL)"
        + " AS t(i, d, b, m, s)");
    Dataset<Row> q = spark.sql("SELECT * FROM VALUES (1, DATE'2024-01-01', true, CAST(1.5 AS DECIMAL(5,2)), 'a')"
        + " AS t(i, d, b, m, s)");
    Comparison drop = DistributionComparison.compare(p, q, CompareOptions.defaults());
    assertEquals(List.of("2"), drop.column("i").onlyInP());
    assertEquals(List.of("2024-01-02"), drop.column("d").onlyInP());
    assertEquals(List.of("false"), drop.column("b").onlyInP());
    assertEquals(List.of("2.50"), drop.column("m").onlyInP());
    assertEquals(List.of("ü"), drop.column("s").onlyInP());
    assertEquals(1.0, drop.column("i").nullsP());
    assertEquals(2.0, drop.column("i").countP());
    Comparison cat = DistributionComparison.compare(p, q, CompareOptions.defaults().withNulls(NullPolicy.CATEGORY));
    assertEquals(List.of("2", "null"), cat.column("i").onlyInP().stream().sorted().toList());
    assertEquals(2, cat.column("i").supportMismatch());
    assertEquals(3.0, cat.column("i").countP());
  }

  @Test
  void emptySideIsUndefinedWithAReason() {
    Dataset<Row> w = weather();
    ColumnComparison c = DistributionComparison.compare(w.limit(0), w, CompareOptions.defaults().withColumns("weather"))
        .column("weather");
    assertNull(c.estimate().kl());
    assertTrue(c.estimate().reason().contains("the input (p)"), c.estimate().reason());
  }

  @Test
  void badInputNamesTheColumn() {
    Dataset<Row> w = weather();
    Dataset<Row> fewer = w.drop("wind");
    BadInputException one = assertThrows(BadInputException.class,
        () -> DistributionComparison.compare(w, fewer, CompareOptions.defaults()));
    assertTrue(one.getMessage().contains("'wind'") && one.getMessage().contains("not in the reference"), one.getMessage());
    BadInputException other = assertThrows(BadInputException.class,
        () -> DistributionComparison.compare(fewer, w, CompareOptions.defaults().withColumns("wind")));
    assertTrue(other.getMessage().contains("'wind'") && other.getMessage().contains("not in the input"), other.getMessage());
    Dataset<Row> cast = w.withColumn("wind", functions.col("wind").cast("string"));
    BadInputException type = assertThrows(BadInputException.class,
        () -> DistributionComparison.compare(w, cast, CompareOptions.defaults().withColumns("wind")));
    assertTrue(type.getMessage().contains("'wind' has type double") && type.getMessage().contains("string"),
        type.getMessage());
    assertThrows(BadInputException.class,
        () -> DistributionComparison.compareColumns(w, "wind", "weather", CompareOptions.defaults()));
    BadInputException alpha = assertThrows(BadInputException.class, () -> CompareOptions.defaults().withSmoothing(-0.5));
    assertTrue(alpha.getMessage().startsWith("smoothing:"), alpha.getMessage());
    assertThrows(BadInputException.class, () -> CompareOptions.defaults().withSmoothing(Double.NaN));
    BadInputException missing = assertThrows(BadInputException.class,
        () -> DistributionComparison.compare(w, w, CompareOptions.defaults().withColumns("rainfall")));
    assertTrue(missing.getMessage().contains("'rainfall' not found"), missing.getMessage());
  }

  @Test
  void tableThresholdsAndDataFrame() {
    Comparison c = DistributionComparison.compare(year(2012), year(2015), CompareOptions.defaults()
        .withColumns("weather", "wind").withBase(LogBase.TWO));
    String t = c.toString();
    assertTrue(t.contains("Infinity") && t.contains("snow") && t.contains("unit: bits"), t);
    List<String> over = c.exceeded(0.1, null, null);
    assertTrue(over.get(0).startsWith("column 'weather': kl = Infinity bits exceeds max-kl 0.1"), over.get(0));
    assertTrue(over.get(0).contains("snow"), over.get(0));
    assertTrue(c.exceeded(null, 1.0, null).isEmpty());
    Dataset<Row> df = c.toDataFrame(spark);
    Row r = df.where("column = 'weather'").first();
    assertEquals(Double.POSITIVE_INFINITY, r.getDouble(r.fieldIndex("kl")));
    assertEquals("bits", r.getString(r.fieldIndex("unit")));
    assertEquals(List.of("snow"), r.getList(r.fieldIndex("examples")));
  }
}
