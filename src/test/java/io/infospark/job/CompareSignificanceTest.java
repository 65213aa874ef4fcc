package io.infospark.job;

import static io.infospark.testing.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Is a drift real? The compare job's G-test, noise floors, Hellinger distance, contributors,
 * pooled-quantile bins and {@code alpha} (DESIGN.md §5.2, §5.6), on real tables of {@code data/},
 * against scipy and numpy ({@code src/test/python/estimators_reference.py two_sample compare_job}):
 * <pre>
 * g, p, df, _ = chi2_contingency(np.vstack([a, b]), lambda_="log-likelihood", correction=False)
 * edges = np.unique(np.quantile(np.concatenate([x_p, x_q]), np.linspace(0, 1, bins + 1)))   # pooled
 * a, b = np.histogram(x_p, edges)[0], np.histogram(x_q, edges)[0]
 * js_term = 0.5*(pa*np.log(pa/m) + pb*np.log(pb/m)); js_share = js_term / js_term.sum()
 * kl_term = pa*np.log(pa/pb) - pa + pb;               kl_share = kl_term / kl_term.sum()
 * </pre>
 */
class CompareSignificanceTest {
  private static final double REF = 1e-9;

  @TempDir
  Path dir;

  private static JsonNode column(JsonNode summary, String name) {
    for (JsonNode c : summary.get("columns")) {
      if (c.get("column").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no column " + name);
  }

  private static void relative(double expected, JsonNode actual, String what) {
    assertEquals(1.0, actual.asDouble() / expected, REF, what + ": " + actual);
  }

  /**
   * Seattle weather 2015 against 2012: "weather" (snow only in 2012: KL(q‖p) and PSI infinite, the
   * test and JS finite) and "temp_max" in 10 bins of the pooled quantiles; 2015 was warmer: G = 36.8,
   * p = 2.8e-5, a third of the JS from the warmest bin.
   */
  @Test
  void seattleWeatherDriftIsReal() throws Exception {
    Path summary = dir.resolve("s.json");
    Path report = dir.resolve("r.html");
    JobRun r = JobRun.of("compare", "--input", "data/seattle-weather-2015.csv", "--reference",
        "data/seattle-weather-2012.csv", "--columns", "weather,temp_max", "--binning", "pooled-quantile", "--bins", "10",
        "--max-js", "0.01", "--alpha", "0.05", "--summary", summary.toString(), "--report", report.toString());
    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().contains("column 'weather': js = 0.0712588 nats exceeds max-js 0.01 and the G-test rejects "
        + "at alpha 0.05 (p-value 1.27e-21)"), r.err());
    JsonNode s = SummaryWriter.JSON.readTree(summary.toFile());
    assertEquals(0.05, s.get("alpha").asDouble());
    assertEquals(2, s.get("exceeded").size());
    JsonNode w = column(s, "weather");
    relative(104.176921621792, w.get("g_statistic"), "G");
    relative(1.268437383343273e-21, w.get("p_value"), "p-value");
    assertEquals(4, w.get("df").asLong());
    assertEquals(365, w.get("n_p").asLong());
    assertEquals(366, w.get("n_q").asLong());
    relative(0.0027359832322778653, w.get("js_null"), "js_null");
    relative(0.010943932929111461, w.get("kl_null"), "kl_null");
    relative(0.021887865858222923, w.get("psi_null"), "psi_null");
    relative(0.28906343518804856, w.get("hellinger"), "hellinger");
    assertEquals("Infinity", w.get("psi").asText());
    // fog makes 43 % of the JS, snow (only in 2012) 28 %
    JsonNode fog = w.get("contributors").get(0);
    assertEquals("fog", fog.get("value").asText());
    relative(0.434286929203765, fog.get("js_share"), "fog's share of JS");
    relative(0.030946745009187336, fog.get("js_term"), "fog's JS term");
    assertEquals("snow", w.get("contributors").get(1).get("value").asText());
    relative(0.27905862933875486, w.get("contributors").get(1).get("js_share"), "snow's share of JS");
    assertEquals(5, w.get("contributors").size());
    JsonNode t = column(s, "temp_max");
    assertTrue(t.get("binning").asText().startsWith("pooled-quantile: 10 bins on [-1.1, 35]"), t.toString());
    relative(36.81500070148425, t.get("g_statistic"), "G");
    relative(2.839573734870127e-05, t.get("p_value"), "p-value");
    assertEquals(9, t.get("df").asLong());
    relative(0.025181405132301302, t.get("js"), "js");
    relative(0.1596055106528542, t.get("hellinger"), "hellinger");
    relative(0.006155962272625197, t.get("js_null"), "js_null");
    JsonNode warmest = t.get("contributors").get(0);
    assertEquals("[26.1, 35]", warmest.get("value").asText());
    relative(0.3688152934669362, warmest.get("js_share"), "js share");
    relative(0.42369456969086594, warmest.get("kl_share"), "kl share");
    // every bin, in value order, with its shares of p (2015) and q (2012)
    JsonNode bins = t.get("histogram");
    assertEquals(10, bins.size());
    assertEquals("[-1.1, 7.2)", bins.get(0).get("value").asText());
    assertEquals("[26.1, 35]", bins.get(9).get("value").asText());
    assertClose(20.0 / 365, bins.get(0).get("p").asDouble(), 1e-15);
    assertClose(25.0 / 366, bins.get(9).get("q").asDouble(), 1e-15);
    String html = Files.readString(report);
    assertTrue(html.contains("noise floor") && html.contains("[26.1, 35]") && html.contains("only in q: snow"));
  }

  /**
   * The first 1,000 bird strikes against the other 9,000, "Speed IAS in knots" (whole numbers) in
   * 8 bins of the pooled quantiles: JS 0.00064 is above max-js 0.0005 but below its noise floor
   * (0.0011), p = 0.79: with alpha it is not exceeded (exit 0) and the summary says why.
   */
  @Test
  void smallSegmentIsNotDrift() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("data/birdstrikes.csv"));
    List<String> first = new ArrayList<>(lines.subList(0, 1001));
    List<String> rest = new ArrayList<>(lines.subList(0, 1));
    rest.addAll(lines.subList(1001, lines.size()));
    Path p = Files.write(dir.resolve("first.csv"), first);
    Path q = Files.write(dir.resolve("rest.csv"), rest);
    Path summary = dir.resolve("s.json");
    String[] args = {"compare", "--input", p.toString(), "--reference", q.toString(), "--columns",
        "Speed IAS in knots", "--bin-columns", "Speed IAS in knots", "--binning", "pooled-quantile", "--bins", "8",
        "--max-js", "0.0005", "--summary", summary.toString()};
    JobRun without = JobRun.of(args);
    assertEquals(3, without.code(), "without alpha the threshold alone decides: " + without);
    List<String> withAlpha = new ArrayList<>(List.of(args));
    withAlpha.addAll(List.of("--alpha", "0.05"));
    JobRun r = JobRun.of(withAlpha.toArray(new String[0]));
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("not significant: column 'Speed IAS in knots': js = 0.000643005 nats is above max-js "
        + "0.0005 but the G-test does not reject at alpha 0.05 (p-value 0.789)"), r.out());
    JsonNode s = SummaryWriter.JSON.readTree(summary.toFile());
    assertEquals(0, s.get("exceeded").size());
    assertEquals(1, s.get("not_significant").size());
    JsonNode c = column(s, "Speed IAS in knots");
    assertEquals("int", c.get("type").asText());
    assertTrue(c.get("binning").asText().startsWith("pooled-quantile: 8 bins on [0, 350]"), c.toString());
    relative(3.9228232479461425, c.get("g_statistic"), "G");
    relative(0.7886225606791841, c.get("p_value"), "p-value");
    relative(0.0006430053032788307, c.get("js"), "js");
    relative(0.001135781361770779, c.get("js_null"), "js_null");
    assertEquals(8, c.get("histogram").size());
    assertEquals("[136, 140)", c.get("histogram").get(3).get("value").asText());
    assertClose(8.0 / 878, c.get("histogram").get(3).get("p").asDouble(), 1e-15);
  }
}
