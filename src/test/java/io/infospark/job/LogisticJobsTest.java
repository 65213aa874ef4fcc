package io.infospark.job;

import static io.infospark.testing.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infospark.logistic.LogisticScoring;
import io.infospark.testing.SparkTestSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fit-logistic and score-logistic end to end through {@link Main#run}. */
class LogisticJobsTest {
  private static final String SPECTOR = "src/test/resources/spector.csv";
  @TempDir
  Path dir;

  @BeforeAll
  static void session() {
    SparkTestSession.get();
  }

  /**
   * MLE on statsmodels' spector data through the job; expected values from statsmodels 0.13.5:
   * {@code sm.Logit(GRADE, add_constant(spector[["GPA","TUCE","PSI"]])).fit(method="newton", tol=1e-10)}
   * (params, bse, llf), then the model scores the same rows.
   */
  @Test
  void fitThenScoreSpector() throws Exception {
    Path summary = dir.resolve("fit.json");
    Path model = dir.resolve("model");
    JobRun fit = JobRun.of("fit-logistic", "--input", SPECTOR, "--label", "GRADE", "--features", "GPA,TUCE,PSI",
        "--model", model.toString(), "--summary", summary.toString(), "--output", dir.resolve("coef").toString(),
        "--show", "false");
    assertEquals(0, fit.code(), fit.toString());
    JsonNode s = new ObjectMapper().readTree(summary.toFile());
    assertEquals("fit-logistic", s.get("job").asText());
    for (String f : new String[] {"intercept", "coefficients", "std_errors", "objective", "log_likelihood",
        "log_prior", "nonzero", "converged", "iterations", "passes", "kkt_norm"}) {
      assertTrue(s.has(f), "summary field " + f + " in " + s);
    }
    assertClose(-13.021346858115697, s.get("intercept").asDouble(), 1e-6);
    assertClose(2.8261125948893224, s.get("coefficients").get("GPA").asDouble(), 1e-6);
    assertClose(0.09515766131790943, s.get("coefficients").get("TUCE").asDouble(), 1e-6);
    assertClose(2.378687655093354, s.get("coefficients").get("PSI").asDouble(), 1e-6);
    assertClose(1.2629410756291097, s.get("std_errors").get("GPA").asDouble(), 1e-6);
    assertClose(-12.889634222131413, s.get("log_likelihood").asDouble(), 1e-9);
    assertClose(12.889634222131413, s.get("objective").asDouble(), 1e-9);
    assertEquals(0.0, s.get("log_prior").asDouble(), 0.0);
    assertTrue(s.get("converged").asBoolean());
    assertEquals(3, s.get("nonzero").asInt()); // slopes; the intercept is not counted

    Path scoreSummary = dir.resolve("score.json");
    JobRun score = JobRun.of("score-logistic", "--input", SPECTOR, "--model", model.toString(),
        "--output", dir.resolve("scores").toString(), "--summary", scoreSummary.toString());
    assertEquals(0, score.code(), score.toString());
    JsonNode r = new ObjectMapper().readTree(scoreSummary.toFile());
    assertEquals(32, r.get("rows").asInt());
    // mean log-loss of the MLE on its own training rows = -llf / n
    assertClose(12.889634222131413 / 32, r.get("log_loss").asDouble(), 1e-9);
    assertTrue(r.get("auc").asDouble() > 0.5 && r.get("accuracy").asDouble() > 0.5, r.toString());
    assertTrue(Files.list(dir.resolve("scores")).anyMatch(p -> p.getFileName().toString().startsWith("run_id=")));
  }

  /** The MAP fit is the library's, with the prior from the job syntax; prior-model reuses the posterior. */
  @Test
  void priorsFromFlagsAndFromAModel() throws Exception {
    Path model = dir.resolve("m");
    assertEquals(0, JobRun.of("fit-logistic", "--input", SPECTOR, "--label", "GRADE", "--features", "GPA,TUCE,PSI",
        "--prior", "gaussian:1", "--model", model.toString(), "--show", "false").code());
    Path summary = dir.resolve("refit.json");
    JobRun refit = JobRun.of("fit-logistic", "--input", SPECTOR, "--label", "GRADE", "--features", "GPA,TUCE,PSI",
        "--prior-model", model.toString(), "--priors", "PSI=laplace:0.01", "--summary", summary.toString(),
        "--show", "false");
    assertEquals(0, refit.code(), refit.toString());
    JsonNode s = new ObjectMapper().readTree(summary.toFile());
    assertTrue(s.get("log_prior").asDouble() < 0, s.toString());
    // a Laplace prior with scale 0.01 on PSI holds it at exactly 0
    assertEquals(0.0, s.get("coefficients").get("PSI").asDouble(), 0.0);
    assertEquals(2, s.get("nonzero").asInt());
  }

  @Test
  void badInputIsOneLineExitTwo() {
    String[][] cases = {
        {"fit-logistic", "--input", SPECTOR, "--features", "GPA"},                                   // no label
        {"fit-logistic", "--input", SPECTOR, "--label", "GRADE"},                                    // no features
        {"fit-logistic", "--input", SPECTOR, "--label", "GRADE", "--features", "GPA", "--prior", "gaussian:-1"},
        {"fit-logistic", "--input", SPECTOR, "--label", "GRADE", "--features", "GPA", "--prior", "horseshoe:1"},
        {"fit-logistic", "--input", SPECTOR, "--label", "GRADE", "--features", "GPA,TUCE", "--prior-mean", "1,2,3"},
        {"fit-logistic", "--input", SPECTOR, "--label", "GRADE", "--features", "GPA", "--priors", "Nope=gaussian:1"},
        {"fit-logistic", "--input", SPECTOR, "--label", "TUCE", "--features", "GPA"},                // many classes
        {"fit-logistic", "--input", SPECTOR, "--label", "GRADE", "--features", "GPAA"},              // missing column
        {"fit-logistic", "--input", SPECTOR, "--label", "GRADE", "--features", "GPA", "--na", "maybe"},
        {"score-logistic", "--input", SPECTOR},                                                      // no model
        {"score-logistic", "--input", SPECTOR, "--model", "/nonexistent/model"},
    };
    for (String[] args : cases) {
      JobRun r = JobRun.of(args);
      assertTrue(r.isOneLineBadInput(), String.join(" ", args) + "\n" + r);
    }
  }

  /** GRADE is separated by a made-up column that equals it: MLE is refused, a prior converges. */
  @Test
  void separationIsReportedWithAdvice() throws Exception {
    Path data = dir.resolve("separable.csv");
    Files.writeString(data, "x,y\n-2,0\n-1,0\n-0.5,0\n0.5,1\n1,1\n2,1\n");
    JobRun mle = JobRun.of("fit-logistic", "--input", data.toString(), "--label", "y", "--features", "x");
    assertTrue(mle.isOneLineBadInput(), mle.toString());
    assertTrue(mle.err().contains("x") && mle.err().toLowerCase().contains("prior"), mle.err());
    JobRun map = JobRun.of("fit-logistic", "--input", data.toString(), "--label", "y", "--features", "x",
        "--prior", "gaussian:2", "--show", "false");
    assertEquals(0, map.code(), map.toString());
  }

  // ---------------------------------------------------------------- refit from a saved model

  static final String PENGUIN_FEATURES = "Species,Beak Length (mm),Beak Depth (mm),Body Mass (g)";

  /** data/penguins.csv, the rows with a sex (MALE or FEMALE): 333 rows, no nulls. */
  private Path penguinsWithSex() throws IOException {
    Path p = dir.resolve("penguins-with-sex.csv");
    if (!Files.exists(p)) {
      List<String> keep = new ArrayList<>();
      for (String line : Files.readAllLines(Path.of("data/penguins.csv"))) {
        if (keep.isEmpty() || line.endsWith(",MALE") || line.endsWith(",FEMALE")) {
          keep.add(line);
        }
      }
      Files.write(p, keep);
    }
    return p;
  }

  private static void assertCoefficients(double[] expected, JsonNode s, String what) {
    assertClose(expected[0], s.get("intercept").asDouble(), 1e-6, what + " intercept");
    String[] names = {"Species=Chinstrap", "Species=Gentoo", "Beak Length (mm)", "Beak Depth (mm)", "Body Mass (g)"};
    for (int j = 0; j < names.length; j++) {
      double e = expected[j + 1];
      double a = s.get("coefficients").get(names[j]).asDouble();
      assertTrue(Math.abs(a - e) <= 1e-6 * Math.abs(e), what + " " + names[j] + ": expected " + e + " but was " + a);
    }
  }

  /**
   * The refit that stopped after one iteration at the prior means (log-loss 31.8, exit 0): m1 with
   * gaussian:10, then the same with --prior-model m1. Expected numbers from scipy
   * (src/test/python/refit_reference.py, "penguins m1" and "penguins refit from m1 (prior-model)").
   */
  @Test
  void refitFromSavedModelConverges() throws Exception {
    String data = penguinsWithSex().toString();
    Path m1 = dir.resolve("m1");
    Path s1 = dir.resolve("m1.json");
    JobRun fit = JobRun.of("fit-logistic", "--input", data, "--label", "Sex", "--positive", "MALE", "--features",
        PENGUIN_FEATURES, "--prior", "gaussian:10", "--model", m1.toString(), "--summary", s1.toString());
    assertEquals(0, fit.code(), fit.toString());
    assertCoefficients(new double[] {-74.93513816372793, -6.608440730309411, -7.396635502788219, 0.596410073313155,
        1.6581938006949153, 0.005817269800136535}, new ObjectMapper().readTree(s1.toFile()), "m1");
    Path s2 = dir.resolve("m2.json");
    JobRun refit = JobRun.of("fit-logistic", "--input", data, "--label", "Sex", "--positive", "MALE", "--features",
        PENGUIN_FEATURES, "--prior", "gaussian:10", "--prior-model", m1.toString(), "--model", dir.resolve("m2").toString(),
        "--summary", s2.toString());
    assertEquals(0, refit.code(), refit.toString());
    JsonNode s = new ObjectMapper().readTree(s2.toFile());
    assertTrue(s.get("converged").asBoolean(), s.toString());
    assertTrue(s.get("iterations").asInt() > 1, s.toString());
    assertCoefficients(new double[] {-75.17937005872733, -6.687187769177332, -7.532166753195112, 0.6022462763973722,
        1.6523824519336174, 0.005853872821889777}, s, "refit");
    assertClose(0.19117987888574334, s.get("mean_log_loss").asDouble(), 1e-8, "mean log-loss");
    assertClose(63.668168971260556, s.get("objective").asDouble(), 1e-9, "J");
  }

  /** jobs/weekly-refit.properties as shipped, on a real table: last week's model is the prior. */
  @Test
  void weeklyRefitJobFileConvergesOnARealTable() throws Exception {
    String data = penguinsWithSex().toString();
    Path m1 = dir.resolve("week1");
    assertEquals(0, JobRun.of("fit-logistic", "--input", data, "--label", "Sex", "--positive", "MALE", "--features",
        PENGUIN_FEATURES, "--prior", "gaussian:10", "--model", m1.toString(), "--show", "false").code());
    Path summary = dir.resolve("week2.json");
    JobRun r = JobRun.of("jobs/weekly-refit.properties", "--input", data, "--format", "csv", "--label", "Sex",
        "--positive", "MALE", "--features", PENGUIN_FEATURES, "--prior-model", m1.toString(),
        "--model", dir.resolve("week2").toString(), "--summary", summary.toString(),
        "--report", dir.resolve("week2.html").toString());
    assertEquals(0, r.code(), r.toString());
    JsonNode s = new ObjectMapper().readTree(summary.toFile());
    assertTrue(s.get("converged").asBoolean(), s.toString());
    // the same refit as refitFromSavedModelConverges (the job file's na = drop drops nothing here)
    assertCoefficients(new double[] {-75.17937005872733, -6.687187769177332, -7.532166753195112, 0.6022462763973722,
        1.6523824519336174, 0.005853872821889777}, s, "weekly refit");
  }

  // ---------------------------------------------------------------- exit 4, identifiability

  @Test
  void notConvergedIsExitFourAndKeepsTheEarlierModel() throws Exception {
    Path model = spectorModel("kept");
    byte[] before = Files.readAllBytes(model.resolve("model.json"));
    Path summary = dir.resolve("one-iteration.json");
    Path history = dir.resolve("coefficients");
    JobRun r = JobRun.of("fit-logistic", "--input", SPECTOR, "--label", "GRADE", "--features", "GPA,TUCE,PSI",
        "--prior", "gaussian:2", "--max-iterations", "1", "--model", model.toString(), "--output", history.toString(),
        "--summary", summary.toString(), "--show", "false");
    assertEquals(Main.NOT_CONVERGED, r.code(), r.toString());
    assertEquals(1, r.err().strip().lines().count(), r.toString());
    assertTrue(r.err().startsWith("infospark: ") && r.err().contains("did not converge")
        && r.err().contains("iteration limit 1"), r.toString());
    assertTrue(Arrays.equals(before, Files.readAllBytes(model.resolve("model.json"))), "the earlier model is untouched");
    assertFalse(Files.exists(history), "no coefficient history of a fit that did not converge");
    JsonNode s = new ObjectMapper().readTree(summary.toFile());
    assertFalse(s.get("converged").asBoolean(), s.toString());
    assertTrue(s.get("reason").asText().contains("iteration limit 1"), s.toString());
  }

  /** A feature of ±1e200: J's Hessian overflows; the fit says so and exits 4 rather than 0 or 1. */
  @Test
  void infiniteHessianIsExitFour() throws Exception {
    Path data = dir.resolve("huge.csv");
    Files.writeString(data, "x,y\n-1e200,0\n-2e200,1\n1e200,0\n3e200,1\n2e200,1\n-3e200,0\n");
    JobRun r = JobRun.of("fit-logistic", "--input", data.toString(), "--label", "y", "--features", "x",
        "--prior", "gaussian:1", "--show", "false");
    assertEquals(Main.NOT_CONVERGED, r.code(), r.toString());
    assertTrue(r.err().contains("not finite"), r.toString());
  }

  @Test
  void priorTooNarrowForDoublesIsBadInput() {
    JobRun r = JobRun.of("fit-logistic", "--input", SPECTOR, "--label", "GRADE", "--features", "GPA", "--prior",
        "gaussian:1e-300");
    assertTrue(r.isOneLineBadInput(), r.toString());
    assertTrue(r.err().contains("prior") && r.err().contains("1.0E-300"), r.toString());
  }

  /** GPA twice, a constant, a copy, a sum: exit 2 naming them by maximum likelihood. */
  @Test
  void duplicateConstantAndCollinearFeaturesAreNamed() throws Exception {
    JobRun twice = JobRun.of("fit-logistic", "--input", SPECTOR, "--label", "GRADE", "--features", "GPA,TUCE,GPA");
    assertTrue(twice.isOneLineBadInput(), twice.toString());
    assertTrue(twice.err().contains("'GPA'") && twice.err().contains("twice"), twice.toString());
    Path data = spectorWith();
    Object[][] cases = {{"GPA,TUCE,ONE", "'ONE' is constant"}, {"GPA,TUCE,GPA2", "'GPA2' = 1·'GPA'"},
        {"GPA,TUCE,SUM", "'SUM' = 1·'GPA' + 2·'TUCE'"}};
    for (Object[] c : cases) {
      JobRun r = JobRun.of("fit-logistic", "--input", data.toString(), "--label", "GRADE", "--features", (String) c[0]);
      assertTrue(r.isOneLineBadInput(), r.toString());
      assertTrue(r.err().contains((String) c[1]) && r.err().contains("prior"), r.toString());
    }
  }

  /**
   * Under a proper prior the same features are identifiable: the fit converges, says which
   * coefficients the prior alone determines, and every standard error is finite. The constant's
   * coefficient is exactly its prior mean (J depends on it only through the prior).
   */
  @Test
  void priorDeterminedFeaturesAreFittedAndNamed() throws Exception {
    Path data = spectorWith();
    Path summary = dir.resolve("prior-determined.json");
    JobRun r = JobRun.of("fit-logistic", "--input", data.toString(), "--label", "GRADE", "--features",
        "GPA,TUCE,ONE,GPA2,SUM", "--prior", "gaussian:1", "--prior-mean", "0.25", "--summary", summary.toString(),
        "--show", "false");
    assertEquals(0, r.code(), r.toString());
    for (String n : List.of("'ONE' is constant", "'GPA2' = 1·'GPA'", "'SUM' = ")) {
      assertTrue(r.out().contains("infospark: note: " + n), n + " in " + r);
    }
    JsonNode s = new ObjectMapper().readTree(summary.toFile());
    assertTrue(s.get("converged").asBoolean(), s.toString());
    assertEquals(3, s.get("prior_determined").size(), s.toString());
    assertEquals(0.25, s.get("coefficients").get("ONE").asDouble(), 1e-9, s.toString());
    s.get("std_errors").fields().forEachRemaining(e -> assertTrue(e.getValue().isNumber()
        && e.getValue().asDouble() > 0 && e.getValue().asDouble() < 100, e.getKey() + ": " + e.getValue()));
  }

  /** The MLE of GRADE ~ GPA + TUCE + PSI saved by fit-logistic --model in {@code dir/name}. */
  private Path spectorModel(String name) {
    Path model = dir.resolve(name);
    JobRun r = JobRun.of("fit-logistic", "--input", SPECTOR, "--label", "GRADE", "--features", "GPA,TUCE,PSI",
        "--model", model.toString(), "--show", "false");
    assertEquals(0, r.code(), r.toString());
    return model;
  }

  /** spector with ONE = 1, GPA2 = GPA, SUM = GPA + 2·TUCE. */
  private Path spectorWith() throws IOException {
    Path p = dir.resolve("spector-collinear.csv");
    List<String> lines = Files.readAllLines(Path.of(SPECTOR));
    List<String> out = new ArrayList<>(List.of(lines.get(0) + ",ONE,GPA2,SUM"));
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",");
      double gpa = Double.parseDouble(f[0]);
      double tuce = Double.parseDouble(f[1]);
      out.add(l + ",1," + f[0] + "," + (gpa + 2 * tuce));
    }
    Files.write(p, out);
    return p;
  }

  // ---------------------------------------------------------------- scoring

  /** An input with every column scoring adds: refused one by one, naming it; a prefix avoids them all. */
  @Test
  void scoringNeverOverwritesAnInputColumn() throws Exception {
    Path model = spectorModel("score-model");
    List<String> lines = Files.readAllLines(Path.of(SPECTOR));
    for (String taken : List.of("margin", "probability", "prediction", "run_date", "run_id", "Probability")) {
      Path data = dir.resolve("with-" + taken + ".csv");
      List<String> out = new ArrayList<>(List.of(lines.get(0) + "," + taken));
      lines.subList(1, lines.size()).forEach(l -> out.add(l + ",mine"));
      Files.write(data, out);
      JobRun r = JobRun.of("score-logistic", "--input", data.toString(), "--model", model.toString(),
          "--output", dir.resolve("scores-" + taken).toString());
      assertTrue(r.isOneLineBadInput(), taken + ": " + r);
      assertTrue(r.err().contains("'" + taken + "'"), r.toString());
      assertFalse(Files.exists(dir.resolve("scores-" + taken)), "nothing written");
    }
    Path data = dir.resolve("with-all.csv");
    List<String> out = new ArrayList<>(List.of(lines.get(0) + ",margin,probability,prediction,run_date"));
    lines.subList(1, lines.size()).forEach(l -> out.add(l + ",m,p,q,d"));
    Files.write(data, out);
    Path scores = dir.resolve("prefixed");
    JobRun r = JobRun.of("score-logistic", "--input", data.toString(), "--model", model.toString(),
        "--output", scores.toString(), "--prefix", "score_");
    assertEquals(0, r.code(), r.toString());
    List<Row> rows = SparkTestSession.get().read().parquet(scores.toString()).collectAsList();
    assertEquals(32, rows.size());
    for (Row row : rows) {
      assertEquals("m", row.getAs("margin"));
      assertEquals("p", row.getAs("probability"));
      assertEquals("q", row.getAs("prediction"));
      assertEquals("d", row.getAs("run_date"));
      double p = row.<Double>getAs("score_probability");
      assertEquals(p >= 0.5 ? 1.0 : 0.0, row.<Double>getAs("score_prediction"), 0.0);
    }
  }

  /**
   * A row with a null or NaN feature gets null margin, probability and prediction; the summary
   * counts it as unscored, and a scored row without a label as unlabelled.
   */
  @Test
  void unscoredRowsHaveNoPredictionAndAreCountedApart() throws Exception {
    Path model = spectorModel("unscored-model");
    Path data = dir.resolve("holes.csv");
    Files.writeString(data, "GPA,TUCE,PSI,GRADE\n2.66,20,0,0\n,22,1,1\nNaN,20,0,0\n3.1,21,1,\n4.0,25,1,1\n");
    Path scores = dir.resolve("holes-scores");
    Path summary = dir.resolve("holes.json");
    JobRun r = JobRun.of("score-logistic", "--input", data.toString(), "--model", model.toString(),
        "--output", scores.toString(), "--summary", summary.toString());
    assertEquals(0, r.code(), r.toString());
    JsonNode s = new ObjectMapper().readTree(summary.toFile());
    assertEquals(5, s.get("rows").asInt());
    assertEquals(2, s.get("unscored").asInt(), s.toString());
    assertEquals(1, s.get("unlabelled").asInt(), s.toString());
    List<Row> rows = SparkTestSession.get().read().parquet(scores.toString()).orderBy("TUCE").collectAsList();
    long nulls = 0;
    for (Row row : rows) {
      boolean unscored = row.isNullAt(row.fieldIndex("GPA")) || Double.isNaN(row.<Double>getAs("GPA"));
      for (String c : LogisticScoring.COLUMNS) {
        assertEquals(unscored, row.isNullAt(row.fieldIndex(c)), c + " of " + row);
      }
      nulls += unscored ? 1 : 0;
    }
    assertEquals(2, nulls);
  }

  /** The score-logistic section of the jobs reference names the columns the job writes. */
  @Test
  void readmeNamesTheScoredColumns() throws IOException {
    String readme = Files.readString(Path.of("docs", "jobs.md"), StandardCharsets.UTF_8);
    String section = readme.substring(readme.indexOf("## score-logistic"));
    section = section.substring(0, section.indexOf("\n## "));
    for (String c : LogisticScoring.COLUMNS) {
      assertTrue(section.contains("`" + c + "`"), c + " in docs/jobs.md's score-logistic section");
    }
    assertFalse(section.contains("raw_prediction"), section);
  }

  /** A model.json with one coefficient too few: exit 2, one line naming the model and the field. */
  @Test
  void inconsistentModelIsRejectedOnLoad() throws Exception {
    Path model = spectorModel("short-model");
    Path json = model.resolve("model.json");
    com.fasterxml.jackson.databind.node.ObjectNode m = (com.fasterxml.jackson.databind.node.ObjectNode)
        new ObjectMapper().readTree(json.toFile());
    ((com.fasterxml.jackson.databind.node.ArrayNode) m.get("beta")).remove(3);
    Files.writeString(json, m.toString());
    Files.deleteIfExists(model.resolve(".model.json.crc")); // edited by hand: no checksum of Hadoop's to match
    for (String[] args : new String[][] {{"score-logistic", "--input", SPECTOR, "--model", model.toString()},
        {"fit-logistic", "--input", SPECTOR, "--label", "GRADE", "--features", "GPA,TUCE,PSI", "--prior-model",
            model.toString()}}) {
      JobRun r = JobRun.of(args);
      assertTrue(r.isOneLineBadInput(), r.toString());
      assertTrue(r.err().contains(model.toString()) && r.err().contains("'beta' has 3 values; expected 4"), r.toString());
    }
    m.put("beta", new ObjectMapper().createArrayNode().add(1).add("x").add(2).add(3));
    Files.writeString(json, m.toString());
    JobRun r = JobRun.of("score-logistic", "--input", SPECTOR, "--model", model.toString());
    assertTrue(r.isOneLineBadInput() && r.err().contains("'beta[1]' is x"), r.toString());
  }
}
