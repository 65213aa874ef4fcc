package io.infospark.measure;

import static io.infospark.testing.Approx.PARTITION_INVARIANT;
import static io.infospark.testing.Approx.assertSameRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.engine.CountResult;
import io.infospark.engine.CountState;
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
 * A stream killed by SIGKILL at random moments — while it merges a batch into its running state,
 * commits the batch, or adds a file — leaves one whole running state, readable; resumed from its
 * checkpoint, the stream ends with the profile of every file exactly once ({@link StreamLoop} runs
 * in a separate JVM and is killed).
 */
@Tag("line-independent")
class StreamSafetyTest {
  static final ProfileOptions OPTIONS = ProfileOptions.defaults().withColumns("city", "n", "flag", "x")
      .withBinning(Binning.EXACT).withNulls(NullPolicy.CATEGORY);
  private static final int KILLS = 3;
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
      LocalCluster.killAfter(cmd, "saved ", random.nextInt(4000), dir.resolve("loop-" + i + ".log"),
          Duration.ofMinutes(4));
      List<String> ids = CountState.runs(spark, states).stream().map(CountState.Run::id).toList();
      assertEquals(1, ids.size(), "kill " + i + ": one running state visible: " + ids);
      assertTrue(ids.get(0).startsWith("stream-"), ids.toString());
      try (CountResult c = CountState.merge(spark, states, StateWindow.runs(ids))) {
        Profiler.profile(c, OPTIONS); // whole and readable
      }
    }
    // resumed: every file of the input counted exactly once
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
    assertEquals(1, ids.size(), ids.toString());
    try (CountResult c = CountState.merge(spark, states, StateWindow.runs(ids))) {
      assertSameRows(Profiler.profile(all, OPTIONS).rows(), Profiler.profile(c, OPTIONS).rows(), PARTITION_INVARIANT);
    }
    // a batch replayed on resume was emitted from the state, not counted again
    double rows = files * 150.0;
    PROFILES.values().forEach(p -> assertTrue(p.column("city").rows() <= rows));
  }
}
