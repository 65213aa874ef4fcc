package io.infospark.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.testing.SparkTestSession;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running count after each batch has exactly the statistics of the engine's count of every row
 * added so far (the reference: {@link ValueCounter} over the union of the batches) — fingerprints
 * and null rows equal, weighted moments to 1e-12 relative — with weights, nulls dropped or counted
 * as a value, through compactions of its log, after a restart (opened again from its runs), and
 * after its cached tables were lost (rebuilt from the log).
 */
class RunningCountsTest {
  private static final double RELATIVE = 1e-12;
  private static final LocalDate DAY = LocalDate.of(2026, 11, 1);
  private static final StructType SCHEMA = new StructType().add("s", DataTypes.StringType)
      .add("k", DataTypes.LongType).add("w", DataTypes.DoubleType);
  private final SparkSession spark = SparkTestSession.get();
  @TempDir Path tmp;

  /** Batch b: 200 rows, values overlapping with earlier batches' and new ones, nulls, weights 0.5 to 4.5. */
  private Dataset<Row> batch(int b) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String s = i % 17 == 0 ? null : "v" + ((i * 7 + b * 13) % (50 + 10 * b));
      Long k = i % 11 == 0 ? null : (long) ((i * (b + 1)) % 23);
      rows.add(RowFactory.create(s, k, 0.5 + i % 5));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  private static CountRequest request(boolean nullsAsValue) {
    return CountRequest.of(List.of(CountedColumn.of("s", DataTypes.StringType, null),
        CountedColumn.of("k", DataTypes.LongType, null))).withWeight("w").withNullsAsValue(nullsAsValue);
  }

  private void assertSameStatistics(Dataset<Row> rows, CountRequest request, RunningCounts running) {
    try (CountResult expected = ValueCounter.count(rows, request); CountResult actual = running.result()) {
      for (int i = 0; i < request.columns().size(); i++) {
        CountStatistics e = expected.column(i);
        CountStatistics a = actual.column(i);
        String what = "column " + i + " after batch " + running.lastBatch();
        assertEquals(e.fingerprint(), a.fingerprint(), what);
        assertEquals(e.nullRows(), a.nullRows(), what);
        assertClose(e.nullWeight(), a.nullWeight(), what);
        assertEquals(e.weights().distinct(), a.weights().distinct(), what);
        assertClose(e.weights().total(), a.weights().total(), what);
        assertClose(e.weights().sumCLnC(), a.weights().sumCLnC(), what);
        assertClose(e.weights().sumCLn2C(), a.weights().sumCLn2C(), what);
      }
      assertEquals(expected.values().count(), actual.values().count(), "distinct values");
    }
  }

  private static void assertClose(double expected, double actual, String what) {
    assertEquals(expected, actual, RELATIVE * Math.max(1, Math.abs(expected)), what);
  }

  @Test
  void eachBatchGivesTheStatisticsOfEveryRowSoFarAndTheLogIsCompacted() {
    for (boolean nullsAsValue : new boolean[] {false, true}) {
      String dir = tmp.resolve("states-" + nullsAsValue).toString();
      CountRequest request = request(nullsAsValue);
      boolean compacted = false;
      try (RunningCounts running = RunningCounts.open(spark, dir, "stream", request)) {
        assertEquals(-1, running.lastBatch());
        Dataset<Row> seen = null;
        for (int b = 0; b < 6; b++) {
          try (CountResult c = ValueCounter.count(batch(b), request)) {
            running.add(c, b, DAY);
          }
          seen = seen == null ? batch(b) : seen.union(batch(b));
          assertEquals(b, running.lastBatch());
          assertSameStatistics(seen, request, running);
          compacted |= CountState.runs(spark, dir).stream().anyMatch(r -> r.id().endsWith(".base"));
        }
      }
      assertTrue(compacted, "the log was compacted at least once");
      assertEquals(java.util.Map.of("stream", 5L), RunningCounts.held(spark, dir));
    }
  }

  @Test
  void reopenedFromItsRunsItContinuesExactly() {
    String dir = tmp.resolve("states").toString();
    CountRequest request = request(true);
    try (RunningCounts running = RunningCounts.open(spark, dir, "stream", request)) {
      for (int b = 0; b < 3; b++) {
        try (CountResult c = ValueCounter.count(batch(b), request)) {
          running.add(c, b, DAY);
        }
      }
    }
    try (RunningCounts again = RunningCounts.open(spark, dir, "stream", request)) {
      assertEquals(2, again.lastBatch());
      assertSameStatistics(batch(0).union(batch(1)).union(batch(2)), request, again);
      try (CountResult c = ValueCounter.count(batch(3), request)) {
        assertThrows(IllegalArgumentException.class, () -> again.add(c, 2, DAY));
        again.add(c, 3, DAY);
      }
      assertSameStatistics(batch(0).union(batch(1)).union(batch(2)).union(batch(3)), request, again);
    }
  }

  /**
   * Spark lost the cached tables (every cached block dropped, the RDDs still marked to be cached, as
   * when blocks are evicted): the next batch finds them recomputed at an older batch and rebuilds
   * them from the log.
   */
  @Test
  void lostTablesAreRebuiltFromTheLog() {
    String dir = tmp.resolve("states").toString();
    CountRequest request = request(false);
    try (RunningCounts running = RunningCounts.open(spark, dir, "stream", request)) {
      Dataset<Row> seen = null;
      for (int b = 0; b < 4; b++) {
        if (b >= 2) {
          JavaSparkContext.fromSparkContext(spark.sparkContext()).getPersistentRDDs().values().forEach(rdd -> {
            org.apache.spark.storage.StorageLevel level = rdd.getStorageLevel();
            rdd.unpersist(true);
            rdd.persist(level);
          });
        }
        try (CountResult c = ValueCounter.count(batch(b), request)) {
          running.add(c, b, DAY);
        }
        seen = seen == null ? batch(b) : seen.union(batch(b));
        assertSameStatistics(seen, request, running);
      }
    }
  }

  /**
   * Batches counted on the public-API path (counts not laid out as the running count's tables,
   * shuffled to them) and lazily on the fast path (laid out alike, added without a shuffle of their
   * own) give the same exact statistics.
   */
  @Test
  void batchesOfEitherPathAddExactly() {
    String dir = tmp.resolve("states").toString();
    CountRequest request = request(true).withWeight(null);
    try (RunningCounts running = RunningCounts.open(spark, dir, "stream", request)) {
      Dataset<Row> seen = null;
      for (int b = 0; b < 4; b++) {
        spark.conf().set(Settings.PATH, b % 2 == 0 ? "public" : "fast");
        try (CountResult c = ValueCounter.countLazily(batch(b), request)) {
          assertEquals(b % 2 == 0 ? EnginePath.PUBLIC : EnginePath.FAST, c.path());
          spark.conf().unset(Settings.PATH);
          // the fast path's counts reach the tables through the count's own shuffle only
          int shuffles = io.infospark.engine.spark.Groups.shuffles(running.inGroups(c.counts()));
          assertTrue(b % 2 == 0 ? shuffles >= 1 : shuffles == 1, shuffles + " shuffles before the tables");
          running.add(c, b, DAY);
        } finally {
          spark.conf().unset(Settings.PATH);
        }
        seen = seen == null ? batch(b) : seen.union(batch(b));
        assertSameStatistics(seen, request, running);
      }
    }
  }

  /**
   * A micro-batch counted lazily has its merge partitions sized by its input — here fewer than the
   * running count's layout has buckets — yet every key it merges in task g is a key of group g of
   * the running count's layout (checked key by key against the bucket the default layout gives it),
   * so it is added to table g without a shuffle of its own; the statistics stay exactly those of a
   * count of every row so far, and a restart merges runs saved in either layout exactly.
   */
  @Test
  void aBatchSizedByItsInputKeepsTheGroupsOfTheRunningCount() {
    String dir = tmp.resolve("states").toString();
    CountRequest request = request(false);
    Settings defaults = Settings.of(spark);
    FastCounts.Layout full = new FastCounts.Layout(defaults.mergePartitions(), defaults.mergeTasks());
    Dataset<Row> seen = null;
    try (RunningCounts running = RunningCounts.open(spark, dir, "stream", request)) {
      for (int b = 0; b < 3; b++) {
        try (CountResult c = b == 0 ? ValueCounter.count(batch(b), request) : ValueCounter.countLazily(batch(b), request)) {
          FastCounts f = (FastCounts) c.counts();
          if (b > 0) {
            assertTrue(f.layout().buckets() < full.buckets(), f.layout() + " against " + full);
            assertEquals(full.groups(), f.layout().groups());
            int buckets = full.buckets();
            int groups = full.groups();
            List<Integer> misplaced = f.entries().mapPartitionsWithIndex((Integer g,
                java.util.Iterator<MergedEntry> it) -> {
              int wrong = 0;
              while (it.hasNext()) {
                MergedEntry e = it.next();
                if (io.infospark.engine.spark.Groups.groupOf(Entries.partitionOf(e, buckets), buckets, groups) != g) {
                  wrong++;
                }
              }
              return List.of(wrong).iterator();
            }, true).collect();
            assertEquals(0, misplaced.stream().mapToInt(Integer::intValue).sum(), "keys outside their group");
            assertEquals(1, io.infospark.engine.spark.Groups.shuffles(running.inGroups(c.counts())));
          }
          running.add(c, b, DAY);
        }
        seen = seen == null ? batch(b) : seen.union(batch(b));
        assertSameStatistics(seen, request, running);
      }
    }
    try (RunningCounts again = RunningCounts.open(spark, dir, "stream", request)) {
      assertEquals(2, again.lastBatch());
      assertSameStatistics(seen, request, again);
      try (CountResult c = ValueCounter.countLazily(batch(3), request)) {
        again.add(c, 3, DAY);
      }
      assertSameStatistics(seen.union(batch(3)), request, again);
    }
  }

  /**
   * A running count compacted again and again lists in its base only the runs that base replaced
   * (the previous base and the batches since), not every run ever replaced: its metadata stays
   * bounded on a long stream, and it still reopens exactly.
   */
  @Test
  void aCompactedBaseListsOnlyTheRunsItReplaced() {
    String dir = tmp.resolve("states").toString();
    CountRequest request = request(false);
    try (RunningCounts running = RunningCounts.open(spark, dir, "stream", request)) {
      for (int b = 0; b < 5; b++) {
        try (CountResult c = ValueCounter.count(batch(0), request)) { // the same keys: compacted every batch from 1
          running.add(c, b, DAY);
        }
      }
    }
    List<CountState.Run> runs = CountState.runs(spark, dir);
    assertEquals(List.of("stream-4.base"), runs.stream().map(CountState.Run::id).toList());
    assertEquals(List.of("stream-3.base", "stream-4"), runs.get(0).replaces());
    // the base is saved in the running count's layout: reopening merges it from its files, no shuffle
    try (CountResult base = CountState.merge(spark, dir, StateWindow.runs(List.of("stream-4.base")))) {
      assertEquals(EnginePath.FAST, base.path());
      assertEquals(0, ((FastCounts) base.counts()).shuffles());
    }
    try (RunningCounts again = RunningCounts.open(spark, dir, "stream", request)) {
      assertSameStatistics(batch(0).union(batch(0)).union(batch(0)).union(batch(0)).union(batch(0)), request, again);
    }
  }
}
