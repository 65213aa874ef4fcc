package io.infospark.logistic;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.core.BadInputException;
import io.infospark.core.logistic.Prior;
import io.infospark.core.logistic.SeparationException;
import io.infospark.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The Spark fit end to end. Expected numbers: src/test/python/logistic_reference.py (output in
 * logistic_reference.out), the same statsmodels / scikit-learn references as the core tests.
 */
class LogisticFitTest {
  private static final double COEF = 1e-6;
  private static final double OBJECTIVE = 1e-9;
  private static final double PARTITIONS = 1e-9;
  static final String[] NUMERIC = {"Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)"};

  static SparkSession spark() {
    return SparkTestSession.get();
  }

  /** data/penguins.csv as Spark reads it (inferSchema; empty field = null), the Sex "." row removed. */
  static Dataset<Row> penguins() {
    return spark().read().option("header", "true").option("inferSchema", "true").csv("data/penguins.csv")
        .where(col("Sex").isNull().or(col("Sex").notEqual(".")));
  }

  static LogisticOptions penguinOptions() {
    List<String> f = new ArrayList<>(List.of("Species"));
    f.addAll(List.of(NUMERIC));
    return LogisticOptions.label("Sex").positive("MALE").features(f).na(NaPolicy.DROP);
  }

  static void assertRel(double e, double a, double rel, String what) {
    assertTrue(Math.abs(a - e) <= rel * Math.abs(e), what + ": expected " + e + " but was " + a);
  }

  /**
   * {@code gaussian:auto} above the Newton size (forced here: Newton up to 1 feature), where the
   * search makes one Hessian pass per fit and maximises on the driver, against scipy's bounded
   * maximisation of §5.3's ln Z on the exact Hessian (src/test/python/prior_choice_reference.py,
   * "evidence": σ* = 3.9231816712255916, ln Z(σ*) = −85.55466736972471; the same numbers as
   * PriorChoiceReferenceTest's Newton-size search). The chosen fit carries its standard errors.
   */
  @Test
  void evidenceAboveTheNewtonSizeMatchesScipysSigmaStar() {
    evidenceMatchesScipysSigmaStar(1, "lbfgs", 12);
  }

  /**
   * The same at the Newton size (the default threshold), where the fits of the search are Newton
   * fits from the model's mode (10 here, far from σ* at first; most of them of one to three passes).
   */
  @Test
  void evidenceAtTheNewtonSizeMatchesScipysSigmaStar() {
    evidenceMatchesScipysSigmaStar(300, "newton", 10);
  }

  private static void evidenceMatchesScipysSigmaStar(int newtonMaxFeatures, String method, int maxFits) {
    LogisticResult r = LogisticFit.fit(penguins(), LogisticOptions.label("Sex").positive("MALE")
        .features(List.of("Species", "Beak Length (mm)", "Beak Depth (mm)", "Body Mass (g)")).na(NaPolicy.DROP)
        .prior(Prior.gaussian(0, 1)).choose(ScaleChoice.EVIDENCE).newtonMaxFeatures(newtonMaxFeatures));
    assertEquals(method, r.method());
    assertEquals("evidence", r.selection());
    assertRel(3.9231816712255916, r.selectedScale(), 1e-5, "sigma*");
    assertRel(-85.55466736972471, r.logEvidence(), 1e-9, "ln Z(sigma*)");
    for (double se : r.stdErrorArray()) {
      assertTrue(se > 0 && Double.isFinite(se), "standard errors of the chosen fit: " + java.util.Arrays.toString(r.stdErrorArray()));
    }
    assertTrue(r.path().size() >= 1 && r.path().size() <= maxFits, "fits of the search: " + r.path().size());
  }

  @Test
  void penguinMleMatchesStatsmodelsByName() {
    LogisticResult r = LogisticFit.fit(penguins(), penguinOptions());
    // statsmodels Logit (see LogisticSolverTest): const, Species=Chinstrap, Species=Gentoo, 4 measurements
    double[] coef = {-79.02500787752659, -6.980329216756204, -8.35389476751725, 0.613781605820736, 1.6228606773639143,
        0.020773708386830132, 0.005865280986208524};
    double[] se = {12.115856270063663, 1.5743522545841029, 2.5236261575654786, 0.13101205177614367, 0.33241011788277547,
        0.04782991572797309, 0.0010833444664924794};
    assertEquals(List.of("Species=Chinstrap", "Species=Gentoo", "Beak Length (mm)", "Beak Depth (mm)",
        "Flipper Length (mm)", "Body Mass (g)"), r.names());
    assertTrue(r.converged(), r.toString());
    assertEquals(333, r.rows());
    assertEquals(10, r.droppedRows());
    assertRel(coef[0], r.intercept(), COEF, "intercept");
    for (int j = 0; j < 6; j++) {
      assertRel(coef[j + 1], r.coefficients().get(r.names().get(j)), COEF, r.names().get(j));
      assertRel(se[j + 1], r.stdErrors().get(r.names().get(j)), COEF, "se " + r.names().get(j));
    }
    assertRel(-63.55433354813894, r.logLikelihood(), OBJECTIVE, "log-likelihood");
    assertEquals(0.0, r.logPrior(), 0.0);
    assertRel(63.55433354813894 / 333, r.meanLogLoss(), OBJECTIVE, "mean log-loss");
    assertEquals("newton", r.method());
    assertTrue(r.passes() <= 12, "passes " + r.passes());
    assertRel(2 * 7 + 2 * 63.55433354813894, r.aic(), OBJECTIVE, "AIC");
    assertTrue(r.toString().contains("Species=Gentoo"), r.toString());
    assertEquals(7, r.toDataFrame(spark()).count());
  }

  @Test
  void spectorAicBicMatchStatsmodels() {
    Dataset<Row> sp = spark().read().option("header", "true").option("inferSchema", "true").csv("src/test/resources/spector.csv");
    LogisticResult r = LogisticFit.fit(sp, LogisticOptions.label("GRADE").features("GPA", "TUCE", "PSI"));
    // statsmodels: r.aic, r.bic
    assertRel(33.779268444262826, r.aic(), OBJECTIVE, "AIC");
    assertRel(39.642212055461734, r.bic(), OBJECTIVE, "BIC");
  }

  @Test
  void gaussianPriorIsTheSameFor1And2And16Partitions() {
    double[] sklearn = {-47.364563521966346, -0.8081759958286068, -0.4517545515405539, 0.15888105854391948,
        1.6594604897393712, -0.035868773779777104, 0.004647512627103798};
    LogisticResult first = null;
    for (int parts : new int[] {1, 2, 16}) {
      LogisticResult r = LogisticFit.fit(penguins().repartition(parts), penguinOptions().prior(Prior.gaussian(0, 0.5)));
      double[] b = r.coefficientArray();
      for (int j = 0; j < b.length; j++) {
        assertRel(sklearn[j], b[j], COEF, parts + " partitions, coef " + j);
      }
      assertRel(84.23417423368194, r.objective(), OBJECTIVE, "J");
      if (first == null) {
        first = r;
      } else {
        for (int j = 0; j < b.length; j++) {
          assertRel(first.coefficientArray()[j], b[j], PARTITIONS, parts + " vs 1 partition, coef " + j);
        }
        assertRel(first.objective(), r.objective(), 1e-12, "J vs 1 partition");
      }
    }
  }

  @Test
  void mllibReachesTheSameOptimumWithMappedRegParam() {
    Dataset<Row> sp = spark().read().option("header", "true").option("inferSchema", "true").csv("src/test/resources/spector.csv");
    Dataset<Row> v = new VectorAssembler().setInputCols(new String[] {"GPA", "TUCE", "PSI"}).setOutputCol("features").transform(sp);
    double w = 32;
    // Gaussian σ = 1 ↔ regParam = 1/(Wσ²), elasticNet 0; Laplace b = 0.5 ↔ regParam = 1/(Wb), elasticNet 1.
    Object[][] cases = {{Prior.gaussian(0, 1), 1 / (w * 1), 0.0}, {Prior.laplace(0, 0.5), 1 / (w * 0.5), 1.0}};
    for (Object[] c : cases) {
      LogisticRegressionModel m = new LogisticRegression().setLabelCol("GRADE").setRegParam((Double) c[1])
          .setElasticNetParam((Double) c[2]).setStandardization(false).setTol(1e-14).setMaxIter(10000).fit(v);
      LogisticResult r = LogisticFit.fit(sp, LogisticOptions.label("GRADE").features("GPA", "TUCE", "PSI").prior((Prior) c[0]));
      assertRel(m.intercept(), r.intercept(), 1e-5, c[0] + " intercept");
      for (int j = 0; j < 3; j++) {
        double e = m.coefficients().apply(j);
        double a = r.coefficientArray()[j + 1];
        assertEquals(e, a, 1e-5 * Math.max(1, Math.abs(e)), c[0] + " coef " + j);
      }
    }
  }

  @Test
  void laplaceFitsHaveExactZerosAndPriorsCanBeNamed() {
    LogisticResult r = LogisticFit.fit(penguins(), penguinOptions().prior(Prior.laplace(0, 0.2))
        .prior("Body Mass (g)", Prior.flat()));
    assertTrue(r.converged());
    assertTrue(r.nonZero() < 6, r.toString());
    assertTrue(r.coefficients().values().stream().anyMatch(x -> x == 0.0));
    assertEquals("flat", r.priors().get(6));
    assertEquals("laplace(mean=0, b=0.2)", r.priors().get(1));
    BadInputException e = assertThrows(BadInputException.class,
        () -> LogisticFit.fit(penguins(), penguinOptions().prior("Wing Span", Prior.gaussian(0, 1))));
    assertTrue(e.getMessage().contains("'Wing Span'"), e.getMessage());
  }

  @Test
  void saveLoadScoreAndUseAsNextPrior() throws Exception {
    LogisticResult r = LogisticFit.fit(penguins(), penguinOptions());
    Path dir = Files.createTempDirectory("infospark-logistic-model");
    r.save(spark(), dir.toString());
    LogisticResult back = LogisticResult.load(spark(), dir.toString());
    assertEquals(r.names(), back.names());
    for (int j = 0; j < 7; j++) {
      assertEquals(r.coefficientArray()[j], back.coefficientArray()[j], 0.0);
      assertEquals(r.stdErrorArray()[j], back.stdErrorArray()[j], 0.0);
    }
    ScoreReport s = LogisticScoring.evaluate(back, penguins().na().drop());
    // sklearn.metrics on the statsmodels fit's probabilities (logistic_reference.py)
    assertEquals(333, s.rows());
    assertRel(0.9772366522366522, s.auc(), 1e-9, "AUC");
    assertRel(0.19085385449891573, s.logLoss(), 1e-8, "log-loss");
    assertRel(0.918918918918919, s.accuracy(), 1e-12, "accuracy");
    ScoreReport unlabelled = LogisticScoring.evaluate(back, penguins().drop("Sex"));
    assertNull(unlabelled.auc());
    assertEquals(343, unlabelled.rows());
    assertEquals(2, unlabelled.unscored()); // 2 rows lack measurements
    assertEquals(341, unlabelled.unlabelled());
    // with the Sex column: 2 rows lack measurements (unscored), 8 more lack only Sex (scored, unlabelled)
    ScoreReport partly = LogisticScoring.evaluate(back, penguins());
    assertEquals(343, partly.rows());
    assertEquals(2, partly.unscored());
    assertEquals(8, partly.unlabelled());
    assertRel(0.9772366522366522, partly.auc(), 1e-9, "AUC over the 333 labelled rows");
    // yesterday's posterior as today's prior: fitting the same data again moves nothing much
    LogisticResult next = LogisticFit.fit(penguins(), penguinOptions().priorsFrom(back, true));
    assertTrue(next.priors().get(1).startsWith("gaussian(mean=-6.98"), next.priors().toString());
    assertTrue(next.converged());
    // a model used on data without one of its columns
    BadInputException e = assertThrows(BadInputException.class,
        () -> LogisticScoring.score(back, penguins().drop("Body Mass (g)")));
    assertTrue(e.getMessage().contains("'Body Mass (g)'"), e.getMessage());
  }

  /**
   * Yesterday's posterior as today's prior, through the library (priorsFrom(fit, false)), on the
   * rows with a sex; and a prior mean of 0.5 on every coefficient of the birdstrikes, whose cost
   * in dollars (0 … 7e6) alone puts margins at 3.5e6 at the prior mean. Expected: scipy,
   * src/test/python/refit_reference.py ("penguins refit from m1 (prior-model)",
   * "birdstrikes gaussian(0.5, 0.1)").
   */
  @Test
  void refitsWithPriorMeansFarFromZeroConverge() {
    Dataset<Row> withSex = penguins().where(col("Sex").isNotNull());
    LogisticOptions o = LogisticOptions.label("Sex").positive("MALE")
        .features("Species", "Beak Length (mm)", "Beak Depth (mm)", "Body Mass (g)");
    LogisticResult m1 = LogisticFit.fit(withSex, o.prior(Prior.gaussian(0, 10)));
    LogisticResult refit = LogisticFit.fit(withSex, LogisticOptions.label("Sex").positive("MALE")
        .features("Species", "Beak Length (mm)", "Beak Depth (mm)", "Body Mass (g)").priorsFrom(m1, false));
    assertTrue(refit.converged(), refit.toString());
    double[] expected = {-75.17937005872733, -6.687187769177332, -7.532166753195112, 0.6022462763973722,
        1.6523824519336174, 0.005853872821889777};
    for (int j = 0; j < expected.length; j++) {
      assertRel(expected[j], refit.coefficientArray()[j], COEF, "refit coef " + j);
    }
    assertRel(0.19117987888574334, refit.meanLogLoss(), 1e-8, "refit mean log-loss");

    Dataset<Row> birds = spark().read().option("header", "true").option("inferSchema", "true").csv("data/birdstrikes.csv")
        .withColumn("damaged", col("Effect Amount of damage").notEqual("None"));
    for (io.infospark.core.logistic.Method m : new io.infospark.core.logistic.Method[] {
        io.infospark.core.logistic.Method.NEWTON, io.infospark.core.logistic.Method.LBFGS}) {
      LogisticResult r = LogisticFit.fit(birds, LogisticOptions.label("damaged")
          .features("Wildlife Size", "Speed IAS in knots", "Cost Total $").na(NaPolicy.DROP).method(m)
          .prior(Prior.gaussian(0.5, 0.1)));
      assertTrue(r.converged(), m + ": " + r);
      assertEquals(7164, r.rows());
      double[] e = {-2.982800468859467, 0.06175973352262345, -0.5294945737632406, 0.005610218121499271, 0.000178043685491992};
      for (int j = 0; j < e.length; j++) {
        assertRel(e[j], r.coefficientArray()[j], COEF, m + " birdstrikes coef " + j);
      }
      assertRel(2148.6202398976984, r.objective(), OBJECTIVE, m + " birdstrikes J");
    }
  }

  @Test
  void badInputsAreNamed() {
    BadInputException e = assertThrows(BadInputException.class,
        () -> LogisticFit.fit(penguins(), penguinOptions().na(NaPolicy.ERROR)));
    assertTrue(e.getMessage().contains("rows with") && e.getMessage().contains("na=drop"), e.getMessage());
    assertTrue(e.getMessage().contains("'Beak Length (mm)'"), e.getMessage());
    Dataset<Row> raw = spark().read().option("header", "true").option("inferSchema", "true").csv("data/penguins.csv");
    e = assertThrows(BadInputException.class, () -> LogisticFit.fit(raw, penguinOptions()));
    assertTrue(e.getMessage().contains("expected 2 classes but found 3"), e.getMessage());
    e = assertThrows(BadInputException.class, () -> LogisticFit.fit(penguins(), penguinOptions().positive(null)));
    assertTrue(e.getMessage().contains("name the positive class"), e.getMessage());
    e = assertThrows(BadInputException.class, () -> LogisticFit.fit(penguins(), penguinOptions().positive("male")));
    assertTrue(e.getMessage().contains("'male'"), e.getMessage());
    e = assertThrows(BadInputException.class,
        () -> LogisticFit.fit(penguins(), LogisticOptions.label("Body Mass (g)").features("Species").na(NaPolicy.DROP)));
    assertTrue(e.getMessage().contains("2 classes"), e.getMessage());
    e = assertThrows(BadInputException.class, () -> LogisticFit.fit(penguins(), penguinOptions().features("Nope")));
    assertTrue(e.getMessage().contains("'Nope'"), e.getMessage());
    assertThrows(BadInputException.class, () -> LogisticFit.fit(penguins(), penguinOptions().prior(Prior.parse("gaussian:0", 0, "--prior"))));
  }

  @Test
  void nanFeatureIsCountedAndDropped() {
    StructType schema = new StructType().add("y", DataTypes.IntegerType).add("x", DataTypes.DoubleType).add("w", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      rows.add(RowFactory.create(i % 3 == 0 ? 1 : 0, i == 4 || i == 7 ? Double.NaN : (i % 5) * 0.7 - (i % 3), 1.0 + i % 2));
    }
    Dataset<Row> df = spark().createDataFrame(rows, schema);
    BadInputException e = assertThrows(BadInputException.class, () -> LogisticFit.fit(df, LogisticOptions.label("y").features("x")));
    assertTrue(e.getMessage().startsWith("2 rows with a null, NaN or infinite value in column 'x'"), e.getMessage());
    LogisticResult r = LogisticFit.fit(df, LogisticOptions.label("y").features("x").weight("w").na(NaPolicy.DROP));
    assertEquals(2, r.droppedRows());
    assertEquals(28, r.rows());
  }

  static Dataset<Row> separationData(String name) {
    return spark().read().option("header", "true").option("inferSchema", "true").csv("src/test/resources/separation/" + name + ".csv");
  }

  /**
   * The data of src/test/python/separation_reference.py (closed formulas; separation checked there by
   * linear programs): complete.csv completely separated by x1 (80 rows), quasi.csv and oblique.csv
   * quasi-completely (80 rows strictly, 4 on x1 = 0, resp. x1 = 1). Each method, on 1 and 3
   * partitions, in standardised units (the default) and not.
   */
  @Test
  void separationIsProvedRowByRowForMleAndMapConverges() {
    Object[][] cases = {{"complete", true, 0L}, {"quasi", false, 4L}, {"oblique", false, 4L}};
    for (Object[] c : cases) {
      for (int parts : new int[] {1, 3}) {
        Dataset<Row> df = separationData((String) c[0]).repartition(parts);
        for (io.infospark.core.logistic.Method m : new io.infospark.core.logistic.Method[] {
            io.infospark.core.logistic.Method.NEWTON, io.infospark.core.logistic.Method.LBFGS}) {
          for (boolean std : new boolean[] {true, false}) {
            String what = c[0] + " " + parts + " partitions " + m + (std ? "" : " unstandardised");
            SeparationException e = assertThrows(SeparationException.class,
                () -> LogisticFit.fit(df, LogisticOptions.label("y").features("x1", "x2").method(m).standardize(std)), what);
            assertEquals(List.of("x1"), e.features(), what + ": " + e.getMessage());
            assertEquals(c[1], e.complete(), what);
            assertEquals(80L, e.separatedRows(), what);
            assertEquals(c[2], e.boundaryRows(), what);
          }
        }
        LogisticResult map = LogisticFit.fit(df, LogisticOptions.label("y").features("x1", "x2").prior(Prior.gaussian(0, 2.5)));
        assertTrue(map.converged(), map.toString());
        Map<String, Double> coef = map.coefficients();
        assertTrue(coef.get("x1") > 1 && coef.get("x1") < 30, c[0] + ": " + coef);
      }
    }
  }

  /**
   * Separated but for two rows just across the boundary: no proof exists, and the fit converges to
   * the finite MLE. statsmodels (separation_reference.py):
   * {@code sm.Logit(near.y, sm.add_constant(near[["x1", "x2"]])).fit(method="newton", tol=1e-12)}.
   */
  @Test
  void nearlySeparatedDataConvergeToTheStatsmodelsMle() {
    double[] coef = {-8.543392383417078e-16, 9.540682317285256, 4.629264814588472e-17};
    double[] se = {1.3112975348169456, 5.209624694341646, 3.402067115150663};
    double llf = -2.0296506326353128;
    for (io.infospark.core.logistic.Method m : new io.infospark.core.logistic.Method[] {
        io.infospark.core.logistic.Method.NEWTON, io.infospark.core.logistic.Method.LBFGS}) {
      LogisticResult r = LogisticFit.fit(separationData("near").repartition(3), LogisticOptions.label("y").features("x1", "x2").method(m));
      assertTrue(r.converged(), r.toString());
      double[] b = r.coefficientArray();
      for (int j = 0; j < 3; j++) {
        // 1e-6 relative; the intercept and x2 are 0 by symmetry: 1e-6 absolute there
        assertEquals(coef[j], b[j], 1e-6 * Math.max(1, Math.abs(coef[j])), m + " coef " + j);
        assertEquals(se[j], r.stdErrorArray()[j], 1e-6 * se[j], m + " se " + j);
      }
      assertRel(llf, r.logLikelihood(), OBJECTIVE, m + " log-likelihood");
    }
  }

  /**
   * Eight features (Species and Island one-hot, four measurements), so the cached blocks are dense
   * with ≥ 8 rows and ≥ 8 features: LossAggregator's block path (dgemv margins and gradient, the
   * rank-4 Hessian kernel with its remainder rows, the block line search). References from
   * src/test/python/logistic_dense_reference.py (output in logistic_dense_reference.out):
   * <pre>
   * X = Species=Chinstrap, Species=Gentoo, Island=Dream, Island=Torgersen, Beak Length, Beak Depth,
   *     Flipper Length, Body Mass (penguins.csv, nulls and the "." row dropped: 333 rows); A = [1, X]
   * MLE:      sm.Logit(y, A).fit(method="newton", tol=1e-12)
   * Gaussian: LogisticRegression(penalty="l2", C=0.5**2, solver="newton-cg", tol=1e-12), polished by
   *           20 Newton steps on the same J (they agree to 2e-8)
   * Laplace:  b = 0.2, scipy L-BFGS-B on β = u − v, then Newton on the support, KKT checked
   *           (sklearn saga, C = b, does not converge to 1e-6 on these unscaled features)
   * </pre>
   */
  @Test
  void eightFeatureDenseBlockPathMatchesStatsmodelsAndScikitLearn() {
    List<String> f = new ArrayList<>(List.of("Species", "Island"));
    f.addAll(List.of(NUMERIC));
    LogisticOptions base = LogisticOptions.label("Sex").positive("MALE").features(f).na(NaPolicy.DROP);
    double[] mle = {-80.37667201809373, -7.402696715627571, -8.427610960573059, 0.32415830588773, -0.5078580426437187,
        0.614435758886089, 1.6464459961840723, 0.026653724763923727, 0.005818831958426332};
    double[] mleSe = {12.330309794034013, 1.6625957933584732, 2.597117341921452, 0.809148638574682, 0.8557591248330271,
        0.13197264622825766, 0.33580536486659984, 0.04830803163025909, 0.0010873324322228988};
    double[] l2 = {-47.2916286457474, -0.8059157363883455, -0.4485374085708172, 0.019326007712157693, 0.08230850959431593,
        0.16015450759235308, 1.6554260157290284, -0.03662434448270607, 0.004664611428044562};
    double[] l1 = {-49.06533489478645, 0.0, 0.0, 0.0, 0.0, 0.08923844043578023, 1.7677858803416908, -0.02792599526021437,
        0.004883582658662594};
    Object[][] cases = {
        {Prior.flat(), mle, 63.02370264221759, io.infospark.core.logistic.Method.NEWTON},
        {Prior.flat(), mle, 63.02370264221759, io.infospark.core.logistic.Method.LBFGS},
        {Prior.gaussian(0, 0.5), l2, 84.21261068769681, io.infospark.core.logistic.Method.NEWTON},
        {Prior.gaussian(0, 0.5), l2, 84.21261068769681, io.infospark.core.logistic.Method.LBFGS},
        {Prior.laplace(0, 0.2), l1, 89.62704426978374, io.infospark.core.logistic.Method.PROXIMAL_NEWTON},
        {Prior.laplace(0, 0.2), l1, 89.62704426978374, io.infospark.core.logistic.Method.OWLQN}};
    for (int parts : new int[] {1, 3}) {
      Dataset<Row> df = penguins().repartition(parts);
      LogisticOptions o = base;
      FeatureSpace space = LogisticFit.space(df, o);
      assertEquals(8, space.size());
      try (TrainingData data = TrainingData.build(df, space, "Sex", TrainingData.labelCoding(df, "Sex", "MALE"), null,
          NaPolicy.DROP, o.blockRows, true)) {
        List<io.infospark.core.logistic.DataBlock> blocks = data.blocks.collect();
        assertEquals(parts, blocks.size());
        for (io.infospark.core.logistic.DataBlock blk : blocks) {
          assertTrue(!blk.isSparse() && blk.rows() >= 8 && blk.features() >= 8, "a dense block of >= 8 rows and features");
        }
      }
      for (Object[] c : cases) {
        String what = parts + " partitions, " + ((Prior) c[0]).describe() + ", " + c[3];
        LogisticResult r = LogisticFit.fit(df, base.prior((Prior) c[0]).method((io.infospark.core.logistic.Method) c[3]));
        assertTrue(r.converged(), what + ": " + r);
        double[] e = (double[]) c[1];
        double[] b = r.coefficientArray();
        for (int j = 0; j < e.length; j++) {
          if (e[j] == 0.0) {
            assertEquals(0.0, b[j], 0.0, what + ": exact zero " + j);
          } else {
            assertRel(e[j], b[j], COEF, what + ": coef " + j);
          }
        }
        assertRel((Double) c[2], r.objective(), OBJECTIVE, what + ": J");
        if (e == mle) {
          for (int j = 0; j < e.length; j++) {
            assertRel(mleSe[j], r.stdErrorArray()[j], COEF, what + ": se " + j);
          }
        }
      }
    }
  }
}
