package io.infospark.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.core.logistic.Prior;
import io.infospark.logistic.LogisticFit;
import io.infospark.logistic.LogisticOptions;
import io.infospark.logistic.LogisticResult;
import io.infospark.logistic.NaPolicy;
import io.infospark.testing.SparkTestSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The logistic fit's report in headless chromium, for a Gaussian and a Laplace prior. */
@Tag("browser")
class LogisticReportBrowserTest {
  @TempDir
  Path dir;

  private static LogisticOptions options(Prior prior) {
    return LogisticOptions.label("Sex").positive("MALE")
        .features("Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)", "Species", "Island")
        .na(NaPolicy.DROP).prior(prior);
  }

  private static Dataset<Row> penguins() {
    SparkSession spark = SparkTestSession.get();
    return spark.read().option("header", "true").option("inferSchema", "true")
        .csv("data/penguins.csv").where("Sex in ('MALE', 'FEMALE')");
  }

  private static LogisticResult fit(Prior prior) {
    return LogisticFit.fit(penguins(), options(prior));
  }

  private void check(String name, LogisticResult r) throws Exception {
    Path report = dir.resolve(name + ".html");
    Files.writeString(report, LogisticReport.html(r, Map.of("data", "penguins <all>")), StandardCharsets.UTF_8);
    Path work = Files.createDirectories(dir.resolve("browser-" + name));
    Browser.Page page = Browser.render(report, work);
    Browser.screenshot(report, Path.of("target", "report-screenshots", name + ".png"), 2400, work);
    assertTrue(Browser.assertChartsDrawn(page, name) >= 2, "coefficients and the prior chart");
    assertTrue(page.dom().contains("penguins &lt;all&gt;"));
  }

  @Test
  void gaussianPrior() throws Exception {
    check("fit-logistic-gaussian", fit(Prior.gaussian(0, 1)));
  }

  @Test
  void laplacePrior() throws Exception {
    check("fit-logistic-laplace", fit(Prior.laplace(0, 0.5)));
  }

  /** Last fit's posterior as the prior: a Gaussian per coefficient, drawn in standard units. */
  @Test
  void previousModelAsPrior() throws Exception {
    LogisticResult first = fit(Prior.gaussian(0, 1));
    LogisticResult refit = LogisticFit.fit(penguins(), options(Prior.gaussian(0, 1)).priorsFrom(first, false));
    assertTrue(refit.objectiveTrace().length >= 1, "J per iteration recorded (it starts at the optimum: one point)");
    check("fit-logistic-refit", refit);
  }
}
