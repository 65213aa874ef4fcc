package io.infospark.job;

import static io.infospark.testing.Approx.REFERENCE;
import static io.infospark.testing.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.infospark.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compare and mutual-info jobs end to end on the real engine and the shipped data: summary
 * fields (DESIGN.md §3), Infinity as a string, thresholds → exit 3, bad input → exit 2, history.
 */
class CompareJobTest {
  @TempDir
  Path dir;

  @BeforeAll
  static void session() {
    SparkTestSession.get();
  }

  private JobRun run(String... args) {
    return JobRun.of(args);
  }

  private Map<String, JsonNode> byField(JsonNode array, String field) {
    Map<String, JsonNode> m = new HashMap<>();
    array.forEach(c -> m.put(c.get(field).asText(), c));
    return m;
  }

  /** 2015 against 2012 (the shipped job's inputs): kl_reverse is Infinity, snow is named. */
  @Test
  void summaryOfTheShippedDriftCheck() throws IOException {
    Path summary = dir.resolve("s.json");
    JobRun r = run("jobs/compare-seattle-weather.properties", "--summary", summary.toString(),
        "--output", dir.resolve("history").toString(), "--max-js", "1", "--base", "e");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("snow"), r.out());
    JsonNode s = SummaryWriter.JSON.readTree(summary.toFile());
    assertEquals("compare", s.get("job").asText());
    assertEquals("nats", s.get("unit").asText());
    assertEquals(1.0, s.get("parameters").get("max-js").asDouble());
    Map<String, JsonNode> cols = byField(s.get("columns"), "column");
    assertEquals(4, cols.size());
    JsonNode w = cols.get("weather");
    for (String f : List.of("column", "entropy_p", "entropy_q", "cross_entropy", "kl", "kl_reverse", "js", "psi")) {
      assertTrue(w.has(f), f);
    }
    // p = 2015, q = 2012: scipy entropy(qc, pc) with pc = 2015 counts, qc = 2012 counts is inf;
    // entropy(pc, qc) = 0.3370450241369297; jensenshannon(pc, qc)**2 = 0.07125875297680738
    assertEquals("Infinity", w.get("kl_reverse").asText());
    assertEquals("Infinity", w.get("psi").asText());
    assertClose(0.3370450241369297, w.get("kl").asDouble(), REFERENCE);
    assertClose(0.07125875297680738, w.get("js").asDouble(), REFERENCE);
    assertEquals(1, w.get("support_mismatch_reverse").asLong());
    assertEquals("snow", w.get("examples_reverse").get(0).asText());
    assertEquals(365, w.get("count_p").asLong());
    assertTrue(cols.get("precipitation").get("binning").asText().startsWith("equal-width"));
    Dataset<Row> h = SparkTestSession.get().read().parquet(dir.resolve("history").toString());
    assertEquals(4, h.count());
  }

  @Test
  void shippedJobFileExceedsItsJsThreshold() {
    JobRun r = run("jobs/compare-seattle-weather.properties", "--output", dir.resolve("h").toString(),
        "--summary", dir.resolve("s.json").toString());
    assertEquals(Main.THRESHOLD_EXCEEDED, r.code(), r.toString());
    assertTrue(r.err().startsWith("infospark: column 'weather': js = ") && r.err().contains("exceeds max-js 0.05"),
        r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(dir.resolve("s.json").toFile().exists(), "results are written before exit 3");
  }

  @Test
  void infiniteKlExceedsAThresholdAndNamesTheValue() {
    JobRun r = run("compare", "--input", "data/seattle-weather-2012.csv", "--reference",
        "data/seattle-weather-2015.csv", "--columns", "weather", "--max-kl", "10", "--show", "false");
    assertEquals(Main.THRESHOLD_EXCEEDED, r.code(), r.toString());
    assertTrue(r.err().contains("column 'weather': kl = Infinity nats exceeds max-kl 10") && r.err().contains("snow"),
        r.err());
    JobRun smoothed = run("compare", "--input", "data/seattle-weather-2012.csv", "--reference",
        "data/seattle-weather-2015.csv", "--columns", "weather", "--max-kl", "10", "--smoothing", "1",
        "--output", dir.resolve("csv").toString(), "--output-format", "csv");
    assertEquals(0, smoothed.code(), smoothed.toString());
    Dataset<Row> h = SparkTestSession.get().read().option("header", "true").csv(dir.resolve("csv").toString());
    assertEquals(1, h.count());
    assertTrue(h.columns().length > 20);
  }

  @Test
  void badInputIsExitTwoWithOneLine() {
    JobRun missing = run("compare", "--input", "data/seattle-weather-2015.csv", "--reference",
        "data/penguins.csv", "--columns", "weather");
    assertTrue(missing.isOneLineBadInput(), missing.toString());
    assertTrue(missing.err().contains("'weather'") && missing.err().contains("penguins.csv"), missing.err());
    JobRun noReference = run("compare", "--input", "data/seattle-weather-2015.csv");
    assertTrue(noReference.isOneLineBadInput() && noReference.err().contains("reference: missing"),
        noReference.toString());
    JobRun alpha = run("compare", "--input", "data/seattle-weather-2015.csv", "--reference",
        "data/seattle-weather-2012.csv", "--smoothing", "-1");
    assertTrue(alpha.isOneLineBadInput() && alpha.err().contains("smoothing: expected a number >= 0"),
        alpha.toString());
    JobRun types = run("compare", "--input", "data/seattle-weather-2015.csv", "--reference",
        "data/birdstrikes.csv", "--columns", "weather");
    assertTrue(types.isOneLineBadInput(), types.toString());
  }

  @Test
  void mutualInfoJobWithATarget() throws IOException {
    Path summary = dir.resolve("mi.json");
    JobRun r = run("jobs/mutual-info-penguins.properties", "--summary", summary.toString(), "--output",
        dir.resolve("mi").toString(), "--base", "e", "--columns", "Island,Sex");
    assertEquals(0, r.code(), r.toString());
    JsonNode s = SummaryWriter.JSON.readTree(summary.toFile());
    assertEquals("mutual-info", s.get("job").asText());
    assertEquals("Species", s.get("target").asText());
    JsonNode first = s.get("pairs").get(0);
    assertEquals("Island", first.get("x").asText(), "sorted by mutual information");
    for (String f : List.of("x", "y", "mutual_information", "joint_entropy", "conditional_entropy_y_given_x",
        "conditional_entropy_x_given_y", "normalized_mi", "mi_miller_madow", "g_statistic", "df", "p_value")) {
      assertTrue(first.has(f), f);
    }
    assertEquals("nats", s.get("unit").asText());
    // sklearn mutual_info_score(Species, Island) on the 344 rows
    assertClose(0.5201571711238806, first.get("mutual_information").asDouble(), REFERENCE);
    assertEquals(4, first.get("df").asLong());
    assertEquals(10, s.get("pairs").get(1).get("rows_dropped").asLong());
    JobRun pairs = run("mutual-info", "--input", "data/penguins.csv", "--columns", "Species,Island,Sex");
    assertEquals(0, pairs.code(), pairs.toString());
    JobRun constant = run("mutual-info", "--input", "data/penguins.csv", "--target", "Nope");
    assertTrue(constant.isOneLineBadInput(), constant.toString());
  }
}
