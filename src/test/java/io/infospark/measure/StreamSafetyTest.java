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

  @Test
  void killedStreamLeavesAReadableStateAndResumesExactlyOnce() throws Exception {
    Path input = dir.resolve("in");
    Files.createDirectories(input);
    String states = dir.resolve("states").toString();
    String checkpoint = dir.resolve("checkpoint").toString();
    Random random = new Random(16);
    for (int i = 0; i < KILLS; i++) {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(LocalCluster.moduleOptions());
      cmd.addAll(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", LocalCluster.CLASSPATH,
          StreamLoop.class.getName(), input.toString(), states, checkpoint, String.valueOf(100 * i)));
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
