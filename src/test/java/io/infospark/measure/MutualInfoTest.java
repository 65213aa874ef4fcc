package io.infospark.measure;

import static io.infospark.testing.Approx.PARTITION_INVARIANT;
import static io.infospark.testing.Approx.REFERENCE;
import static io.infospark.testing.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.core.BadInputException;
import io.infospark.core.LogBase;
import io.infospark.core.MutualInfoEstimate;
import io.infospark.testing.SparkTestSession;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

class MutualInfoTest {
  private final SparkSession spark = SparkTestSession.get();

  /**
   * Reference values from scikit-learn 1.2.1 and scipy 1.10.1, each pair over its complete cases:
   * <pre>
   * def mi(d, x, y):
   *     s = d[[x, y]].dropna()
   *     I = mutual_info_score(s[x], s[y])
   *     nmi = normalized_mutual_info_score(s[x], s[y], average_method='arithmetic')
   *     hxy = entropy(s.groupby([x, y]).size().values)
   *     g, pv, dof, _ = chi2_contingency(pd.crosstab(s[x], s[y]).values, correction=False,
   *                                      lambda_='log-likelihood')
   *     kx, ky, kxy, n = s[x].nunique(), s[y].nunique(), len(s.groupby([x, y])), len(s)
   *     mm = I + (kx + ky - kxy - 1) / (2 * n)
   * pg = pd.read_csv('data/penguins.csv'); mi(pg, 'Species', 'Island'); mi(pg, 'Sex', 'Species')
   * </pre>
   * {n, I, H(X), H(Y), H(X,Y), NMI, G, p, df, MM}
   */
  @Test
  void penguinsAgainstSklearnAndScipy() {
    Dataset<Row> df = ProfilerTest.csv(spark, "data/penguins.csv");
    MutualInfoTable t = MutualInfo.measure(df, MutualInfoOptions.defaults().withColumns("Species", "Island", "Sex"));
    assertEquals(3, t.pairs().size());
    check(t.pair("Species", "Island"), 344, 0.5201571711238806, 1.0491553862814396, 1.0034162619053568,
        1.532414477062916, 0.5068346058305716, 357.86813373322957, 3.50780571488802e-76, 4, 0.5201571711238806);
    PairInformation sex = t.pair("Species", "Sex");
    assertEquals(10, sex.rowsDropped());
    // sklearn's x = Sex, y = Species: swap the marginals
    check(new PairInformation("Sex", "Species", 344, 10, swap(sex.estimate())), 334, 0.0031456121960037157,
        0.7114195806014211, 1.053559855685569, 1.7618338240909865, 0.0035644746123741577, 2.1012689469302623,
        0.7171392616866872, 4, 0.00015160021995581138);
  }

  /**
   * birdstrikes: every listed column against the target 'Effect Amount of damage' (same Python as
   * above with b = pd.read_csv('data/birdstrikes.csv', keep_default_na=False, na_values=[''])).
   * 'Speed IAS in knots' has 2,836 nulls, so its pair's target marginal is summed from the pairs.
   */
  @Test
  void birdstrikesAgainstATargetSortedByInformation() {
    Dataset<Row> df = ProfilerTest.csv(spark, "data/birdstrikes.csv");
    MutualInfoTable t = MutualInfo.measure(df, MutualInfoOptions.defaults().withTarget("Effect Amount of damage")
        .withColumns("Time of day", "Wildlife Size", "Phase of flight", "Speed IAS in knots", "Origin State"));
    List<String> order = t.pairs().stream().map(PairInformation::x).toList();
    assertEquals(List.of("Wildlife Size", "Speed IAS in knots", "Origin State", "Phase of flight", "Time of day"), order);
    check(t.pair("Wildlife Size", "Effect Amount of damage"), 10000, 0.040842544890048606, 0.904732121086618,
        0.4517624269279769, 1.3156520031245478, 0.06021777964360694, 816.8508978009478, 4.915695384599913e-169, 10,
        0.04044254489004861);
    check(t.pair("Time of day", "Effect Amount of damage"), 10000, 0.0021561285200064166, 0.991137030003692,
        0.4517624269279769, 1.4407433284116642, 0.002988605352435891, 43.122570400088904, 0.00015069844813892733, 15,
        0.0016061285200064165);
    check(t.pair("Phase of flight", "Effect Amount of damage"), 10000, 0.013510697927855274, 1.3916176097638022,
        0.4517624269279769, 1.8298693387639253, 0.014658613697588072, 270.21395855708454, 1.8195614823313903e-40, 30,
        0.012660697927855274);
    check(t.pair("Speed IAS in knots", "Effect Amount of damage"), 7164, 0.03143241314185754, 3.323231621345437,
        0.437289253325948, 3.7290884615295274, 0.01671705287082299, 450.36361549652133, 0.9999994520467845, 605,
        0.02235926964660349);
    check(t.pair("Origin State", "Effect Amount of damage"), 10000, 0.018506860867475668, 3.093461190345299,
        0.4517624269279769, 3.5267167564058006, 0.01044044769266756, 370.1372173494984, 1.0935411215551527e-22, 140,
        0.014156860867475668);
    assertEquals(2836, t.pair("Speed IAS in knots", "Effect Amount of damage").rowsDropped());
  }

  @Test
  void independentColumnsHaveZeroAndAColumnWithItselfItsEntropy() {
    // a full cross product: every a with every b, twice
    Dataset<Row> df = spark.range(0, 5 * 7 * 2).select(functions.col("id").mod(5).as("a"),
        functions.col("id").divide(5).cast("long").mod(7).cast("string").as("b"),
        functions.col("id").mod(5).as("a2"));
    MutualInfoTable t = MutualInfo.measure(df, MutualInfoOptions.defaults().withBase(LogBase.TWO));
    MutualInfoEstimate ab = t.pair("a", "b").estimate();
    assertClose(0.0, ab.mutualInformation(), 1e-14);
    assertClose(0.0, ab.gStatistic(), 1e-12);
    assertClose(1.0, ab.pValue(), 1e-12);
    assertEquals(24L, ab.df());
    MutualInfoEstimate aa = t.pair("a", "a2").estimate();
    assertClose(Math.log(5) / Math.log(2), aa.mutualInformation(), 1e-15);
    assertEquals(aa.entropyX(), aa.mutualInformation(), 1e-15);
    assertEquals(0.0, aa.conditionalEntropyYGivenX(), 1e-15);
    assertEquals(1.0, aa.normalizedMi(), 1e-15);
    assertEquals("bits", t.unit());
  }

  @Test
  void nullsAsACategoryCountEveryRow() {
    Dataset<Row> df = ProfilerTest.csv(spark, "data/penguins.csv");
    MutualInfoTable t = MutualInfo.measure(df, MutualInfoOptions.defaults().withColumns("Species", "Sex")
        .withNulls(NullPolicy.CATEGORY));
    PairInformation p = t.pair("Species", "Sex");
    assertEquals(344, p.estimate().total());
    assertEquals(0, p.rowsDropped());
    assertEquals(4, p.estimate().distinctY()); // MALE, FEMALE, '.', null
  }

  @Test
  void partitioningDoesNotChangeTheResult() {
    Dataset<Row> df = ProfilerTest.csv(spark, "data/birdstrikes.csv").select("Wildlife Size", "Speed IAS in knots",
        "Effect Amount of damage", "Cost Total $").cache();
    MutualInfoOptions o = MutualInfoOptions.defaults();
    MutualInfoTable one = MutualInfo.measure(df.repartition(1), o);
    for (int parts : new int[] {2, 7, 64}) {
      MutualInfoTable other = MutualInfo.measure(df.repartition(parts), o);
      for (PairInformation p : one.pairs()) {
        MutualInfoEstimate a = p.estimate();
        MutualInfoEstimate b = other.pair(p.x(), p.y()).estimate();
        assertClose(a.mutualInformation(), b.mutualInformation(), PARTITION_INVARIANT, p.x() + "," + p.y());
        assertClose(a.jointEntropy(), b.jointEntropy(), PARTITION_INVARIANT);
        assertClose(a.pValue(), b.pValue(), PARTITION_INVARIANT);
        assertEquals(a.df(), b.df());
      }
    }
    df.unpersist();
  }

  @Test
  void badInput() {
    Dataset<Row> df = ProfilerTest.csv(spark, "data/penguins.csv");
    Dataset<Row> constant = df.withColumn("one", functions.lit("x"));
    BadInputException one = assertThrows(BadInputException.class,
        () -> MutualInfo.measure(constant, MutualInfoOptions.defaults().withTarget("one").withColumns("Species")));
    assertTrue(one.getMessage().startsWith("target: column 'one' has 1 distinct value"), one.getMessage());
    BadInputException missing = assertThrows(BadInputException.class,
        () -> MutualInfo.measure(df, MutualInfoOptions.defaults().withTarget("Specie")));
    assertTrue(missing.getMessage().contains("'Specie' not found"), missing.getMessage());
    assertThrows(BadInputException.class,
        () -> MutualInfo.measure(df, MutualInfoOptions.defaults().withColumns("Species")));
    // a constant feature: defined MI (0), undefined p-value with a reason
    MutualInfoTable t = MutualInfo.measure(constant, MutualInfoOptions.defaults().withTarget("Species")
        .withColumns("one", "Island"));
    PairInformation c = t.pair("one", "Species");
    assertEquals(0.0, c.estimate().mutualInformation());
    assertNull(c.estimate().pValue());
    assertTrue(c.estimate().reason().contains("single value"));
    assertEquals("Island", t.pairs().get(0).x());
  }

  @Test
  void tableAndDataFrame() {
    Dataset<Row> df = ProfilerTest.csv(spark, "data/penguins.csv");
    MutualInfoTable t = MutualInfo.measure(df, MutualInfoOptions.defaults().withTarget("Species")
        .withColumns("Island", "Sex", "Beak Depth (mm)"));
    String s = t.toString();
    assertTrue(s.contains("Island") && s.contains("unit: nats"), s);
    Dataset<Row> d = t.toDataFrame(spark);
    assertEquals(3, d.count());
    Row r = d.first();
    assertEquals("Species", r.getString(r.fieldIndex("y")));
    assertTrue(r.getDouble(r.fieldIndex("mutual_information")) > 0);
  }

  /** Swaps X and Y of an estimate (for a reference computed in the other order). */
  private static MutualInfoEstimate swap(MutualInfoEstimate e) {
    return new MutualInfoEstimate(e.base(), e.total(), e.distinctY(), e.distinctX(), e.distinctXY(),
        e.mutualInformation(), e.entropyY(), e.entropyX(), e.jointEntropy(), e.conditionalEntropyXGivenY(),
        e.conditionalEntropyYGivenX(), e.normalizedMi(), e.miMillerMadow(), e.gStatistic(), e.df(), e.pValue(),
        e.reason());
  }

  private static void check(PairInformation p, long n, double mi, double hx, double hy, double hxy, double nmi,
      double g, double pValue, long df, double mm) {
    MutualInfoEstimate e = p.estimate();
    String what = p.x() + " ~ " + p.y();
    assertEquals(n, e.total(), what);
    assertClose(mi, e.mutualInformation(), REFERENCE, what + " I");
    assertClose(hx, e.entropyX(), REFERENCE, what + " H(X)");
    assertClose(hy, e.entropyY(), REFERENCE, what + " H(Y)");
    assertClose(hxy, e.jointEntropy(), REFERENCE, what + " H(X,Y)");
    assertClose(hxy - hx, e.conditionalEntropyYGivenX(), REFERENCE, what + " H(Y|X)");
    assertClose(hxy - hy, e.conditionalEntropyXGivenY(), REFERENCE, what + " H(X|Y)");
    assertClose(nmi, e.normalizedMi(), REFERENCE, what + " NMI");
    assertClose(g, e.gStatistic(), REFERENCE, what + " G");
    assertEquals(1.0, e.pValue() / pValue, REFERENCE, what + " p-value " + e.pValue());
    assertEquals(df, e.df(), what);
    assertClose(mm, e.miMillerMadow(), REFERENCE, what + " MM");
  }
}
