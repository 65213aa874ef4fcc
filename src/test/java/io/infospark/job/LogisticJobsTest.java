package io.infospark.job;

import static io.infospark.testing.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infospark.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
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
        {"fit-logistic", "--input", SPECTOR, "--label", "GRADE", "--features", "GPA", "--prior", "cauchy:1"},
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
}
