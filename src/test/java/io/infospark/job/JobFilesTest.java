package io.infospark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every job file of {@code jobs/} runs through {@link Main#run} as the README shows, with only
 * its placeholders (cluster paths) overridden by flags pointing at small local data; each run
 * writes its summary and report. A new job file without an entry here fails the test.
 */
class JobFilesTest {
  @TempDir
  static Path dir;

  @BeforeAll
  static void session() {
    SparkTestSession.get();
  }

  /** A job file's run here: the flags a scheduler would pass, and the exit code expected. */
  record Run(int code, List<String> flags) {}

  /** The flags each job file needs on this machine. */
  private static Map<String, Run> overrides() throws IOException {
    Map<String, Run> m = new LinkedHashMap<>();
    m.put("profile-birdstrikes.properties", new Run(0, List.of("--output", dir.resolve("birdstrikes").toString())));
    m.put("daily-profile.properties", new Run(0, List.of("--input", events("2026-01-31", 0).toString(),
        "--run-id", "2026-01-31", "--output", dir.resolve("events_profile").toString())));
    // the same distribution as the baseline: no drift
    m.put("daily-drift.properties", new Run(0, List.of("--input", events("2026-01-31", 0).toString(),
        "--reference", events("baseline", 0).toString(), "--run-id", "2026-01-31",
        "--output", dir.resolve("events_drift").toString())));
    // the 2015 weather drifted from 2012's past max-js: exit 3 by design (see the file)
    m.put("compare-seattle-weather.properties", new Run(Main.THRESHOLD_EXCEEDED,
        List.of("--output", dir.resolve("weather").toString())));
    m.put("mutual-info-penguins.properties", new Run(0, List.of("--output", dir.resolve("mi").toString())));
    return m;
  }

  @Test
  void theDriftCheckFailsOnDriftAndStillReports() throws IOException {
    Path report = dir.resolve("drifted.html");
    JobRun r = JobRun.of("jobs/daily-drift.properties", "--input", events("2026-02-01", 1).toString(),
        "--reference", events("baseline", 0).toString(), "--run-id", "2026-02-01",
        "--output", dir.resolve("events_drift").toString(), "--summary", dir.resolve("drifted.json").toString(),
        "--report", report.toString());
    assertEquals(Main.THRESHOLD_EXCEEDED, r.code(), r.toString());
    assertTrue(r.err().startsWith("infospark: column '"), r.toString());
    assertTrue(Files.readString(report).contains("exceeded"), "the report says what was exceeded");
  }

  /** A day of a small events table with the columns of the daily examples. */
  static Path events(String day, int shift) {
    SparkSession spark = SparkTestSession.get();
    Path out = dir.resolve("events/date=" + day);
    if (!Files.exists(out)) {
      Dataset<Row> df = spark.range(400).selectExpr(
          "element_at(array('DE','FR','US','BR'), cast((id * 7 + " + shift + ") % 4 + 1 as int)) as country",
          "case when id % 3 = 0 then 'ios' when id % 3 = 1 then 'android' else 'web' end as device",
          "element_at(array('view','click','buy'), cast(id % " + (shift == 0 ? 3 : 2) + " + 1 as int)) as event_type",
          "cast(id % 50 as double) * 1.25 + " + shift + " as price");
      df.coalesce(1).write().parquet(out.toString());
    }
    return out;
  }

  @Test
  void everyJobFileRuns() throws IOException {
    Map<String, Run> overrides = overrides();
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of("jobs"))) {
      files = s.filter(p -> p.toString().endsWith(".properties")).sorted().toList();
    }
    assertTrue(files.size() >= 2, "job files: " + files);
    for (Path f : files) {
      String name = f.getFileName().toString();
      assertTrue(overrides.containsKey(name), "no entry for " + f + " in JobFilesTest.overrides()");
      String stem = name.replace(".properties", "");
      Path summary = dir.resolve(stem + "-summary.json");
      Path report = dir.resolve(stem + ".html");
      List<String> args = new ArrayList<>(List.of(f.toString()));
      args.addAll(overrides.get(name).flags());
      args.addAll(List.of("--summary", summary.toString(), "--report", report.toString(), "--show", "false"));
      JobRun r = JobRun.of(args.toArray(new String[0]));
      assertEquals(overrides.get(name).code(), r.code(), f + ": " + r);
      assertTrue(Files.size(summary) > 0 && Files.size(report) > 0, f + ": summary and report written");
    }
  }
}
