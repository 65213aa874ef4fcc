package io.infospark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.infospark.testing.SparkTestSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * profile-stream and compare-stream from the command line on a folder where the Seattle weather
 * lands one year per file: the stream's result after its last batch equals the batch job's on the
 * same files (1e-12), a rerun from the checkpoint counts only what is new, windows of batches cover
 * their batches, drift over a threshold exits 3, and bad keys exit 2 naming the key.
 */
class StreamJobTest {
  @TempDir
  static Path dir;
  private static final double TOL = 1e-12;

  @BeforeAll
  static void session() {
    SparkTestSession.get();
  }

  /** The rows of one year of data/seattle-weather.csv as a csv file in {@code folder}. */
  private static Path year(Path folder, int year) throws IOException {
    List<String> lines = Files.readAllLines(Path.of("data/seattle-weather.csv"), StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>(List.of(lines.get(0)));
    lines.stream().skip(1).filter(l -> l.startsWith(year + "-")).forEach(out::add);
    Files.createDirectories(folder);
    return Files.write(folder.resolve("y" + year + ".csv"), out, StandardCharsets.UTF_8);
  }

  private static Map<String, JsonNode> columns(JsonNode array) {
    Map<String, JsonNode> m = new HashMap<>();
    array.forEach(c -> m.put(c.get("column").asText(), c));
    return m;
  }

  /** The profile job's columns on a folder holding the given years (binning exact, as a stream's). */
  private static Map<String, JsonNode> batchProfile(String name, int... years) throws IOException {
    Path folder = dir.resolve(name);
    for (int y : years) {
      year(folder, y);
    }
    Path summary = dir.resolve(name + ".json");
    JobRun r = JobRun.of("profile", "--input", folder.toString(), "--format", "csv", "--columns", "weather,wind",
        "--binning", "exact", "--summary", summary.toString(), "--show", "false");
    assertEquals(0, r.code(), r.toString());
    return columns(SummaryWriter.JSON.readTree(summary.toFile()).get("columns"));
  }

  private static void assertSameColumns(Map<String, JsonNode> expected, JsonNode actual) {
    Map<String, JsonNode> got = columns(actual);
    assertEquals(expected.keySet(), got.keySet());
    for (String c : expected.keySet()) {
      for (String f : List.of("rows", "distinct", "entropy", "miller_madow", "chao_shen", "std_error", "coverage")) {
        assertEquals(expected.get(c).get(f).asDouble(), got.get(c).get(f).asDouble(), TOL, c + " " + f);
      }
    }
  }

  @Test
  void profileStreamEqualsTheProfileOfEveryFileAndResumesExactlyOnce() throws IOException {
    Path in = dir.resolve("in");
    for (int y = 2012; y <= 2014; y++) {
      year(in, y);
    }
    String[] args = {"profile-stream", "--input", in.toString(), "--format", "csv", "--source-options",
        "maxFilesPerTrigger=1", "--checkpoint", dir.resolve("ck").toString(), "--columns", "weather,wind",
        "--output", dir.resolve("hist").toString(), "--show", "false"};
    Path s1 = dir.resolve("s1.json");
    JobRun r = JobRun.of(concat(args, "--summary", s1.toString(), "--report", dir.resolve("r1.html").toString()));
    assertEquals(0, r.code(), r.toString());
    JsonNode s = SummaryWriter.JSON.readTree(s1.toFile());
    assertEquals(3, s.get("batches").asInt());
    assertEquals(2, s.get("last_batch").asInt());
    assertEquals("all", s.get("windows").get(0).get("window").asText());
    assertSameColumns(batchProfile("b3", 2012, 2013, 2014), s.get("windows").get(0).get("columns"));
    // a new file, a rerun: one batch, and the result of all four years
    year(in, 2015);
    Path s2 = dir.resolve("s2.json");
    assertEquals(0, JobRun.of(concat(args, "--summary", s2.toString())).code());
    s = SummaryWriter.JSON.readTree(s2.toFile());
    assertEquals(1, s.get("batches").asInt());
    assertEquals(3, s.get("last_batch").asInt());
    assertSameColumns(batchProfile("b4", 2012, 2013, 2014, 2015), s.get("windows").get(0).get("columns"));
    // nothing new: no batch, exit 0, and a report that says so
    Path s3 = dir.resolve("s3.json");
    JobRun idle = JobRun.of(concat(args, "--summary", s3.toString(), "--report", dir.resolve("r3.html").toString()));
    assertEquals(0, idle.code(), idle.toString());
    assertEquals(0, SummaryWriter.JSON.readTree(s3.toFile()).get("batches").asInt());
    // the history: one partition per batch, with the window
    List<Row> h = SparkTestSession.get().read().parquet(dir.resolve("hist").toString())
        .where("column = 'weather'").orderBy("batch_id").collectAsList();
    assertEquals(4, h.size());
    assertEquals("b000000003", h.get(3).getAs("run_id"));
    assertEquals("all", h.get(3).getAs("window"));
    assertEquals(1461.0, (double) h.get(3).getAs("rows"), 0); // 366 + 365 + 365 + 365 days
  }

  @Test
  void windowOfBatchesCoversItsBatches() throws IOException {
    Path in = dir.resolve("in-w");
    for (int y = 2012; y <= 2015; y++) {
      year(in, y);
    }
    Path summary = dir.resolve("w.json");
    JobRun r = JobRun.of("profile-stream", "--input", in.toString(), "--format", "csv", "--source-options",
        "maxFilesPerTrigger=1", "--checkpoint", dir.resolve("ck-w").toString(), "--columns", "weather,wind",
        "--window", "batches 2", "--summary", summary.toString(), "--show", "false");
    assertEquals(0, r.code(), r.toString());
    JsonNode w = SummaryWriter.JSON.readTree(summary.toFile()).get("windows");
    assertEquals(1, w.size());
    assertEquals("batches 2-3", w.get(0).get("window").asText());
    // files are taken in the order they landed: 2012 … 2015, so batches 2 and 3 are 2014 and 2015
    assertSameColumns(batchProfile("b2", 2014, 2015), w.get(0).get("columns"));
  }

  @Test
  void eventTimeWindowCoversTheRowsOfItsTime() throws IOException {
    // windows of 100 years from the epoch: every row of 2012 and 2013, landing one year per batch,
    // lies in the window [1970-01-01, 2069-12-07), whose profile after the last batch is the batch
    // job's on both years
    Path in = dir.resolve("in-t");
    for (int y = 2012; y <= 2013; y++) {
      year(in, y);
    }
    Path summary = dir.resolve("t.json");
    JobRun r = JobRun.of("profile-stream", "--input", in.toString(), "--format", "csv", "--source-options",
        "maxFilesPerTrigger=1", "--checkpoint", dir.resolve("ck-t").toString(), "--columns", "weather,wind",
        "--window", "time date 36500 days", "--summary", summary.toString(), "--show", "false");
    assertEquals(0, r.code(), r.toString());
    JsonNode w = SummaryWriter.JSON.readTree(summary.toFile()).get("windows");
    assertEquals(1, w.size(), w.toString());
    assertSameColumns(batchProfile("bt", 2012, 2013), w.get(0).get("columns"));
  }

  /**
   * Windows of 30 days with a lateness of 10: 2012, then 2013, then 2012's rows again, one file per
   * batch. The third batch's watermark is 2013's last date minus 10 days, so all 366 rows of 2012 in
   * it are dropped as late and counted; the windows that ended before the watermark are final and
   * their states deleted: those left end after 2013-12-21.
   */
  @Test
  void aLatenessDropsAndCountsLateRowsAndDeletesFinalWindows() throws IOException {
    Path in = dir.resolve("in-late");
    Path first = year(in, 2012);
    Path second = year(in, 2013);
    Path late = Files.move(year(dir.resolve("late-aside"), 2012), in.resolve("y2012-again.csv"));
    long t = System.currentTimeMillis() - 60_000;
    for (Path f : List.of(first, second, late)) { // the order the files land in
      Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(t += 1000));
    }
    Path summary = dir.resolve("late.json");
    Path ck = dir.resolve("ck-late");
    JobRun r = JobRun.of("profile-stream", "--input", in.toString(), "--format", "csv", "--source-options",
        "maxFilesPerTrigger=1", "--checkpoint", ck.toString(), "--columns", "weather,wind", "--window",
        "time date 30 days", "--lateness", "10 days", "--summary", summary.toString(), "--show", "false");
    assertEquals(0, r.code(), r.toString());
    JsonNode s = SummaryWriter.JSON.readTree(summary.toFile());
    assertEquals(2, s.get("last_batch").asInt());
    assertEquals(366, s.get("late_rows").asInt());
    long watermark = java.time.LocalDate.of(2013, 12, 21).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
        .toEpochMilli();
    Map<String, Long> held = io.infospark.engine.RunningCounts.held(SparkTestSession.get(),
        ck.resolve("counts").toString());
    assertTrue(!held.isEmpty() && held.size() <= 2, held.toString());
    for (String g : held.keySet()) {
      assertTrue(Long.parseLong(g.substring("time".length())) + 30L * 86_400_000 > watermark - 86_400_000, g);
    }
    // the last batch emitted the windows it closed, each final
    JsonNode w = s.get("windows");
    assertTrue(w.size() >= 1, w.toString());
    w.forEach(x -> assertTrue(x.get("final").asBoolean(), x.toString()));
  }

  @Test
  void compareStreamOverAThresholdExitsThree() throws IOException {
    Path in = dir.resolve("in-c");
    year(in, 2015);
    Path summary = dir.resolve("c.json");
    JobRun r = JobRun.of("compare-stream", "--input", in.toString(), "--format", "csv", "--reference",
        "data/seattle-weather-2012.csv", "--checkpoint", dir.resolve("ck-c").toString(), "--columns", "weather",
        "--max-js", "0.01", "--summary", summary.toString(), "--show", "false");
    assertEquals(Main.THRESHOLD_EXCEEDED, r.code(), r.toString());
    assertTrue(r.err().startsWith("infospark: window all: ") && r.err().contains("weather"), r.err());
    // the same numbers as the compare job on the same files
    Path batch = dir.resolve("cb.json");
    assertEquals(Main.THRESHOLD_EXCEEDED, JobRun.of("compare", "--input", in.resolve("y2015.csv").toString(),
        "--reference", "data/seattle-weather-2012.csv", "--columns", "weather", "--max-js", "0.01", "--summary",
        batch.toString(), "--show", "false").code());
    JsonNode expected = SummaryWriter.JSON.readTree(batch.toFile()).get("columns").get(0);
    JsonNode got = SummaryWriter.JSON.readTree(summary.toFile()).get("windows").get(0).get("columns").get(0);
    for (String f : List.of("js", "kl", "psi", "hellinger", "entropy_p", "entropy_q")) {
      if (expected.has(f)) {
        assertEquals(expected.get(f).asDouble(), got.get(f).asDouble(), TOL, f);
      }
    }
  }

  @Test
  void badKeysExitTwoNamingTheKey() throws IOException {
    Path in = dir.resolve("in-bad");
    year(in, 2012);
    String[] base = {"profile-stream", "--input", in.toString(), "--format", "csv"};
    String ck = dir.resolve("ck-bad").toString();
    Object[][] cases = {
        {new String[] {}, "infospark: checkpoint: missing"},
        {new String[] {"--checkpoint", ck, "--window", "weeks 3"}, "infospark: window: not a window"},
        {new String[] {"--checkpoint", ck, "--window", "time weather 10 minutes"},
            "infospark: window: column 'weather' is string; expected a timestamp or date column"},
        {new String[] {"--checkpoint", ck, "--window", "time date 10 fortnights"}, "infospark: window: expected a duration"},
        {new String[] {"--checkpoint", ck, "--trigger", "sometimes"}, "infospark: trigger: expected available-now"},
        {new String[] {"--checkpoint", ck, "--source-options", "maxFilesPerTrigger"},
            "infospark: source-options: expected 'name=value'"},
        {new String[] {"--checkpoint", ck, "--columns", "nope"}, "infospark: columns: "},
        {new String[] {"--checkpoint", ck, "--lateness", "2 hours"},
            "infospark: lateness: only for a window of event time ('--window \"time COLUMN DURATION\"'); the window "
                + "is all"},
        {new String[] {"--checkpoint", ck, "--window", "time date 30 days", "--lateness", "-2h"},
            "infospark: lateness: expected a duration such as"},
        {new String[] {"--checkpoint", ck, "--window", "time date 30 days", "--lateness", "soon"},
            "infospark: lateness: expected a duration such as"},
    };
    for (Object[] c : cases) {
      JobRun r = JobRun.of(concat(base, (String[]) c[0]));
      assertTrue(r.isOneLineBadInput(), String.join(" ", (String[]) c[0]) + ": " + r);
      assertTrue(r.err().startsWith((String) c[1]), r.err());
    }
  }

  /** Kafka needs Spark's connector, which this build does not ship: one line, exit 2. */
  @Test
  void kafkaWithoutItsConnectorExitsTwo() {
    boolean present;
    try {
      Class.forName(StreamJob.KAFKA_PROVIDER);
      present = true;
    } catch (ClassNotFoundException e) {
      present = false;
    }
    org.junit.jupiter.api.Assumptions.assumeFalse(present, "the Kafka connector is on the test class path");
    JobRun r = JobRun.of("profile-stream", "--source", "kafka", "--input", "events", "--source-options",
        "kafka.bootstrap.servers=127.0.0.1:9", "--checkpoint", dir.resolve("ck-k").toString());
    assertTrue(r.isOneLineBadInput(), r.toString());
    assertEquals("infospark: source: kafka needs Spark's Kafka connector, which is not on the class path; add it with "
        + "--packages org.apache.spark:spark-sql-kafka-0-10_2.13:" + SparkTestSession.get().version(), r.err().strip());
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
