package io.infospark.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infospark.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saved states are laid out as the engine merges (each file one contiguous group of merge
 * partitions, its rows sorted by key) and merged again: when the runs' layouts agree, without a
 * shuffle, their files merged in key order; otherwise by the engine's merge after a shuffle of
 * their entries. The reference is the counts of the union of
 * the runs' inputs, counted from the rows (never from a state): every merged entry — each column's
 * and pair's distinct keys with their rows and weights — must be equal (weights are multiples of
 * 1/4, so their sums are exact in any order).
 */
class StateLayoutTest {
  private final SparkSession spark = SparkTestSession.get();
  @TempDir Path tmp;

  private static final StructType SCHEMA = new StructType().add("s", DataTypes.StringType).add("l", DataTypes.LongType)
      .add("b", DataTypes.BooleanType).add("w", DataTypes.DoubleType);
  private static final LocalDate D0 = LocalDate.of(2026, 11, 1);

  /** A day's rows: a string column of many values (half new each day), a long one, a boolean, nulls, weights. */
  private Dataset<Row> day(int day) {
    Random r = new Random(77 + day);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      String s = r.nextInt(25) == 0 ? null : "v" + (r.nextBoolean() ? r.nextInt(800) : 1000 * (day + 1) + r.nextInt(900));
      Long l = r.nextInt(30) == 0 ? null : (long) (r.nextGaussian() * 40) + day;
      Boolean b = r.nextInt(12) == 0 ? null : r.nextInt(3) == 0;
      out.add(RowFactory.create(s, l, b, 0.25 * (1 + r.nextInt(8))));
    }
    return spark.createDataFrame(out, SCHEMA);
  }

  private static CountRequest request(boolean weighted) {
    CountRequest r = CountRequest.of(List.of(CountedColumn.of("s", DataTypes.StringType, null),
        CountedColumn.of("l", DataTypes.LongType, null), CountedColumn.of("b", DataTypes.BooleanType, null)))
        .withPairs(new int[][] {{0, 1}, {2, 0}});
    return weighted ? r.withWeight("w") : r;
  }

  private String states() {
    return tmp.resolve("states").toString();
  }

  private void save(int day, CountRequest request) {
    try (CountResult c = ValueCounter.count(day(day), request)) {
      CountState.save(c, CountState.Side.ALL, states(), "day-" + day, D0.plusDays(day));
    }
  }

  /** Every entry of the counts (columns and pairs) by its key, with its rows and weight. */
  private static Map<String, String> entries(CountResult c) {
    Map<String, String> out = new TreeMap<>();
    HexFormat hex = HexFormat.of();
    for (Row r : c.counts().rows().collectAsList()) {
      String key = r.getInt(0) + "|" + r.getInt(1) + "|" + r.get(2) + "|" + (r.isNullAt(3) ? "-" : hex.formatHex((byte[]) r.get(3)))
          + "|" + r.get(4) + "|" + (r.isNullAt(5) ? "-" : hex.formatHex((byte[]) r.get(5)));
      String old = out.put(key, r.getLong(6) + " " + r.getDouble(7));
      assertEquals(null, old, "key " + key + " twice");
    }
    return out;
  }

  private Map<String, String> unionCounts(CountRequest request, int... days) {
    Dataset<Row> u = day(days[0]);
    for (int i = 1; i < days.length; i++) {
      u = u.union(day(days[i]));
    }
    try (CountResult c = ValueCounter.count(u, request)) {
      return entries(c);
    }
  }

  private JsonNode meta(String run) throws Exception {
    return new ObjectMapper().readTree(tmp.resolve("states").resolve("run_id=" + run).resolve("_state.json").toFile());
  }

  private static Settings settings() {
    return Settings.of(SparkTestSession.get());
  }

  private static void withConf(String key, String value, Runnable r) {
    SparkSession spark = SparkTestSession.get();
    String old = spark.conf().getOption(key).getOrElse(() -> null);
    spark.conf().set(key, value);
    try {
      r.run();
    } finally {
      if (old == null) {
        spark.conf().unset(key);
      } else {
        spark.conf().set(key, old);
      }
    }
  }

  @Test
  void statesOfOneLayoutMergeWithoutAShuffleToTheCountsOfTheUnion() throws Exception {
    CountRequest request = request(false);
    for (int d = 0; d < 3; d++) {
      save(d, request);
    }
    Settings s = settings();
    JsonNode layout = meta("day-0").get("layout");
    assertEquals("infospark-count-state/3", meta("day-0").get("format").asText());
    assertEquals(s.mergePartitions(), layout.get("buckets").asInt());
    assertEquals(s.mergeTasks(), layout.get("groups").asInt());
    assertTrue(layout.get("files").size() >= 1);
    try (CountResult merged = CountState.merge(spark, states(), StateWindow.last(3))) {
      FastCounts f = (FastCounts) merged.counts();
      assertEquals(0, f.shuffles(), "an aligned merge shuffles nothing");
      assertEquals(new FastCounts.Layout(s.mergePartitions(), s.mergeTasks()), f.layout());
      assertEquals(s.mergeTasks(), merged.counts().rows().javaRDD().getNumPartitions(), "one partition per group");
      assertEquals(unionCounts(request, 0, 1, 2), entries(merged));
    }
    // compacted: the layout is kept, and the compacted run merges with a later day without a shuffle
    CountState.compact(spark, states(), StateWindow.runs(List.of("day-0", "day-1")), "week");
    assertEquals(layout.get("buckets"), meta("week").get("layout").get("buckets"));
    assertEquals(layout.get("groups"), meta("week").get("layout").get("groups"));
    try (CountResult merged = CountState.merge(spark, states(), StateWindow.runs(List.of("week", "day-2")))) {
      assertEquals(0, ((FastCounts) merged.counts()).shuffles());
      assertEquals(unionCounts(request, 0, 1, 2), entries(merged));
    }
    // a running state: today's counts added to it in place of their groups, no shuffle either
    try (CountResult today = ValueCounter.count(day(3), request)) {
      CountState.accumulate(today, states(), "week", "running", D0.plusDays(3));
    }
    assertNotNull(meta("running").get("layout").get("files"));
    try (CountResult merged = CountState.merge(spark, states(), StateWindow.runs(List.of("running", "day-2")))) {
      assertEquals(0, ((FastCounts) merged.counts()).shuffles());
      assertEquals(unionCounts(request, 0, 1, 2, 3), entries(merged));
    }
  }

  /**
   * Keys whose order is easy to get wrong: strings with bytes above 0x7F (the writer sorts bytes
   * unsigned), the empty string, negative and extreme longs, nulls (first), and pairs of them. The
   * runs merge in the writer's order: a merge that ordered them otherwise would find a file out of
   * order (an error) instead of the counts of the union.
   */
  @Test
  void statesMergeInTheWritersKeyOrder() {
    StructType schema = new StructType().add("s", DataTypes.StringType).add("l", DataTypes.LongType);
    String[] strings = {"a", "ab", "", "z", "\u00e9", "\u00ff", "\u03a9", "\u65e5\u672c", "\ud83d\ude00", null};
    Long[] longs = {Long.MIN_VALUE, -300L, -5L, -1L, 0L, 3L, 128L, Long.MAX_VALUE, null};
    CountRequest request = CountRequest.of(List.of(CountedColumn.of("s", DataTypes.StringType, null),
        CountedColumn.of("l", DataTypes.LongType, null))).withPairs(new int[][] {{0, 1}});
    Dataset<Row> union = null;
    for (int d = 0; d < 3; d++) {
      Random r = new Random(5 + d);
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        rows.add(RowFactory.create(strings[r.nextInt(strings.length - d)], longs[r.nextInt(longs.length)]));
      }
      Dataset<Row> day = spark.createDataFrame(rows, schema);
      union = union == null ? day : union.union(day);
      try (CountResult c = ValueCounter.count(day, request)) {
        CountState.save(c, CountState.Side.ALL, states(), "day-" + d, D0.plusDays(d));
      }
    }
    Map<String, String> expected;
    try (CountResult c = ValueCounter.count(union, request)) {
      expected = entries(c);
    }
    try (CountResult merged = CountState.merge(spark, states(), StateWindow.last(3))) {
      assertEquals(0, ((FastCounts) merged.counts()).shuffles());
      assertEquals(expected, entries(merged));
    }
  }

  /** A file whose rows are not in key order (not written by this writer) fails the merge; it never miscounts. */
  @Test
  void aStateFileOutOfKeyOrderIsAnErrorNotAWrongCount() throws Exception {
    CountRequest request = request(false);
    save(0, request);
    save(1, request);
    Path run = tmp.resolve("states").resolve("run_id=day-0");
    Path file = run.resolve(meta("day-0").get("layout").get("files").get(0).get(1).asText());
    Path rewritten = tmp.resolve("rewritten");
    spark.read().parquet(file.toString())
        .orderBy(java.util.Arrays.stream(new String[] {"set", "nullmask", "k1", "s1", "k2", "s2"})
            .map(c -> org.apache.spark.sql.functions.col(c).desc()).toArray(org.apache.spark.sql.Column[]::new))
        .coalesce(1).write().parquet(rewritten.toString());
    Path part;
    try (java.util.stream.Stream<Path> s = Files.list(rewritten)) {
      part = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Files.delete(file);
    Files.deleteIfExists(run.resolve("." + file.getFileName() + ".crc"));
    Files.move(part, file);
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> CountState.merge(spark, states(), StateWindow.last(2)).close());
    StringBuilder causes = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      causes.append(t).append('\n');
    }
    assertTrue(causes.toString().contains("is not sorted by key"), causes.toString());
  }

  @Test
  void statesOfOtherLayoutsMergeExactlyThroughAShuffle() throws Exception {
    CountRequest request = request(true);
    withConf(Settings.MERGE_PARTITIONS, "64", () -> save(0, request));
    save(1, request);
    withConf(Settings.MERGE_PARTITIONS, "300", () -> save(2, request));
    withConf(Settings.PATH, "public", () -> save(3, request)); // the public-API path: no layout
    assertEquals(64, meta("day-0").get("layout").get("buckets").asInt());
    assertTrue(meta("day-3").get("layout").isNull());
    try (CountResult merged = CountState.merge(spark, states(), StateWindow.last(4))) {
      assertEquals(1, ((FastCounts) merged.counts()).shuffles());
      assertEquals(unionCounts(request, 0, 1, 2, 3), entries(merged));
    }
    // merged through the shuffle, the compacted run has this session's layout, and its keys sit where
    // a count of this session puts them: it merges with a day counted now without a shuffle, exactly
    CountState.compact(spark, states(), StateWindow.runs(List.of("day-0", "day-2", "day-3")), "mixed");
    save(4, request);
    try (CountResult merged = CountState.merge(spark, states(), StateWindow.runs(List.of("mixed", "day-4")))) {
      assertEquals(0, ((FastCounts) merged.counts()).shuffles());
      assertEquals(unionCounts(request, 0, 2, 3, 4), entries(merged));
    }
  }

  @Test
  void statesOfFormatTwoAreReadAndMergedThroughAShuffle() throws Exception {
    CountRequest request = request(false);
    save(0, request);
    save(1, request);
    for (String run : List.of("day-0", "day-1")) {
      ObjectNode m = (ObjectNode) meta(run);
      m.put("format", "infospark-count-state/2");
      m.remove("layout");
      Path folder = tmp.resolve("states").resolve("run_id=" + run);
      Files.writeString(folder.resolve("_state.json"), m.toString());
      Files.deleteIfExists(folder.resolve("._state.json.crc"));
    }
    try (CountResult merged = CountState.merge(spark, states(), StateWindow.last(2))) {
      assertEquals(1, ((FastCounts) merged.counts()).shuffles());
      assertEquals(unionCounts(request, 0, 1), entries(merged));
    }
  }

  @Test
  void aMergeOfOneLayoutHoldsNoTableUnderATinyMemoryCap() {
    CountRequest request = request(true);
    for (int d = 0; d < 3; d++) {
      save(d, request);
    }
    Map<String, String> expected = unionCounts(request, 0, 1, 2);
    long before = CountMerger.SPILLS.get();
    withConf(Settings.MAX_BYTES, String.valueOf(1 << 15), () -> {
      try (CountResult merged = CountState.merge(spark, states(), StateWindow.last(3))) {
        assertEquals(0, ((FastCounts) merged.counts()).shuffles());
        assertEquals(expected, entries(merged));
      }
    });
    assertEquals(before, CountMerger.SPILLS.get(), "the files are merged in key order: no table, nothing to spill");
  }

  @Test
  void countsAddedAreTheCountsOfTheUnion() {
    CountRequest request = request(true);
    try (CountResult a = ValueCounter.count(day(0), request); CountResult b = ValueCounter.count(day(1), request);
        CountResult sum = ValueCounter.add(a, b)) {
      assertEquals(((FastCounts) a.counts()).shuffles() + ((FastCounts) b.counts()).shuffles(),
          ((FastCounts) sum.counts()).shuffles(), "counts of one layout add without a shuffle of their own");
      assertEquals(((FastCounts) a.counts()).layout(), ((FastCounts) sum.counts()).layout());
      assertEquals(unionCounts(request, 0, 1), entries(sum));
    }
  }
}
