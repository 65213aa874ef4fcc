package io.infospark.api;

import static io.infospark.testing.Approx.REFERENCE;
import static io.infospark.testing.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.core.BadInputException;
import io.infospark.core.LogBase;
import io.infospark.measure.CompareOptions;
import io.infospark.measure.Comparison;
import io.infospark.measure.LogLossResult;
import io.infospark.measure.MutualInfoOptions;
import io.infospark.measure.MutualInfoTable;
import io.infospark.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;

class InfoSparkTest {
  private final SparkSession spark = SparkTestSession.get();

  private Dataset<Row> csv(String path) {
    return spark.read().option("header", "true").option("inferSchema", "true").csv(path);
  }

  private Dataset<Row> table(StructType schema, Object[]... rows) {
    List<Row> list = new ArrayList<>();
    for (Object[] r : rows) {
      list.add(RowFactory.create(r));
    }
    return spark.createDataFrame(list, schema);
  }

  /** A table whose every row read bumps {@code reads}: counts how often the input is scanned. */
  private Dataset<Row> counted(long rows, LongAccumulator reads, int columns) {
    UserDefinedFunction touch = functions.udf((Long x) -> {
      reads.add(1);
      return x;
    }, DataTypes.LongType).asNondeterministic();
    Dataset<Row> base = spark.range(0, rows, 1, 3).select(touch.apply(functions.col("id")).as("id"));
    for (int c = 0; c < columns; c++) {
      base = base.withColumn("c" + c, functions.col("id").mod(3 + c).cast(c % 2 == 0 ? "long" : "string"));
    }
    return base.drop("id");
  }

  @Test
  void compareReadsEachSideOnce() {
    LongAccumulator p = spark.sparkContext().longAccumulator("p");
    LongAccumulator q = spark.sparkContext().longAccumulator("q");
    Comparison c = InfoSpark.compare(counted(1000, p, 4), counted(700, q, 4), CompareOptions.defaults());
    assertEquals(4, c.columns().size());
    assertEquals(1000L, p.value());
    assertEquals(700L, q.value());
  }

  @Test
  void mutualInformationReadsTheInputOnce() {
    LongAccumulator reads = spark.sparkContext().longAccumulator("mi");
    Dataset<Row> df = counted(1000, reads, 6).withColumn("c2", functions.when(functions.col("c1").equalTo("1"),
        functions.lit(null)).otherwise(functions.col("c2")));
    MutualInfoTable t = InfoSpark.mutualInformation(df, "c0");
    assertEquals(5, t.pairs().size());
    assertEquals(1000L, reads.value()); // also with a marginal summed from the pairs (c2 has nulls)
    assertTrue(t.pair("c2", "c0").rowsDropped() > 0);
  }

  @Test
  void facadeCompareColumnsAndMutualInformation() {
    Dataset<Row> w = csv("data/seattle-weather.csv");
    Comparison c = InfoSpark.compareColumns(w, "temp_max", "temp_min",
        CompareOptions.defaults().withSmoothing(1).withBase(LogBase.TWO));
    assertEquals("bits", c.unit());
    assertTrue(c.columns().get(0).estimate().kl() > 0);
    MutualInfoTable t = InfoSpark.mutualInformation(w, MutualInfoOptions.defaults().withColumns("weather", "wind"));
    assertEquals(1, t.pairs().size());
  }

  /**
   * Log-loss of a made-up model P(male) = 1/(1 + exp(−(mass − 4200)/500)) on the penguins with a
   * recorded sex and mass, against scikit-learn 1.2.1:
   * <pre>
   * d = pd.read_csv('data/penguins.csv'); d = d[d.Sex.isin(['MALE','FEMALE']) & d['Body Mass (g)'].notna()]
   * p = 1/(1 + np.exp(-(d['Body Mass (g)'] - 4200)/500.)); y = (d.Sex == 'MALE').astype(int)
   * log_loss(y, p, eps=1e-300), log_loss(y, p, eps=1e-300)/np.log(2)   # 333 rows
   * </pre>
   */
  @Test
  void logLossAgainstSklearn() {
    Dataset<Row> d = csv("data/penguins.csv").where("Sex IN ('MALE', 'FEMALE') AND `Body Mass (g)` IS NOT NULL")
        .select(functions.expr("1 / (1 + exp(-(`Body Mass (g)` - 4200) / 500.0))").as("p"),
            functions.expr("Sex = 'MALE'").as("male"));
    LogLossResult r = InfoSpark.logLoss(d, "p", "male");
    assertEquals(333, r.rows());
    assertClose(0.6213504138272471, r.logLoss(), REFERENCE);
    assertEquals(0, r.clipped());
    assertClose(0.8964191606828746, InfoSpark.logLoss(d, "p", "male", 0, LogBase.TWO).logLoss(), REFERENCE);
    assertTrue(r.toString().contains("clipping: none"), r.toString());
  }

  /**
   * Logistic regression through the facade: fit, save, load, score and evaluate, against statsmodels
   * 0.13 (MLE, Newton to 1e-12):
   * <pre>
   * d = pd.read_csv('data/penguins.csv'); d = d[d.Sex.isin(['MALE','FEMALE'])]
   * d = d.dropna(subset=['Body Mass (g)','Beak Depth (mm)'])                      # 333 rows
   * X = sm.add_constant(d[['Body Mass (g)','Beak Depth (mm)']]); y = (d.Sex == 'MALE').astype(int)
   * r = sm.Logit(y, X).fit(tol=1e-12); r.params, r.bse, -r.llf/len(d)
   * p = r.predict(X); ((p >= 0.5) == y).mean(), sklearn.metrics.roc_auc_score(y, p)
   * </pre>
   */
  @Test
  void logisticFitScoreAndEvaluateAgainstStatsmodels(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    Dataset<Row> d = csv("data/penguins.csv").where("Sex IN ('MALE', 'FEMALE')");
    io.infospark.logistic.LogisticResult fit = InfoSpark.fitLogistic(d, io.infospark.logistic.LogisticOptions
        .label("Sex").positive("MALE").features("Body Mass (g)", "Beak Depth (mm)")
        .na(io.infospark.logistic.NaPolicy.DROP));
    assertEquals(333, fit.rows());
    assertClose(-56.77936546786168, fit.intercept(), 1e-7);
    assertClose(0.0052761542216344685, fit.coefficients().get("Body Mass (g)"), 1e-7);
    assertClose(2.025661903105971, fit.coefficients().get("Beak Depth (mm)"), 1e-7);
    assertClose(0.0006191490210079479, fit.stdErrors().get("Body Mass (g)"), 1e-6);
    assertClose(0.23751300423698737, fit.stdErrors().get("Beak Depth (mm)"), 1e-6);
    fit.save(spark, dir.resolve("model").toString());
    io.infospark.logistic.LogisticResult model = InfoSpark.loadLogistic(spark, dir.resolve("model").toString());
    Dataset<Row> scored = InfoSpark.scoreLogistic(model, d, "s_");
    assertTrue(List.of(scored.columns()).containsAll(List.of("s_margin", "s_probability", "s_prediction")));
    io.infospark.logistic.ScoreReport report = InfoSpark.evaluateLogistic(model,
        d.where("`Body Mass (g)` IS NOT NULL AND `Beak Depth (mm)` IS NOT NULL"));
    assertEquals(333, report.rows());
    assertClose(0.2467534532615751, report.logLoss(), 1e-9);
    assertClose(0.8918918918918919, report.accuracy(), 1e-12);
    assertClose(0.9627886002886004, report.auc(), 1e-12);
  }

  @Test
  void logLossClippingIsReported() {
    StructType s = new StructType().add("p", DataTypes.DoubleType).add("y", DataTypes.IntegerType);
    Dataset<Row> d = table(s, new Object[] {0.0, 1}, new Object[] {1.0, 1}, new Object[] {0.5, 0},
        new Object[] {1.0, 0});
    LogLossResult raw = InfoSpark.logLoss(d, "p", "y");
    assertEquals(Double.POSITIVE_INFINITY, raw.logLoss());
    assertEquals(2, raw.infiniteRows());
    LogLossResult clipped = InfoSpark.logLoss(d, "p", "y", 1e-15, LogBase.E);
    assertEquals(1, clipped.clippedLow());
    assertEquals(2, clipped.clippedHigh());
    // p clipped to [ε, 1 − ε] in exact arithmetic: losses −ln ε, −ln(1 − ε), ln 2, −ln ε
    double expected = (-Math.log(1e-15) - Math.log1p(-1e-15) + Math.log(2) - Math.log(1e-15)) / 4;
    assertClose(expected, clipped.logLoss(), 1e-12);
    Row row = clipped.toDataFrame(spark).first();
    assertEquals(3L, row.getLong(row.fieldIndex("clipped")));
    assertNull(InfoSpark.logLoss(d.limit(0), "p", "y").logLoss());
  }

  @Test
  void logLossBadInput() {
    StructType s = new StructType().add("p", DataTypes.DoubleType).add("y", DataTypes.IntegerType)
        .add("name", DataTypes.StringType);
    Dataset<Row> d = table(s, new Object[] {1.5, 1, "a"}, new Object[] {Double.NaN, 0, "b"},
        new Object[] {-0.1, 0, "c"}, new Object[] {0.5, 2, "d"});
    BadInputException e = assertThrows(BadInputException.class, () -> InfoSpark.logLoss(d, "p", "y"));
    assertTrue(e.getMessage().startsWith("probability: column 'p' has 1 NaN, 2 outside [0, 1]"), e.getMessage());
    Dataset<Row> labels = d.where("y = 2 OR p = 1.5").withColumn("p", functions.lit(0.5));
    BadInputException l = assertThrows(BadInputException.class, () -> InfoSpark.logLoss(labels, "p", "y"));
    assertTrue(l.getMessage().startsWith("label: column 'y' has 1 not 0 or 1"), l.getMessage());
    assertThrows(BadInputException.class, () -> InfoSpark.logLoss(d, "name", "y"));
    assertThrows(BadInputException.class, () -> InfoSpark.logLoss(d, "p", "y", -1, LogBase.E));
    assertThrows(BadInputException.class, () -> InfoSpark.logLoss(d, "q", "y"));
  }
}
