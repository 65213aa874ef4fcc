package io.infospark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.infospark.testing.SparkTestSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The anomalies job (and check-anomalies of profile) on a history the profile job writes: six daily
 * runs whose column 'c' has 10, 12, 11, 9, 13 and then 20 distinct values, each twice (so its
 * entropy is ln k nats exactly and its coverage 1); column 'g' alternates 'a', 'b' (ln 2 every run).
 * Bands from numpy (sample sd, ddof=1) in the comments.
 */
class AnomaliesJobTest {
  @TempDir
  static Path dir;
  private static final int[] DISTINCT = {10, 12, 11, 9, 13, 20};
  private static final double TOL = 1e-12;

  @BeforeAll
  static void session() {
    SparkTestSession.get();
  }

  /** The csv of day {@code d}: 'c' with DISTINCT[d] values, each twice; 'g' a, b alternating. */
  private static Path day(int d) throws IOException {
    Path f = dir.resolve("in/day" + (d + 1) + ".csv");
    Files.createDirectories(f.getParent());
    List<String> lines = new ArrayList<>(List.of("c,g"));
    for (int i = 0; i < 2 * DISTINCT[d]; i++) {
      lines.add("v" + (i / 2) + "," + (i % 2 == 0 ? "a" : "b"));
    }
    Files.write(f, lines, StandardCharsets.UTF_8);
    return f;
  }

  private static Path sixDays;

  /** The history of the six days (written once, read by the tests that do not add to it). */
  private static synchronized Path sixDays() throws IOException {
    if (sixDays == null) {
      sixDays = history("six-days", 6);
    }
    return sixDays;
  }

  /** The history of runs d1 … d{days} in a new folder, written by the profile job. */
  private static Path history(String name, int days) throws IOException {
    Path out = dir.resolve(name);
    for (int d = 0; d < days; d++) {
      JobRun r = JobRun.of("profile", "--input", day(d).toString(), "--run-id", "d" + (d + 1), "--output",
          out.toString(), "--show", "false");
      assertEquals(0, r.code(), r.toString());
    }
    return out;
  }

  private static JsonNode finding(JsonNode findings, String column, String metric) {
    for (JsonNode f : findings) {
      if (f.get("column").asText().equals(column) && f.get("metric").asText().equals(metric)) {
        return f;
      }
    }
    throw new AssertionError("no finding for " + column + " " + metric + " in " + findings);
  }

  /**
   * Run d6 against d2…d5 (lookback 4, k 3). Entropy: h = np.log([12, 11, 9, 13]);
   * h.mean() ∓ 3 * h.std(ddof=1) = [1.9367947320311147, 2.8856931966609487], and ln 20 =
   * 2.995732273553991 is outside. Distinct: d = np.array([12, 11, 9, 13.]) gives
   * [6.126524617020201, 16.373475382979798]: 20 is outside. 'g' and the shares are constant: within.
   */
  @Test
  void lastRunOutsideItsBandExitsThreeNamingColumnMetricValueAndBand() throws IOException {
    Path history = sixDays();
    Path summary = dir.resolve("a1.json");
    Path report = dir.resolve("a1.html");
    JobRun r = JobRun.of("anomalies", "--history", history.toString(), "--rules", "rolling", "--lookback", "4",
        "--summary", summary.toString(), "--report", report.toString(), "--output", dir.resolve("a1-out").toString());
    assertEquals(Main.THRESHOLD_EXCEEDED, r.code(), r.toString());
    assertEquals("infospark: anomaly: column 'c' entropy = 2.99573 outside [1.93679, 2.88569] (mean ± 3 sd of the last "
        + "4 runs) (and 1 more; see the summary)", r.err().strip());
    JsonNode s = SummaryWriter.JSON.readTree(summary.toFile());
    assertEquals("anomalies", s.get("job").asText());
    assertEquals("d6", s.get("checked_run").asText());
    assertEquals("nats", s.get("unit").asText());
    assertEquals(2, s.get("anomalies").asInt());
    JsonNode entropy = finding(s.get("findings"), "c", "entropy");
    assertEquals(2.995732273553991, entropy.get("value").asDouble(), TOL);
    assertEquals(1.9367947320311147, entropy.get("lower").asDouble(), TOL);
    assertEquals(2.8856931966609487, entropy.get("upper").asDouble(), TOL);
    assertTrue(entropy.get("anomaly").asBoolean());
    assertEquals(5, entropy.get("earlier_runs").asInt()); // every earlier run; the band looks back over 4
    JsonNode distinct = finding(s.get("findings"), "c", "distinct");
    assertEquals(6.126524617020201, distinct.get("lower").asDouble(), TOL);
    assertEquals(16.373475382979798, distinct.get("upper").asDouble(), TOL);
    assertTrue(distinct.get("anomaly").asBoolean());
    assertFalse(finding(s.get("findings"), "g", "entropy").get("anomaly").asBoolean());
    assertFalse(finding(s.get("findings"), "c", "null_share").get("anomaly").asBoolean());
    // the report plots every metric's history with its bands; the checked run's anomalies are marked
    String html = Files.readString(report);
    assertTrue(html.contains("history chart: entropy by run"), "no entropy history chart");
    assertTrue(html.contains("d6: 2.996 (anomaly)"), "the anomaly of d6 is not marked");
    assertTrue(html.contains("d6: band 1.937 to 2.886"), "the band of d6 is not drawn");
    // the findings are a history table too
    assertTrue(Files.isDirectory(dir.resolve("a1-out")), r.out());
  }

  /**
   * Run d5 against d1…d4: entropy h = np.log([10, 12, 11, 9]) gives [1.9741424327720942,
   * 2.7171633636862245], ln 13 = 2.5649493574615367 within; distinct [6.627016653792583,
   * 14.372983346207416] holds 13. Exit 0.
   */
  @Test
  void aCalmRunExitsZero() throws IOException {
    Path history = sixDays();
    Path summary = dir.resolve("a2.json");
    JobRun r = JobRun.of("anomalies", "--history", history.toString(), "--check-run", "d5", "--rules", "rolling",
        "--lookback", "4", "--summary", summary.toString());
    assertEquals(0, r.code(), r.toString());
    JsonNode s = SummaryWriter.JSON.readTree(summary.toFile());
    assertEquals(0, s.get("anomalies").asInt());
    JsonNode entropy = finding(s.get("findings"), "c", "entropy");
    assertEquals(1.9741424327720942, entropy.get("lower").asDouble(), TOL);
    assertEquals(2.7171633636862245, entropy.get("upper").asDouble(), TOL);
    assertEquals(14.372983346207416, finding(s.get("findings"), "c", "distinct").get("upper").asDouble(), TOL);
    assertTrue(r.out().contains("run d5: 0 anomalies"), r.out());
  }

  /**
   * Rate of change 0.5 from d5: distinct 13 · (1 ∓ .5) = [6.5, 19.5] does not hold 20; entropy
   * ln 13 · (1 ∓ .5) = [1.2824746787307684, 3.847424036192305] holds ln 20.
   */
  @Test
  void rateOfChange() throws IOException {
    Path history = sixDays();
    JobRun r = JobRun.of("anomalies", "--history", history.toString(), "--rules", "rate-of-change", "--max-change",
        "0.5");
    assertEquals(Main.THRESHOLD_EXCEEDED, r.code(), r.toString());
    assertEquals("infospark: anomaly: column 'c' distinct = 20.0000 outside [6.50000, 19.5000] (change from the "
        + "previous run within 50 %)", r.err().strip());
  }

  /** The profile job checks its own run against its output when asked: the sixth run exits 3, after writing it. */
  @Test
  void profileWithCheckAnomalies() throws IOException {
    Path history = history("h4", 5);
    Path summary = dir.resolve("p6.json");
    JobRun r = JobRun.of("profile", "--input", day(5).toString(), "--run-id", "d6", "--output", history.toString(),
        "--check-anomalies", "true", "--rules", "rolling", "--lookback", "4", "--summary", summary.toString());
    assertEquals(Main.THRESHOLD_EXCEEDED, r.code(), r.toString());
    assertTrue(r.err().startsWith("infospark: anomaly: column 'c' entropy = 2.99573 outside [1.93679, 2.88569]"),
        r.err());
    assertTrue(Files.isDirectory(history.resolve("run_id=d6")), "the run is written before the verdict");
    JsonNode s = SummaryWriter.JSON.readTree(summary.toFile());
    assertEquals(2, s.get("anomaly_check").get("anomalies").asInt());
    assertEquals(2, s.get("columns").size());
    JobRun noOutput = JobRun.of("profile", "--input", day(0).toString(), "--check-anomalies", "true");
    assertTrue(noOutput.isOneLineBadInput(), noOutput.toString());
    assertTrue(noOutput.err().startsWith("infospark: check-anomalies: needs output"), noOutput.err());
  }

  @Test
  void badKeysExitTwoNamingTheKey() throws IOException {
    Path history = sixDays();
    String h = history.toString();
    String[][] cases = {
        {"rules", "infospark: rules: expected rolling, standard-error, rate-of-change but got 'sideways'"},
        {"k", "infospark: k: expected a number > 0 but got '0'"},
        {"lookback", "infospark: lookback: expected a whole number >= 1 but got 'x'"},
        {"max-change", "infospark: max-change: expected a number >= 0 but got '-1'"},
        {"check-run", "infospark: check-run: run 'd9' is not in the history " + h + "; expected one of its 6 runs "
            + "(d1 … d6)"},
        {"history", "infospark: history: missing; give --history FOLDER, the output folder of earlier profile or "
            + "compare runs"},
    };
    String[][] args = {
        {"anomalies", "--history", h, "--rules", "rolling,sideways"},
        {"anomalies", "--history", h, "--k", "0"},
        {"anomalies", "--history", h, "--lookback", "x"},
        {"anomalies", "--history", h, "--max-change", "-1"},
        {"anomalies", "--history", h, "--check-run", "d9"},
        {"anomalies"},
    };
    for (int i = 0; i < cases.length; i++) {
      JobRun r = JobRun.of(args[i]);
      assertTrue(r.isOneLineBadInput(), cases[i][0] + ": " + r);
      assertTrue(r.err().strip().startsWith(cases[i][1]), cases[i][0] + ": " + r.err());
    }
    // a folder that is not a profile or compare history
    JobRun notHistory = JobRun.of("anomalies", "--history", "data", "--history-format", "csv");
    assertTrue(notHistory.isOneLineBadInput(), notHistory.toString());
    assertTrue(notHistory.err().startsWith("infospark: history: "), notHistory.err());
  }
}
