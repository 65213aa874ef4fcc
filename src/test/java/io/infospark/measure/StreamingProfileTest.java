package io.infospark.measure;

import static io.infospark.testing.Approx.PARTITION_INVARIANT;
import static io.infospark.testing.Approx.assertSameRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.core.BadInputException;
import io.infospark.engine.CountResult;
import io.infospark.engine.CountState;
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
    assertEquals(List.of("stream-" + last), CountState.runs(spark, states).stream().map(CountState.Run::id).toList());
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
}
