package io.infospark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.report.Browser;
import io.infospark.testing.SparkTestSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each job's {@code --report} rendered by a real headless chromium: no console message (script
 * error), the page's own check passed, every chart has drawn marks, user strings escaped. A
 * screenshot of each report goes to {@code target/report-screenshots/} for a look. Skipped when
 * chromium is missing ({@code .ci/run} installs it).
 */
@Tag("browser")
class ReportBrowserTest {
  static final Path SHOTS = Path.of("target", "report-screenshots");
  /** A column name that breaks unescaped HTML. */
  static final String NASTY = "city <b>&\"q'";

  @TempDir
  Path dir;

  @BeforeAll
  static void session() {
    SparkTestSession.get();
  }

  /** JSON lines: a 4-value column with an HTML-breaking name, a constant, an all-null one, a double. */
  private Path table() throws IOException {
    List<String> lines = new ArrayList<>();
    String[] cities = {"a", "b", "c", "d", "a", "a", "b", "<i>x</i>"};
    for (int i = 0; i < cities.length; i++) {
      lines.add("{\"city <b>&\\\"q'\": \"" + cities[i] + "\", \"constant\": \"k\", \"nothing\": null, \"price\": "
          + (1.5 * i * i) + "}");
    }
    Path f = dir.resolve("t.json");
    Files.write(f, lines);
    return f;
  }

  private Browser.Page render(String name, Path report) throws Exception {
    assertTrue(Files.isRegularFile(report), "no report at " + report);
    Path work = Files.createDirectories(dir.resolve("browser-" + name));
    Browser.Page page = Browser.render(report, work);
    Browser.screenshot(report, SHOTS.resolve(name + ".png"), 2000, work);
    return page;
  }

  @Test
  void profileReport() throws Exception {
    Path report = dir.resolve("out/profile.html");
    JobRun r = JobRun.of("profile", "--input", table().toString(), "--base", "2", "--report", report.toString(),
        "--show", "false");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("wrote " + report), r.toString());
    String html = Files.readString(report, StandardCharsets.UTF_8);
    assertFalse(html.contains("<b>") || html.contains("<i>"), "an unescaped user string");
    assertFalse(html.replace("http://www.w3.org/2000/svg", "").matches("(?s).*(https?:|//[a-z]).*"),
        "a network reference in the page");
    Browser.Page page = render("profile", report);
    assertEquals(3 + 3, Browser.assertChartsDrawn(page, "profile report"),
        "charts: entropy, H/lnK, null share, and the estimates side by side of the 3 columns with values");
    assertTrue(page.dom().contains("Estimates side by side") && page.dom().contains("NSB ± 2 sd"), "estimators");
    assertTrue(page.dom().contains("undersampled"), "the undersampled columns (every value seen once) flagged");
    assertTrue(page.dom().contains("city &lt;b&gt;&amp;\"q'"), "the column name, escaped, in the page");
    assertTrue(page.dom().contains("undefined"), "the all-null column shown as undefined");
  }

  @Test
  void compareReportWithInfinityAndThresholds() throws Exception {
    Path report = dir.resolve("out/compare.html");
    // 2015 against 2012: weather values differ, plus a column that only p has values of ("snow" is in both)
    JobRun r = JobRun.of("compare", "--input", "data/seattle-weather-2015.csv", "--reference",
        "data/seattle-weather-2012.csv", "--columns", "weather,precipitation,temp_max,wind", "--base", "2",
        "--max-kl", "0.05", "--max-js", "0.02", "--max-psi", "0.1", "--report", report.toString(), "--show", "false");
    assertEquals(Main.THRESHOLD_EXCEEDED, r.code(), r.toString());
    Browser.Page page = render("compare", report);
    assertTrue(Browser.assertChartsDrawn(page, "compare report") >= 3 + 1);
    assertTrue(page.dom().contains("max-kl 0.05"), "the threshold line is labelled");
    assertTrue(page.dom().contains("noise floor") && page.dom().contains("Two-sample G-test"), "significance");
    assertTrue(page.dom().contains("class=\"infinity-label\"") && page.dom().contains("only in q: snow"),
        "an infinite PSI is a marker labelled with its cause beside the finite scale");
    // every bin of a binned column in value order: the first edge of precipitation (0) opens the chart
    int first = page.dom().indexOf("[0, 2.705)"); // 2012 precipitation: 20 bins on [0, 54.1]
    int second = page.dom().indexOf("[2.705, 5.41)");
    assertTrue(first > 0 && second > first, "bins in value order");
  }

  @Test
  void compareReportOfAnInfiniteKlAndAnEmptySide() throws Exception {
    Path p = dir.resolve("p.json");
    Path q = dir.resolve("q.json");
    Files.write(p, List.of("{\"city <b>&\\\"q'\": \"a\", \"gone\": null}", "{\"city <b>&\\\"q'\": \"new <i>\", \"gone\": null}"));
    Files.write(q, List.of("{\"city <b>&\\\"q'\": \"a\", \"gone\": \"x\"}", "{\"city <b>&\\\"q'\": \"b\", \"gone\": \"y\"}"));
    Path report = dir.resolve("out/compare-inf.html");
    JobRun r = JobRun.of("compare", "--input", p.toString(), "--reference", q.toString(), "--max-kl", "1",
        "--report", report.toString(), "--show", "false");
    assertEquals(Main.THRESHOLD_EXCEEDED, r.code(), r.toString());
    String html = Files.readString(report, StandardCharsets.UTF_8);
    assertFalse(html.contains("<b>") || html.contains("<i>"), "an unescaped user string");
    Browser.Page page = render("compare-infinite", report);
    Browser.assertChartsDrawn(page, "compare report with infinity");
    assertTrue(page.dom().contains("class=\"mark infinite\""), "KL = Infinity drawn as an infinite bar");
    assertTrue(page.dom().contains("∞"), "labelled ∞");
    assertTrue(page.dom().contains("undefined: no values to compare"), "the all-null side, with its reason");
  }

  @Test
  void mutualInfoReport() throws Exception {
    Path report = dir.resolve("out/mi.html");
    JobRun r = JobRun.of("mutual-info", "--input", "data/penguins.csv", "--target", "Species", "--base", "2",
        "--report", report.toString(), "--show", "false");
    assertEquals(0, r.code(), r.toString());
    Browser.Page page = render("mutual-info", report);
    assertEquals(2, Browser.assertChartsDrawn(page, "mutual-info report"));
    assertTrue(page.dom().contains("I (Grassberger)") && page.dom().contains("coverage of pairs"), "small samples");
  }

  @Test
  void fitAndScoreLogisticReports() throws Exception {
    Path fit = dir.resolve("out/fit.html");
    Path model = dir.resolve("model");
    JobRun r = JobRun.of("fit-logistic", "--input", "src/test/resources/spector.csv", "--label", "GRADE",
        "--features", "GPA,TUCE,PSI", "--prior", "laplace:0.5",
        "--model", model.toString(), "--report", fit.toString(), "--show", "false");
    assertEquals(0, r.code(), r.toString());
    Browser.Page page = render("fit-logistic", fit);
    assertEquals(3, Browser.assertChartsDrawn(page, "fit-logistic report"), "coefficients, prior, objective");
    Path score = dir.resolve("out/score.html");
    r = JobRun.of("score-logistic", "--input", "src/test/resources/spector.csv", "--model", model.toString(),
        "--report", score.toString(), "--show", "false");
    assertEquals(0, r.code(), r.toString());
    Browser.assertChartsDrawn(render("score-logistic", score), "score-logistic report");
  }
}
