package io.infospark.logistic.ml;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.core.BadInputException;
import io.infospark.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class BayesianLogisticRegressionTest {
  private static final String[] NUMERIC = {"Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)"};

  private static Dataset<Row> penguins() {
    return SparkTestSession.get().read().option("header", "true").option("inferSchema", "true").csv("data/penguins.csv")
        .na().drop().where(col("Sex").notEqual(".")).withColumn("label", col("Sex").equalTo("MALE").cast("double"));
  }

  private static Pipeline pipeline(BayesianLogisticRegression blr) {
    return new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(NUMERIC).setOutputCol("features"), blr});
  }

  /**
   * setPriorMean far from zero: 3 on every measurement, whose prior mean for Body Mass (g) alone
   * moves margins by ~12,600; converges to scipy's optimum, src/test/python/refit_reference.py
   * "penguins measurements gaussian(3, 1) (setPriorMean(3), priorSd 1)".
   */
  @Test
  void priorMeanFarFromZeroConverges() {
    BayesianLogisticRegressionModel m = (BayesianLogisticRegressionModel) pipeline(new BayesianLogisticRegression()
        .setPrior("gaussian").setPriorSd(1).setPriorMean(3)).fit(penguins()).stages()[1];
    assertTrue(m.result().converged(), m.result().toString());
    double[] expected = {-58.39101113774837, 0.1139249856777026, 2.0972270734863336, -0.02997074029306215,
        0.005599771575880513};
    assertEquals(expected[0], m.intercept(), 1e-6 * Math.abs(expected[0]));
    for (int j = 0; j < 4; j++) {
      assertEquals(expected[j + 1], m.coefficients().apply(j), 1e-6 * Math.abs(expected[j + 1]), NUMERIC[j]);
    }
  }

  /**
   * The estimator's defaults are LogisticOptions' (the facade's and the job's): fitted with every
   * Param at its default and through InfoSpark.fitLogistic with default options, both give the
   * MLE statsmodels 0.13 finds, and the same fit (iterations and all):
   * <pre>
   * d = pd.read_csv('data/penguins.csv').dropna(); d = d[d.Sex != '.']              # 333 rows
   * X = sm.add_constant(d[["Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)"]])
   * sm.Logit((d.Sex == 'MALE').astype(float), X).fit(tol=1e-12).params
   * </pre>
   */
  @Test
  void defaultsAreTheFacadesDefaults() {
    BayesianLogisticRegression estimator = new BayesianLogisticRegression();
    assertEquals(io.infospark.logistic.LogisticOptions.DEFAULT_TOLERANCE, estimator.getOrDefault(estimator.tol()));
    BayesianLogisticRegressionModel m = (BayesianLogisticRegressionModel) pipeline(estimator).fit(penguins()).stages()[1];
    io.infospark.logistic.LogisticResult facade = io.infospark.api.InfoSpark.fitLogistic(penguins(),
        io.infospark.logistic.LogisticOptions.label("label").features(NUMERIC));
    double[] expected = {-56.11740398815607, 0.10762954770071036, 2.0315155958681603, -0.03247439535883363,
        0.005512025902393802};
    double[] estimated = m.result().coefficientArray();
    double[] facadeBeta = facade.coefficientArray();
    for (int j = 0; j < expected.length; j++) {
      assertEquals(expected[j], estimated[j], 1e-6 * Math.abs(expected[j]), "estimator " + j);
      assertEquals(estimated[j], facadeBeta[j], 1e-12 * Math.abs(expected[j]), "facade " + j);
    }
    assertEquals(m.result().iterations(), facade.iterations());
    assertEquals(m.result().standardized(), facade.standardized());
    assertEquals(m.result().method(), facade.method());
  }

  /**
   * scaleChoice = evidence: σ* and the MAP there as scipy finds them (bounded scalar minimisation
   * of −ln Z(e^t), xatol 1e-10, ln Z by numpy slogdet of the exact Hessian; the Python of
   * src/test/python/prior_choice_reference.py with the four measurements as features).
   */
  @Test
  void evidenceChoosesScipysSigmaStar() {
    BayesianLogisticRegressionModel m = (BayesianLogisticRegressionModel) pipeline(new BayesianLogisticRegression()
        .setPrior("gaussian").setScaleChoice("evidence")).fit(penguins()).stages()[1];
    assertEquals("evidence", m.result().selection());
    assertEquals(1.004890256230726, m.result().selectedScale(), 1e-5 * 1.004890256230726);
    assertEquals(-98.30704139739406, m.result().logEvidence(), 1e-9 * 98.3);
    double[] expected = {-52.90338217610306, 0.1049356696530695, 1.9207288013858035, -0.03376676810488917,
        0.005288182151997948};
    assertEquals(expected[0], m.intercept(), 1e-5 * Math.abs(expected[0]));
    for (int j = 0; j < 4; j++) {
      assertEquals(expected[j + 1], m.coefficients().apply(j), 1e-5 * Math.abs(expected[j + 1]), NUMERIC[j]);
    }
    assertTrue(m.result().path().size() >= 3, "the evidence curve: every fit of the search");
  }

  /** scaleChoice = cv: the model keeps the path with its held-out losses, also through save and load. */
  @Test
  void crossValidationKeepsThePathThroughSaveAndLoad() throws Exception {
    BayesianLogisticRegressionModel m = (BayesianLogisticRegressionModel) pipeline(new BayesianLogisticRegression()
        .setPrior("laplace").setScaleChoice("cv").setFolds(4).setRule("1se").setSeed(3)).fit(penguins()).stages()[1];
    assertEquals("cv-1se", m.result().selection());
    assertEquals(20, m.result().path().size());
    double chosen = m.result().selectedScale();
    assertTrue(m.result().path().stream().anyMatch(q -> q.scale() == chosen));
    assertTrue(m.result().path().stream().allMatch(q -> q.cvLogLoss() > 0 && q.cvStdError() > 0));
    Path dir = Files.createTempDirectory("blr-cv");
    m.write().overwrite().save(dir.resolve("m").toString());
    BayesianLogisticRegressionModel back = BayesianLogisticRegressionModel.load(dir.resolve("m").toString());
    assertEquals(m.result().path().size(), back.result().path().size());
    assertEquals(chosen, back.result().selectedScale());
    assertEquals(m.result().path().get(7).cvLogLoss(), back.result().path().get(7).cvLogLoss());
  }

  @Test
  void pipelineFitsTransformsEvaluatesAndRoundTrips() throws Exception {
    Dataset<Row> df = penguins();
    BayesianLogisticRegression blr = new BayesianLogisticRegression().setPrior("gaussian").setPriorSd(1.0);
    PipelineModel pm = pipeline(blr).fit(df);
    BayesianLogisticRegressionModel m = (BayesianLogisticRegressionModel) pm.stages()[1];
    assertEquals(List.of(NUMERIC), m.result().names(), "names from the VectorAssembler attributes");
    assertTrue(m.result().converged());
    Dataset<Row> out = pm.transform(df);
    assertTrue(List.of(out.columns()).containsAll(List.of("rawPrediction", "probability", "prediction")));
    double auc = new BinaryClassificationEvaluator().evaluate(out);
    assertTrue(auc > 0.85 && auc <= 1.0, "AUC " + auc);

    Path dir = Files.createTempDirectory("infospark-blr");
    pm.write().overwrite().save(dir.resolve("pipeline").toString());
    PipelineModel back = PipelineModel.load(dir.resolve("pipeline").toString());
    BayesianLogisticRegressionModel mb = (BayesianLogisticRegressionModel) back.stages()[1];
    assertArrayEquals(m.coefficients().toArray(), mb.coefficients().toArray(), 0.0);
    assertEquals(m.intercept(), mb.intercept(), 0.0);
    List<Row> a = out.select("probability").collectAsList();
    List<Row> b = back.transform(df).select("probability").collectAsList();
    assertEquals(a, b);

    blr.write().overwrite().save(dir.resolve("estimator").toString());
    BayesianLogisticRegression eb = BayesianLogisticRegression.load(dir.resolve("estimator").toString());
    assertEquals("gaussian", eb.getOrDefault(eb.prior()));
    assertEquals(1.0, (Double) eb.getOrDefault(eb.priorSd()), 0.0);
    // saved again over itself: replaced whole, as in Spark only with overwrite(), no hidden folder left
    blr.setPriorSd(2.0).write().overwrite().save(dir.resolve("estimator").toString());
    assertEquals(2.0, (Double) BayesianLogisticRegression.load(dir.resolve("estimator").toString()).getOrDefault(
        eb.priorSd()), 0.0);
    java.io.IOException e = assertThrows(java.io.IOException.class, () -> blr.write().save(dir.resolve("estimator").toString()));
    assertTrue(e.getMessage().contains("overwrite"), e.getMessage());
    try (java.util.stream.Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of("estimator", "pipeline"), s.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void crossValidatorPicksAPrior() {
    Dataset<Row> df = penguins();
    BayesianLogisticRegression blr = new BayesianLogisticRegression().setPrior("gaussian");
    ParamMap[] grid = new ParamGridBuilder().addGrid(blr.priorSd(), new double[] {0.01, 1.0}).build();
    CrossValidator cv = new CrossValidator().setEstimator(pipeline(blr)).setEstimatorParamMaps(grid)
        .setEvaluator(new BinaryClassificationEvaluator()).setNumFolds(2).setSeed(1);
    CrossValidatorModel cvm = cv.fit(df);
    double[] metrics = cvm.avgMetrics();
    assertEquals(2, metrics.length);
    assertTrue(metrics[1] > metrics[0], "sd 1 beats sd 0.01: " + java.util.Arrays.toString(metrics));
  }

  @Test
  void paramsAreValidated() {
    BayesianLogisticRegression blr = new BayesianLogisticRegression();
    assertThrows(IllegalArgumentException.class, () -> blr.setPriorSd(0.0));
    assertThrows(IllegalArgumentException.class, () -> blr.setPrior("cauchy"));
    assertThrows(BadInputException.class, () -> pipeline(new BayesianLogisticRegression()).fit(
        penguins().withColumn("label", col("label").plus(1))));
  }
}
