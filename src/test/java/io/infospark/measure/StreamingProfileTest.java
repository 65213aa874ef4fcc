package io.infospark.measure;

import static io.infospark.testing.Approx.PARTITION_INVARIANT;
import static io.infospark.testing.Approx.assertSameRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.core.BadInputException;
import io.infospark.engine.CountResult;
import io.infospark.engine.RunningCounts;
import io.infospark.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file stream, one file per micro-batch: after every batch the emitted profile (comparison)
 * equals the batch profile (comparison) of all rows seen so far; a batch replayed from the
 * checkpoint is not counted twice.
 */
class StreamingProfileTest {
  private final SparkSession spark = SparkTestSession.get();
  @TempDir Path tmp;
  static final Map<Long, EntropyProfile> PROFILES = new ConcurrentHashMap<>();
  static final Map<Long, Comparison> COMPARISONS = new ConcurrentHashMap<>();
  static final ProfileOptions OPTIONS = ProfileOptions.defaults().withColumns("city", "n", "flag", "x")
      .withBinning(Binning.EXACT).withNulls(NullPolicy.CATEGORY);

  private Dataset<Row> stream(String input) {
    return spark.readStream().schema(CountStateTest.SCHEMA).option("maxFilesPerTrigger", 1).parquet(input);
  }

  private void addFile(String input, int day) {
    CountStateTest.day(spark, day, 150).coalesce(1).write().mode("append").parquet(input);
  }

  private Dataset<Row> seen(int days) {
    Dataset<Row> u = CountStateTest.day(spark, 0, 150);
    for (int d = 1; d < days; d++) {
      u = u.union(CountStateTest.day(spark, d, 150));
    }
    return u;
  }

  @Test
  void runningProfileEqualsTheProfileOfEveryRowSeenAndReplaysCountOnce() throws Exception {
    String input = tmp.resolve("in").toString();
    String states = tmp.resolve("states").toString();
    String checkpoint = tmp.resolve("checkpoint").toString();
    PROFILES.clear();
    Files.createDirectories(Path.of(input));
    StreamingQuery q = StreamingProfile.profile(stream(input), OPTIONS, states, checkpoint,
        (id, p) -> PROFILES.put(id, p));
    try {
      for (int d = 0; d < 3; d++) {
        addFile(input, d);
        q.processAllAvailable();
        long last = PROFILES.keySet().stream().max(Long::compare).orElseThrow();
        assertSameRows(Profiler.profile(seen(d + 1), OPTIONS).rows(), PROFILES.get(last).rows(), PARTITION_INVARIANT);
      }
    } finally {
      q.stop();
    }
    long last = PROFILES.keySet().stream().max(Long::compare).orElseThrow();
    // forget that the last batch was committed: Spark runs it again on restart
    Files.delete(Path.of(checkpoint, "commits", String.valueOf(last)));
    Files.deleteIfExists(Path.of(checkpoint, "commits", "." + last + ".crc"));
    PROFILES.clear();
    StreamingQuery again = StreamingProfile.profile(stream(input), OPTIONS, states, checkpoint,
        (id, p) -> PROFILES.put(id, p));
    try {
      again.processAllAvailable();
    } finally {
      again.stop();
    }
    assertTrue(PROFILES.containsKey(last), "the replayed batch " + last + " emitted: " + PROFILES.keySet());
    assertSameRows(Profiler.profile(seen(3), OPTIONS).rows(), PROFILES.get(last).rows(), PARTITION_INVARIANT);
    assertEquals(Map.of("stream", last), RunningCounts.held(spark, states));
  }

  @Test
  void runningComparisonAgainstAReference() throws Exception {
    String input = tmp.resolve("in").toString();
    Files.createDirectories(Path.of(input));
    CompareOptions o = CompareOptions.defaults().withColumns(List.of("city", "n", "flag", "x"))
        .withBinning(Binning.EXACT).withNulls(NullPolicy.CATEGORY);
    Dataset<Row> referenceRows = CountStateTest.day(spark, 9, 400);
    COMPARISONS.clear();
    try (CountResult reference = DistributionComparison.countLike(referenceRows,
        io.infospark.engine.CountRequest.of(Profiler.columns(referenceRows, List.of("city", "n", "flag", "x"),
            ProfileOptions.defaults().withBinning(Binning.EXACT), Map.of())).withNullsAsValue(true), o)) {
      StreamingQuery q = StreamingProfile.compare(stream(input), reference, o, tmp.resolve("states").toString(),
          tmp.resolve("checkpoint").toString(), (id, c) -> COMPARISONS.put(id, c));
      try {
        for (int d = 0; d < 2; d++) {
          addFile(input, d);
          q.processAllAvailable();
          long last = COMPARISONS.keySet().stream().max(Long::compare).orElseThrow();
          assertSameRows(DistributionComparison.compare(seen(d + 1), referenceRows, o).rows(),
              COMPARISONS.get(last).rows(), PARTITION_INVARIANT);
        }
      } finally {
        q.stop();
      }
    }
  }

  @Test
  void aStreamNeedsACheckpointAndExactBins() throws Exception {
    String input = tmp.resolve("in").toString();
    Files.createDirectories(Path.of(input));
    assertEquals("checkpoint: a stream needs a checkpoint location (a folder) to resume exactly once",
        assertThrows(BadInputException.class, () -> StreamingProfile.profile(stream(input), OPTIONS,
            tmp.resolve("s").toString(), null, (id, p) -> { })).getMessage());
    assertEquals("binning: column 'x' is floating-point; a stream is profiled with binning = exact (there is no "
        + "whole sample to take bin edges from)", assertThrows(BadInputException.class,
            () -> StreamingProfile.profile(stream(input), OPTIONS.withBinning(Binning.EQUAL_WIDTH),
                tmp.resolve("s").toString(), tmp.resolve("c").toString(), (id, p) -> { })).getMessage());
  }

  static final Map<String, EntropyProfile> WINDOWS = new ConcurrentHashMap<>();

  /** Day d's rows with event times: each row at 00:00 + 7·d + (a hash of the row mod 12) minutes of 2026-11-01 UTC. */
  private Dataset<Row> timed(int day) {
    return CountStateTest.day(spark, day, 150).withColumn("ts", org.apache.spark.sql.functions.expr(
        "timestamp_millis(1793491200000 + 60000 * (" + 7 * day + " + pmod(hash(city, n, flag, x, w), 12)))"));
  }

  /**
   * Windows of batches: after batch b, each window that holds it (tumbling windows of 2 batches;
   * sliding windows of 3 batches every batch) equals the profile of the days of its batches up to b.
   */
  @Test
  void windowsOfBatchesEqualTheProfileOfTheirBatches() throws Exception {
    for (StreamWindow w : List.of(StreamWindow.batches(2, 2), StreamWindow.batches(3, 1))) {
      Path root = Files.createTempDirectory(tmp, "w");
      String input = root.resolve("in").toString();
      Files.createDirectories(Path.of(input));
      WINDOWS.clear();
      StreamingQuery q = StreamingProfile.profile(stream(input), OPTIONS, w, root.resolve("states").toString(),
          root.resolve("checkpoint").toString(), org.apache.spark.sql.streaming.Trigger.ProcessingTime(0L),
          (id, span, p) -> WINDOWS.put(id + " " + span.label(), p));
      try {
        for (int d = 0; d < 5; d++) {
          addFile(input, d);
          q.processAllAvailable();
        }
      } finally {
        q.stop();
      }
      // batch ids are the days (one file per batch)
      List<String> expected = w.slide() == 2
          ? List.of("0 batches 0-1", "1 batches 0-1", "2 batches 2-3", "3 batches 2-3", "4 batches 4-5")
          : List.of("0 batches 0-2", "1 batches 0-2", "1 batches 1-3", "2 batches 0-2", "2 batches 1-3",
              "2 batches 2-4", "3 batches 1-3", "3 batches 2-4", "3 batches 3-5", "4 batches 2-4", "4 batches 3-5",
              "4 batches 4-6");
      assertEquals(expected, WINDOWS.keySet().stream().sorted().toList());
      for (Map.Entry<String, EntropyProfile> e : WINDOWS.entrySet()) {
        String[] parts = e.getKey().split("[ -]");
        int batch = Integer.parseInt(parts[0]);
        int first = Integer.parseInt(parts[2]);
        Dataset<Row> rows = CountStateTest.day(spark, first, 150);
        for (int d = first + 1; d <= batch; d++) {
          rows = rows.union(CountStateTest.day(spark, d, 150));
        }
        assertSameRows(Profiler.profile(rows, OPTIONS).rows(), e.getValue().rows(), PARTITION_INVARIANT);
      }
      // windows that ended are forgotten: what is left are the states of the windows batch 4 is in
      assertEquals(w.slide() == 2 ? Map.of("batches4", 4L) : Map.of("batches2", 4L, "batches3", 4L, "batches4", 4L),
          RunningCounts.held(spark, root.resolve("states").toString()));
    }
  }

  /**
   * Windows of event time: after each batch, each window the batch added rows to equals the profile
   * of every row seen so far whose time lies in it (days overlap in time: day d's rows are at 7d to
   * 7d + 11 minutes, so a window gets rows from two batches, the later ones arriving late).
   */
  @Test
  void windowsOfEventTimeEqualTheProfileOfTheirRows() throws Exception {
    for (StreamWindow w : List.of(StreamWindow.time("ts", 600_000, 600_000), StreamWindow.time("ts", 600_000,
        300_000))) {
      Path root = Files.createTempDirectory(tmp, "t");
      String input = root.resolve("in").toString();
      Files.createDirectories(Path.of(input));
      WINDOWS.clear();
      org.apache.spark.sql.types.StructType schema = CountStateTest.SCHEMA.add("ts",
          org.apache.spark.sql.types.DataTypes.TimestampType);
      StreamingQuery q = StreamingProfile.profile(spark.readStream().schema(schema).option("maxFilesPerTrigger", 1)
          .parquet(input), OPTIONS, w, root.resolve("states").toString(), root.resolve("checkpoint").toString(),
          org.apache.spark.sql.streaming.Trigger.ProcessingTime(0L), (id, span, p) -> WINDOWS.put(id + " " + span.start()
              + " " + span.end(), p));
      try {
        for (int d = 0; d < 3; d++) {
          timed(d).coalesce(1).write().mode("append").parquet(input);
          q.processAllAvailable();
          Dataset<Row> seen = timed(0);
          for (int e = 1; e <= d; e++) {
            seen = seen.union(timed(e));
          }
          int checked = 0;
          for (Map.Entry<String, EntropyProfile> e : WINDOWS.entrySet()) {
            String[] parts = e.getKey().split(" ");
            if (Integer.parseInt(parts[0]) != d) {
              continue;
            }
            Dataset<Row> in = seen.where("unix_millis(ts) >= " + parts[1] + " and unix_millis(ts) < " + parts[2]);
            assertSameRows(Profiler.profile(in, OPTIONS).rows(), e.getValue().rows(), PARTITION_INVARIANT);
            checked++;
          }
          // day d spans minutes 7d … 7d + 11: two tumbling windows of 10 minutes, three or four sliding ones
          assertTrue(checked >= 2, "batch " + d + ": " + WINDOWS.keySet());
        }
      } finally {
        q.stop();
      }
    }
  }
}
