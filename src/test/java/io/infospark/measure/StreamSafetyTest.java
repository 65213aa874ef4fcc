package io.infospark.measure;

import static io.infospark.testing.Approx.PARTITION_INVARIANT;
import static io.infospark.testing.Approx.assertSameRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.engine.CountResult;
import io.infospark.engine.CountState;
import io.infospark.engine.RunningCounts;
import io.infospark.engine.StateWindow;
import io.infospark.testing.LocalCluster;
import io.infospark.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream killed by SIGKILL — at a random moment after a batch (while it counts the next one,
 * commits it, or adds a file), right after a batch's run was saved and before the batch was added
 * in memory, and during a compaction of the runs — leaves a readable log of runs of its running
 * count; restarted from its checkpoint, it rebuilds the running count from them and ends with the
 * profile of every file exactly once ({@link StreamLoop} runs in a separate JVM and is killed).
 */
@Tag("line-independent")
class StreamSafetyTest {
  static final ProfileOptions OPTIONS = ProfileOptions.defaults().withColumns("city", "n", "flag", "x")
      .withBinning(Binning.EXACT).withNulls(NullPolicy.CATEGORY);
  /** Where each kill happens: after this line of the loop's output, after up to this many ms. */
  private static final String[] MARKERS = {"saved ", "adding ", "compacting ", "compacting ", "compacted "};
  private static final int[] DELAYS = {4000, 50, 1500, 0, 0};
  private static final int KILLS = MARKERS.length;
  static final Map<Long, EntropyProfile> PROFILES = new ConcurrentHashMap<>();
  private final SparkSession spark = SparkTestSession.get();
  @TempDir Path dir;

  static final org.apache.spark.sql.types.StructType TIMED = CountStateTest.SCHEMA.add("ts",
      org.apache.spark.sql.types.DataTypes.TimestampType);
  static final StreamWindow WINDOW = StreamWindow.time("ts", 600_000, 600_000).withLateness(900_000);
  private static final long T0 = 1793491200000L;

  /** File n's rows: day n % 4's, each at 2026-11-01 00:00 UTC + 5n + (a hash of the row mod 12) minutes. */
  static Dataset<Row> timed(SparkSession spark, int n) {
    return CountStateTest.day(spark, n % 4, 150).withColumn("ts", org.apache.spark.sql.functions.expr(
        "timestamp_millis(" + T0 + " + 60000 * (" + 5 * n + " + pmod(hash(city, n, flag, x, w), 12)))"));
  }

  /**
   * Killed in the middle of deleting the state of a window that became final (its marker written,
   * a run of it deleted), twice: the restarted stream finishes the deletion — no marker, no run of
   * a final window left — never emits the half-deleted window, and its open windows hold every row
   * of their time exactly once.
   */
  @Test
  void killedWhileDeletingAFinalWindowARestartFinishesTheDeletion() throws Exception {
    Path input = dir.resolve("in");
    Files.createDirectories(input);
    String states = dir.resolve("states").toString();
    String checkpoint = dir.resolve("checkpoint").toString();
    for (int i = 0; i < 2; i++) {
      LocalCluster.killAfter(loop(input.toString(), states, checkpoint, String.valueOf(10 * i), "deleted "),
          "deleted ", 0, dir.resolve("loop-" + i + ".log"), Duration.ofMinutes(4));
      assertEquals(1, EventTime.closing(spark, states).size(), "kill " + i + ": a deletion under way");
    }
    List<Integer> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(input)) {
      s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".parquet"))
          .forEach(n -> files.add(Integer.parseInt(n.replaceAll("\\D", ""))));
    }
    int next = files.stream().max(Integer::compare).orElseThrow() + 1;
    StreamLoop.addFile(spark, timed(spark, next), dir.resolve("in-aside").resolve("f" + next),
        input.resolve("f" + next + ".parquet"));
    files.add(next);
    Map<String, EntropyProfile> emitted = new ConcurrentHashMap<>();
    StreamingQuery q = StreamingProfile.profile(spark.readStream().schema(TIMED).parquet(input.toString()), OPTIONS,
        WINDOW, states, checkpoint, org.apache.spark.sql.streaming.Trigger.ProcessingTime(0L),
        new StreamingProfile.WindowResults<EntropyProfile>() {
          @Override
          public void accept(long batchId, StreamWindow.Span window, EntropyProfile result) {
            emitted.put(batchId + " " + window.start() + " " + window.closed(), result);
          }
        });
    try {
      q.processAllAvailable();
    } finally {
      q.stop();
    }
    assertEquals(List.of(), EventTime.closing(spark, states));
    // every window left is open: it ends after the last batch's watermark (the files before the last, minus 15 min)
    long watermark = T0 + 60_000L * (5L * files.stream().filter(n -> n < next).max(Integer::compare).orElseThrow()
        + 11 - 15);
    Dataset<Row> all = null;
    for (int n : files) {
      all = all == null ? timed(spark, n) : all.union(timed(spark, n));
    }
    for (Map.Entry<String, Long> e : RunningCounts.held(spark, states).entrySet()) {
      long start = Long.parseLong(e.getKey().substring("time".length()));
      assertTrue(start + 600_000 > watermark, e.getKey() + " ends before the watermark " + watermark);
    }
    // the windows the last batch emitted hold every row of their time once; a final window emitted
    // (on replay too) is whole, never the half a kill left
    long lastBatch = emitted.keySet().stream().mapToLong(k -> Long.parseLong(k.split(" ")[0])).max().orElseThrow();
    for (Map.Entry<String, EntropyProfile> e : emitted.entrySet()) {
      String[] key = e.getKey().split(" ");
      if (Long.parseLong(key[0]) < lastBatch && !Boolean.parseBoolean(key[2])) {
        continue; // an open window after an earlier batch: later files add to it
      }
      long start = Long.parseLong(key[1]);
      Dataset<Row> in = all.where("unix_millis(ts) >= " + start + " and unix_millis(ts) < " + (start + 600_000));
      try {
        assertSameRows(Profiler.profile(in, OPTIONS).rows(), e.getValue().rows(), PARTITION_INVARIANT);
      } catch (AssertionError x) {
        throw new AssertionError("window " + e.getKey() + " of files " + files + ": " + x.getMessage(), x);
      }
    }
  }

  /** The command that runs {@link StreamLoop} in a JVM of its own. */
  private static List<String> loop(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(LocalCluster.moduleOptions());
    cmd.addAll(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", LocalCluster.CLASSPATH,
        StreamLoop.class.getName()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  @Test
  void killedStreamLeavesAReadableStateAndResumesExactlyOnce() throws Exception {
    Path input = dir.resolve("in");
    Files.createDirectories(input);
    String states = dir.resolve("states").toString();
    String checkpoint = dir.resolve("checkpoint").toString();
    Random random = new Random(16);
    for (int i = 0; i < KILLS; i++) {
      List<String> cmd = loop(input.toString(), states, checkpoint, String.valueOf(100 * i));
      LocalCluster.killAfter(cmd, MARKERS[i], DELAYS[i] == 0 ? 0 : random.nextInt(DELAYS[i]),
          dir.resolve("loop-" + i + ".log"), Duration.ofMinutes(4));
      assertEquals(java.util.Set.of("stream"), RunningCounts.held(spark, states).keySet(), "kill " + i);
      List<String> ids = CountState.runs(spark, states).stream().map(CountState.Run::id).toList();
      try (CountResult c = CountState.merge(spark, states, StateWindow.runs(ids))) {
        Profiler.profile(c, OPTIONS); // whole and readable
      }
    }
    // resumed, with one more file so that it runs a batch: every file of the input counted exactly once
    StreamLoop.addFile(spark, CountStateTest.day(spark, 999 % 4, 150), dir.resolve("in-aside").resolve("f999"),
        input.resolve("f999.parquet"));
    PROFILES.clear();
    StreamingQuery q = StreamingProfile.profile(spark.readStream().schema(CountStateTest.SCHEMA)
        .parquet(input.toString()), OPTIONS, states, checkpoint, (id, p) -> PROFILES.put(id, p));
    try {
      q.processAllAvailable();
    } finally {
      q.stop();
    }
    Dataset<Row> all = null;
    int files = 0;
    try (Stream<Path> s = Files.list(input)) {
      for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList()) {
        int n = Integer.parseInt(f.getFileName().toString().replaceAll("\\D", ""));
        Dataset<Row> d = CountStateTest.day(spark, n % 4, 150);
        all = all == null ? d : all.union(d);
        files++;
      }
    }
    assertTrue(files >= KILLS, "files " + files);
    List<String> ids = CountState.runs(spark, states).stream().map(CountState.Run::id).toList();
    EntropyProfile expected = Profiler.profile(all, OPTIONS);
    try (CountResult c = CountState.merge(spark, states, StateWindow.runs(ids))) {
      assertSameRows(expected.rows(), Profiler.profile(c, OPTIONS).rows(), PARTITION_INVARIANT);
    }
    // the running count rebuilt from those runs emitted the same profile after the last batch
    long last = PROFILES.keySet().stream().max(Long::compare).orElseThrow();
    assertSameRows(expected.rows(), PROFILES.get(last).rows(), PARTITION_INVARIANT);
    // a batch replayed on resume was emitted from the state, not counted again
    double rows = files * 150.0;
    PROFILES.values().forEach(p -> assertTrue(p.column("city").rows() <= rows));
  }
}
