package io.infospark.measure;

import static io.infospark.testing.Approx.PARTITION_INVARIANT;
import static io.infospark.testing.Approx.assertSameRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream's results as rows in a sink: a file stream, one file per micro-batch, whose result rows
 * go to the memory sink (queried with SQL after every batch) or to a folder of files (exactly once
 * when a batch is replayed), and event-time windows with a lateness (final results, states deleted,
 * late rows dropped and counted). The expected results are batch profiles (comparisons) of the rows
 * each result covers.
 */
class StreamResultsTest {
  private final SparkSession spark = SparkTestSession.get();
  @TempDir Path tmp;
  private static final ProfileOptions OPTIONS = StreamingProfileTest.OPTIONS;

  private Dataset<Row> stream(String input, StructType schema) {
    return spark.readStream().schema(schema).option("maxFilesPerTrigger", 1).parquet(input);
  }

  private static void add(Dataset<Row> rows, String input) {
    rows.coalesce(1).write().mode("append").parquet(input);
  }

  private Dataset<Row> days(int from, int to) {
    Dataset<Row> u = CountStateTest.day(spark, from, 150);
    for (int d = from + 1; d < to; d++) {
      u = u.union(CountStateTest.day(spark, d, 150));
    }
    return u;
  }

  /** The profile's own columns of one batch's rows in the view or folder {@code table}. */
  private List<Row> resultRows(String table, long batchId, List<String> fields) {
    return spark.sql(select(fields) + " from " + table + " where batch_id = " + batchId).collectAsList();
  }

  private static String select(List<String> fields) {
    return "select " + String.join(", ", fields.stream().map(f -> "`" + f + "`").toList());
  }

  @Test
  void theMemorySinkHoldsTheProfileOfEveryRowSeenAfterEachBatch() throws Exception {
    String input = tmp.resolve("in").toString();
    Files.createDirectories(Path.of(input));
    ResultSink sink = ResultSink.memory("profile_rows");
    StreamingQuery q = StreamingProfile.profile(stream(input, CountStateTest.SCHEMA), OPTIONS, StreamWindow.all(),
        tmp.resolve("states").toString(), tmp.resolve("checkpoint").toString(), Trigger.ProcessingTime(0L), sink);
    try {
      for (int d = 0; d < 3; d++) {
        add(CountStateTest.day(spark, d, 150), input);
        q.processAllAvailable();
        EntropyProfile expected = Profiler.profile(days(0, d + 1), OPTIONS);
        // one batch per file: batch d holds the profile of days 0..d; the view holds every batch's rows
        assertSameRows(expected.rows(), resultRows("profile_rows", d, List.of(expected.fields().schema()
            .fieldNames())), PARTITION_INVARIANT);
        assertEquals(4L * (d + 1), spark.sql("select count(*) from profile_rows").first().getLong(0));
        assertEquals(List.of("all"), spark.sql("select distinct window from profile_rows").collectAsList().stream()
            .map(r -> r.getString(0)).toList());
      }
    } finally {
      q.stop();
    }
    // as Spark's memory sink: a batch id it holds is not added again (the last batch replayed on restart)
    Path checkpoint = tmp.resolve("checkpoint");
    Files.delete(checkpoint.resolve("commits").resolve("2"));
    Files.deleteIfExists(checkpoint.resolve("commits").resolve(".2.crc"));
    StreamingQuery again = StreamingProfile.profile(stream(input, CountStateTest.SCHEMA), OPTIONS, StreamWindow.all(),
        tmp.resolve("states").toString(), checkpoint.toString(), Trigger.ProcessingTime(0L), sink);
    try {
      again.processAllAvailable();
    } finally {
      again.stop();
    }
    assertEquals(12L, spark.sql("select count(*) from profile_rows").first().getLong(0));
  }

  @Test
  void theMemorySinkHoldsTheComparisonOfEveryRowSeenAfterEachBatch() throws Exception {
    String input = tmp.resolve("in").toString();
    Files.createDirectories(Path.of(input));
    CompareOptions o = CompareOptions.defaults().withColumns(List.of("city", "n", "flag", "x"))
        .withBinning(Binning.EXACT).withNulls(NullPolicy.CATEGORY);
    Dataset<Row> referenceRows = CountStateTest.day(spark, 9, 400);
    try (CountResult reference = StreamingProfile.reference(referenceRows, o)) {
      StreamingQuery q = StreamingProfile.compare(stream(input, CountStateTest.SCHEMA), reference, o,
          StreamWindow.all(), tmp.resolve("states").toString(), tmp.resolve("checkpoint").toString(),
          Trigger.ProcessingTime(0L), ResultSink.memory("drift_rows"));
      try {
        for (int d = 0; d < 2; d++) {
          add(CountStateTest.day(spark, d, 150), input);
          q.processAllAvailable();
          Comparison expected = DistributionComparison.compare(days(0, d + 1), referenceRows, o);
          assertSameRows(expected.rows(), resultRows("drift_rows", d, List.of(expected.fields().schema()
              .fieldNames())), PARTITION_INVARIANT);
        }
      } finally {
        q.stop();
      }
    }
  }

  /**
   * A folder of result files, read back as a table and as a stream: a batch replayed after a
   * restart finds its partition there and writes no second copy of its rows.
   */
  @Test
  void aFolderOfResultFilesGetsEachBatchOnceWhenABatchIsReplayed() throws Exception {
    String input = tmp.resolve("in").toString();
    Files.createDirectories(Path.of(input));
    String out = tmp.resolve("results").toString();
    Path checkpoint = tmp.resolve("checkpoint");
    StreamingQuery q = StreamingProfile.profile(stream(input, CountStateTest.SCHEMA), OPTIONS, StreamWindow.all(),
        tmp.resolve("states").toString(), checkpoint.toString(), Trigger.ProcessingTime(0L),
        ResultSink.files("parquet", out));
    try {
      for (int d = 0; d < 3; d++) {
        add(CountStateTest.day(spark, d, 150), input);
        q.processAllAvailable();
      }
    } finally {
      q.stop();
    }
    Files.delete(checkpoint.resolve("commits").resolve("2"));
    Files.deleteIfExists(checkpoint.resolve("commits").resolve(".2.crc"));
    // what a write killed long ago left beside the batches, and one a live write may still own
    Path abandoned = Files.createDirectories(Path.of(out, ".batch-2-" + java.util.UUID.randomUUID()));
    Files.writeString(abandoned.resolve("part-0.parquet"), "half");
    java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.from(
        java.time.Instant.now().minus(io.infospark.engine.Leftovers.ABANDONED).minusSeconds(3600));
    Files.setLastModifiedTime(abandoned.resolve("part-0.parquet"), old);
    Files.setLastModifiedTime(abandoned, old);
    Path recent = Files.createDirectories(Path.of(out, ".batch-3-" + java.util.UUID.randomUUID()));
    StreamingQuery again = StreamingProfile.profile(stream(input, CountStateTest.SCHEMA), OPTIONS, StreamWindow.all(),
        tmp.resolve("states").toString(), checkpoint.toString(), Trigger.ProcessingTime(0L),
        ResultSink.files("parquet", out));
    try {
      again.processAllAvailable();
      assertTrue(again.lastProgress() == null || again.lastProgress().batchId() >= 2, "batch 2 ran again");
    } finally {
      again.stop();
    }
    assertFalse(Files.exists(abandoned), "an abandoned leftover of a killed write is deleted");
    assertTrue(Files.exists(recent), "a recent one may be a live write's: kept");
    Files.delete(recent);
    spark.read().parquet(out).createOrReplaceTempView("profile_files");
    assertEquals(12L, spark.sql("select count(*) from profile_files").first().getLong(0));
    for (int d = 0; d < 3; d++) {
      EntropyProfile expected = Profiler.profile(days(0, d + 1), OPTIONS);
      assertSameRows(expected.rows(), resultRows("profile_files", d, List.of(expected.fields().schema()
          .fieldNames())), PARTITION_INVARIANT);
    }
    // the folder is a stream too: a second query copies it to the memory sink
    StreamingQuery copy = spark.readStream().schema(spark.read().parquet(out).schema()).parquet(out).writeStream()
        .format("memory").queryName("profile_copy").start();
    try {
      copy.processAllAvailable();
    } finally {
      copy.stop();
    }
    assertEquals(12L, spark.sql("select count(*) from profile_copy").first().getLong(0));
  }

  /** Day d's rows, each at 2026-11-01 00:00 UTC + offset + (a hash of the row mod 12) minutes. */
  private Dataset<Row> timed(int day, int offsetMinutes) {
    return CountStateTest.day(spark, day, 150).withColumn("ts", functions.expr("timestamp_millis(1793491200000 + "
        + "60000 * (" + offsetMinutes + " + pmod(hash(city, n, flag, x, w), 12)))"));
  }

  private static final long T0 = 1793491200000L;

  /**
   * Tumbling windows of 10 minutes with a lateness of 5: batch 0 has minutes 0–11, batch 1 7–18,
   * batch 2 14–25 plus 150 rows at minutes 0–11 (older than its watermark, 18 − 5 = 13: dropped and
   * counted), batch 3 30–41. Batch 2's watermark (13) passes window [0, 10), batch 3's (25 − 5 = 20)
   * window [10, 20): each emits its final result, equal to the profile of its rows, and its state
   * is deleted.
   */
  @Test
  void windowsBecomeFinalOnceTheWatermarkPassesAndLateRowsAreCounted() throws Exception {
    String input = tmp.resolve("in").toString();
    Files.createDirectories(Path.of(input));
    String states = tmp.resolve("states").toString();
    StructType schema = CountStateTest.SCHEMA.add("ts", DataTypes.TimestampType);
    StreamWindow window = StreamWindow.time("ts", 600_000, 600_000).withLateness(300_000);
    StreamingQuery q = StreamingProfile.profile(stream(input, schema), OPTIONS, window, states,
        tmp.resolve("checkpoint").toString(), Trigger.ProcessingTime(0L), ResultSink.memory("windows"));
    List<Dataset<Row>> batches = List.of(timed(0, 0), timed(1, 7), timed(2, 14).union(timed(3, 0)), timed(4, 30));
    List<String> fields = List.of(Profiler.profile(timed(0, 0), OPTIONS).fields().schema().fieldNames());
    try {
      for (int b = 0; b < batches.size(); b++) {
        add(batches.get(b), input);
        q.processAllAvailable();
        if (b == 1) {
          assertEquals(Map.of("time" + T0, 1L, "time" + (T0 + 600_000), 1L), RunningCounts.held(spark, states));
          assertEquals(0L, spark.sql("select count(*) from windows where final").first().getLong(0));
        }
      }
    } finally {
      q.stop();
    }
    Dataset<Row> onTime = timed(0, 0).union(timed(1, 7)).union(timed(2, 14));
    // window [0, 10): final in batch 2; window [10, 20): final in batch 3
    for (long[] w : new long[][] {{2, T0, T0 + 600_000}, {3, T0 + 600_000, T0 + 1_200_000}}) {
      List<Row> last = spark.sql(select(fields) + " from windows where final and batch_id = "
          + w[0] + " and window_start = timestamp_millis(" + w[1] + ")").collectAsList();
      Dataset<Row> in = onTime.where("unix_millis(ts) >= " + w[1] + " and unix_millis(ts) < " + w[2]);
      assertSameRows(Profiler.profile(in, OPTIONS).rows(), last, PARTITION_INVARIANT);
    }
    assertEquals(2L * 4, spark.sql("select count(*) from windows where final").first().getLong(0));
    // the late rows: counted from batch 2 on, never in a window
    assertEquals(List.of(0L, 0L, 150L, 150L), spark.sql("select batch_id, max(late_rows) from windows group by "
        + "batch_id order by batch_id").collectAsList().stream().map(r -> r.getLong(1)).toList());
    Dataset<Row> window1020 = onTime.where("unix_millis(ts) >= " + (T0 + 600_000) + " and unix_millis(ts) < "
        + (T0 + 1_200_000));
    assertSameRows(Profiler.profile(window1020, OPTIONS).rows(), spark.sql(select(fields)
        + " from windows where batch_id = 2 and window_start = timestamp_millis(" + (T0 + 600_000) + ")")
        .collectAsList(), PARTITION_INVARIANT);
    // the final windows' states are gone; the open ones stay
    assertEquals(Map.of("time" + (T0 + 1_200_000), 2L, "time" + (T0 + 1_800_000), 3L, "time" + (T0 + 2_400_000), 3L),
        RunningCounts.held(spark, states));
    assertEquals(List.of(), EventTime.closing(spark, states));
  }

  @Test
  void aLatenessNeedsAWindowOfEventTimeAndADuration() {
    assertEquals("lateness: only for a window of event time ('time COLUMN DURATION'); the window is batches",
        assertThrows(BadInputException.class, () -> StreamWindow.batches(2, 2).withLateness(10)).getMessage());
    assertEquals("lateness: expected a duration such as '30 seconds', '10 minutes', '1 hour' or '1 day' but got "
        + "'-2h'", assertThrows(BadInputException.class, () -> StreamWindow.lateness("-2h", "lateness")).getMessage());
    assertEquals(7_200_000L, StreamWindow.lateness("2h", "lateness"));
    assertEquals(0L, StreamWindow.lateness("0 s", "lateness"));
    assertThrows(BadInputException.class, () -> StreamWindow.time("ts", 10, 10).withLateness(-1));
    assertThrows(BadInputException.class, () -> ResultSink.memory("no such name"));
    assertThrows(BadInputException.class, () -> ResultSink.files("delta", tmp.toString()));
  }
}
