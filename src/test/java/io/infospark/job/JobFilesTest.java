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

  /** The flags each job file needs on this machine (what a scheduler would pass). */
  private static Map<String, List<String>> overrides() throws IOException {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("profile-birdstrikes.properties", List.of("--output", dir.resolve("birdstrikes").toString()));
    m.put("daily-profile.properties", List.of("--input", events("2026-01-31", 0).toString(),
        "--run-id", "2026-01-31", "--output", dir.resolve("events_profile").toString()));
    return m;
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
    Map<String, List<String>> overrides = overrides();
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
      args.addAll(overrides.get(name));
      args.addAll(List.of("--summary", summary.toString(), "--report", report.toString(), "--show", "false"));
      JobRun r = JobRun.of(args.toArray(new String[0]));
      assertEquals(0, r.code(), f + ": " + r);
      assertTrue(Files.size(summary) > 0 && Files.size(report) > 0, f + ": summary and report written");
    }
  }
}
