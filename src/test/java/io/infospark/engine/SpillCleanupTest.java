package io.infospark.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.testing.SparkTestSession;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Spill files do not outlive their task: a merge that spilled and then fails, or is killed, leaves
 * no file behind (a task-completion listener deletes it), on both paths (the block manager's
 * directories on the fast path, the application's local files directory on the public-API path).
 */
class SpillCleanupTest {
  private static SparkSession spark;
  private static Dataset<Row> df;

  @BeforeAll
  static void data() {
    spark = SparkTestSession.get();
    df = spark.range(0, 30_000).repartition(2).select(
        functions.concat(functions.lit("value-"), functions.col("id").cast("string")).as("text"));
  }

  @AfterEach
  void reset() {
    CountMerger.afterSpillForTests = null;
    spark.conf().unset(Settings.PATH);
    spark.conf().unset(Settings.MERGE_PARTITIONS);
    spark.conf().unset(Settings.MAX_BYTES);
    spark.sparkContext().clearJobGroup();
  }

  /** Every spill file there is now: the block manager's temporary blocks, and infospark's own. */
  private static List<Path> spillFiles() throws IOException {
    List<Path> out = new ArrayList<>();
    List<File> dirs = new ArrayList<>(List.of(SparkEnv.get().blockManager().diskBlockManager().localDirs()));
    dirs.add(new File(SparkFiles.getRootDirectory()));
    for (File d : dirs) {
      if (!d.isDirectory()) {
        continue;
      }
      try (Stream<Path> files = Files.walk(d.toPath())) {
        files.filter(p -> {
          String n = p.getFileName().toString();
          return n.startsWith("temp_local_") || n.startsWith("infospark-merge-");
        }).forEach(out::add);
      }
    }
    return out;
  }

  private static void tinyMergeBudget(EnginePath path) {
    spark.conf().set(Settings.PATH, path.name().toLowerCase(java.util.Locale.ROOT));
    spark.conf().set(Settings.MERGE_PARTITIONS, "2");
    spark.conf().set(Settings.MAX_BYTES, "30000");
  }

  private static CountRequest request() {
    return CountRequest.of(List.of(CountedColumn.of("text", df.schema().apply("text").dataType(), null)));
  }

  /** Waits for the tasks of a failed or cancelled job to finish (their listeners run at the end). */
  private static List<Path> spillFilesOnceTasksEnd() throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    List<Path> left = spillFiles();
    while (!left.isEmpty() && System.nanoTime() < until) {
      Thread.sleep(100);
      left = spillFiles();
    }
    return left;
  }

  @ParameterizedTest
  @EnumSource(value = EnginePath.class, names = {"FAST", "PUBLIC"})
  void aTaskThatFailsAfterSpillingLeavesNoFile(EnginePath path) throws Exception {
    assertEquals(List.of(), spillFiles(), "no spill file before");
    tinyMergeBudget(path);
    int[] seen = new int[1];
    CountMerger.afterSpillForTests = () -> {
      try {
        seen[0] = Math.max(seen[0], spillFiles().size());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      throw new IllegalStateException("a failure injected after a spill");
    };
    Exception e = assertThrows(Exception.class, () -> ValueCounter.count(df, request()).close());
    assertTrue(String.valueOf(e.getMessage()).contains("a failure injected after a spill"), e.toString());
    assertTrue(seen[0] > 0, "a spill file existed when the task failed");
    assertEquals(List.of(), spillFilesOnceTasksEnd(), "spill files left behind");
  }

  @ParameterizedTest
  @EnumSource(value = EnginePath.class, names = {"FAST", "PUBLIC"})
  void aTaskKilledAfterSpillingLeavesNoFile(EnginePath path) throws Exception {
    tinyMergeBudget(path);
    CountDownLatch spilled = new CountDownLatch(1);
    CountMerger.afterSpillForTests = () -> {
      spilled.countDown();
      try {
        Thread.sleep(TimeUnit.MINUTES.toMillis(2)); // until the task is killed (interrupted)
      } catch (InterruptedException killed) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("killed", killed);
      }
    };
    String group = "spill-cleanup-" + path;
    Thread canceller = new Thread(() -> {
      try {
        if (spilled.await(2, TimeUnit.MINUTES)) {
          spark.sparkContext().cancelJobGroup(group);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    canceller.start();
    spark.sparkContext().setJobGroup(group, "a count to be killed midway", true);
    assertThrows(Exception.class, () -> ValueCounter.count(df, request()).close());
    canceller.join();
    assertEquals(0, spilled.getCount(), "the merge spilled before it was killed");
    assertEquals(List.of(), spillFilesOnceTasksEnd(), "spill files left behind");
  }
}
