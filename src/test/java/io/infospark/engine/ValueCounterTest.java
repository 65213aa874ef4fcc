package io.infospark.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.infospark.engine.spark.InternalInput;
import io.infospark.testing.SparkTestSession;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The counting engine against Spark's own {@code groupBy(column).agg(count, sum(weight))} (an
 * independent reference), on both paths: for every column, every input path (rows, Parquet and ORC
 * columnar batches), every table budget (no flush; tiny tables that flush, and whose near-unique
 * columns switch to pass-through), the multiset of (rows, weight) per distinct value is exactly
 * the same.
 */
class ValueCounterTest {
  private static final SparkSession spark = SparkTestSession.get();
  private static Dataset<Row> rows;
  @TempDir
  static Path dir;

  @BeforeAll
  static void data() {
    Column id = functions.col("id");
    rows = spark.range(0, 12_000).repartition(3).select(
        id.mod(7).cast("int").as("small"),
        functions.when(id.mod(5).equalTo(0), null).otherwise(id.mod(1000)).as("with_nulls"),
        id.multiply(2654435761L).mod(1_000_003L).as("near_unique"),
        functions.concat(functions.lit("城市-"), id.mod(4001).cast("string")).as("text"),
        functions.when(id.mod(3).equalTo(0), null).otherwise(id.divide(2).cast("long").cast("string")).as("text_nulls"),
        functions.when(id.mod(11).equalTo(0), functions.lit("")).otherwise(id.mod(13).cast("string")).as("empty_strings"),
        id.mod(2).equalTo(0).as("flag"),
        functions.date_add(functions.lit("2020-01-01").cast("date"), id.mod(400).cast("int")).as("day"),
        id.mod(997).divide(8).cast("decimal(10,3)").as("price"),
        id.mod(3001).multiply(1e10).cast("decimal(30,5)").as("wide"),
        functions.expr("cast(cast(id % 257 as string) as binary)").as("bytes"),
        id.mod(9).divide(4.0).as("exact_double"),
        id.mod(4).cast("double").divide(2.0).plus(0.5).as("w")).cache();
  }

  private static final Map<Boolean, List<List<String>>> OF_ROWS = new HashMap<>();

  @AfterEach
  void reset() {
    spark.conf().unset(Settings.MAX_ENTRIES);
    spark.conf().unset(Settings.MAX_BYTES);
    spark.conf().unset(Settings.MERGE_PARTITIONS);
    spark.conf().unset(Settings.PATH);
  }

  static List<CountedColumn> columns(Dataset<Row> df) {
    List<CountedColumn> out = new ArrayList<>();
    for (StructField f : df.schema().fields()) {
      if (!f.name().equals("w")) {
        out.add(CountedColumn.of(f.name(), f.dataType(), null));
      }
    }
    return out;
  }

  /** Per column, the sorted "rows/weight" of each distinct value (null included) by Spark's groupBy. */
  private static List<List<String>> reference(Dataset<Row> df, List<CountedColumn> columns, boolean weighted) {
    List<List<String>> out = new ArrayList<>();
    for (CountedColumn c : columns) {
      Column w = weighted ? functions.sum("w") : functions.count("*").cast("double");
      List<String> entries = new ArrayList<>();
      for (Row r : df.groupBy(functions.col(c.name())).agg(functions.count("*"), w).collectAsList()) {
        entries.add((r.isNullAt(0) ? "null:" : "") + r.getLong(1) + "/" + r.getDouble(2));
      }
      entries.sort(null);
      out.add(entries);
    }
    return out;
  }

  /** Per key set, the entries of the merged counts as "rows/weight" (an accumulator of a fold). */
  static final class Entries implements Serializable {
    private static final long serialVersionUID = 1L;
    final List<List<String>> sets = new ArrayList<>();

    Entries(int n) {
      for (int i = 0; i < n; i++) {
        sets.add(new ArrayList<>());
      }
    }

    Entries add(MergedEntry e) {
      if (e.set >= 0) {
        sets.get(e.set).add((e.nullmask != 0 ? "null:" : "") + e.n + "/" + e.w);
      }
      return this;
    }

    Entries merge(Entries o) {
      for (int i = 0; i < sets.size(); i++) {
        sets.get(i).addAll(o.sets.get(i));
      }
      return this;
    }
  }

  /** Every key set's entries, sorted. */
  static List<List<String>> entries(CountResult counts) {
    int n = counts.request().columns().size() + counts.request().pairCount();
    Entries e = counts.counts().fold(() -> new Entries(n), Entries::add, Entries::merge);
    e.sets.forEach(l -> l.sort(null));
    return e.sets;
  }

  static void usePath(EnginePath path) {
    spark.conf().set(Settings.PATH, path.name().toLowerCase(java.util.Locale.ROOT));
  }

  private static void check(Dataset<Row> df, boolean weighted, String budget, EnginePath path) {
    check(df, weighted, budget, path, true);
  }

  /** Checks df's counts; {@code sameAsRows}: df holds the data of {@link #rows} (any format). */
  private static void check(Dataset<Row> df, boolean weighted, String budget, EnginePath path, boolean sameAsRows) {
    if (budget == null) {
      spark.conf().unset(Settings.MAX_ENTRIES);
    } else {
      spark.conf().set(Settings.MAX_ENTRIES, budget);
    }
    usePath(path);
    List<CountedColumn> columns = columns(df);
    CountRequest request = CountRequest.of(columns).withWeight(weighted ? "w" : null);
    // the data of rows, Parquet and ORC are the same: one reference for them
    List<List<String>> expected = sameAsRows
        ? OF_ROWS.computeIfAbsent(weighted, x -> reference(rows, columns, x))
        : reference(df, columns, weighted);
    try (CountResult counts = ValueCounter.count(df, request)) {
      assertEquals(path, counts.path());
      List<List<String>> actual = entries(counts);
      for (int i = 0; i < columns.size(); i++) {
        assertSame(expected.get(i), actual.get(i), columns.get(i).name() + " (budget " + budget + ", " + path + ")");
      }
    }
  }

  /** Equal lists, or a short message: sizes and the first difference (the lists are long). */
  static void assertSame(List<String> expected, List<String> actual, String what) {
    if (expected.equals(actual)) {
      return;
    }
    int i = 0;
    while (i < Math.min(expected.size(), actual.size()) && expected.get(i).equals(actual.get(i))) {
      i++;
    }
    fail(what + ": " + expected.size() + " distinct values expected, " + actual.size() + " counted; first difference at "
        + i + ": expected " + (i < expected.size() ? expected.get(i) : "none") + " but got "
        + (i < actual.size() ? actual.get(i) : "none"));
  }

  private static Dataset<Row> written(String format) throws Exception {
    Path p = dir.resolve(format);
    if (!Files.exists(p)) {
      rows.write().format(format).save(p.toString());
    }
    return spark.read().format(format).load(p.toString());
  }

  @ParameterizedTest
  @EnumSource(value = EnginePath.class, names = {"FAST", "PUBLIC"})
  void rowPathEqualsGroupBy(EnginePath path) {
    check(rows, false, null, path);
    check(rows, false, "100", path);
  }

  @ParameterizedTest
  @EnumSource(value = EnginePath.class, names = {"FAST", "PUBLIC"})
  void weightedEqualsGroupBy(EnginePath path) {
    check(rows, true, null, path);
    check(rows, true, "100", path);
  }

  @ParameterizedTest
  @EnumSource(value = EnginePath.class, names = {"FAST", "PUBLIC"})
  void parquetEqualsGroupBy(EnginePath path) throws Exception {
    Dataset<Row> df = written("parquet");
    assertTrue(InternalInput.isColumnar(df.select("text", "small", "day")), "Parquet is read as columnar batches");
    check(df, false, null, path);
    check(df, false, "100", path);
    check(df, true, "100", path);
  }

  @Test
  void orcBatchesEqualGroupBy() throws Exception {
    Dataset<Row> df = written("orc");
    assertTrue(InternalInput.isColumnar(df.select("wide", "near_unique")), "ORC is read as columnar batches");
    check(df, false, "100", EnginePath.FAST);
  }

  @Test
  void filteredOrComputedSelectionsReadRows() throws Exception {
    Dataset<Row> df = written("parquet");
    assertFalse(InternalInput.isColumnar(df.filter("small > 2").select("text")));
    assertFalse(InternalInput.isColumnar(df.select(functions.upper(functions.col("text")))));
    assertFalse(InternalInput.isColumnar(rows.select("text")));
    check(df.filter("small > 2"), false, "100", EnginePath.FAST, false);
  }

  /**
   * A Parquet file of several row groups (a small {@code parquet.block.size}), each with its own
   * dictionary of a string column: the same value has different ids in different row groups, and
   * the same id different values. Dictionary ids are counted across the batches of one row group
   * only; the counts equal groupBy's.
   */
  @Test
  void dictionaryIdsAreNotMergedAcrossRowGroups() throws Exception {
    Path file = dir.resolve("row-groups");
    // 60 values; row group g (of ~4,000 rows) sees them in another order: first-seen order, and so
    // dictionary ids, differ between row groups; values of group 0 mod 60 are left out of some groups
    spark.range(0, 40_000).coalesce(1).select(
        functions.concat(functions.lit("value-"),
            functions.expr("(id * 7 + (id div 4000) * 13) % (50 + (id div 4000) % 11)").cast("string")).as("v"),
        functions.col("id").mod(3).as("k"))
        .write().option("parquet.block.size", 16 * 1024).option("parquet.enable.dictionary", "true")
        .parquet(file.toString());
    int rowGroups = 0;
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    try (java.util.stream.Stream<Path> parts = Files.list(file)) {
      for (Path part : parts.filter(x -> x.toString().endsWith(".parquet")).toList()) {
        try (org.apache.parquet.hadoop.ParquetFileReader r = org.apache.parquet.hadoop.ParquetFileReader.open(
            org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(part.toString()), conf))) {
          for (org.apache.parquet.hadoop.metadata.BlockMetaData b : r.getFooter().getBlocks()) {
            rowGroups++;
            assertTrue(b.getColumns().get(0).getEncodings().stream().anyMatch(e -> e.usesDictionary()),
                "column v of a row group is dictionary-encoded");
          }
        }
      }
    }
    assertTrue(rowGroups >= 3, "several row groups: " + rowGroups);
    Dataset<Row> df = spark.read().parquet(file.toString());
    assertTrue(InternalInput.isColumnar(df.select("v", "k")));
    List<CountedColumn> columns = columns(df);
    List<List<String>> expected = reference(df, columns, false);
    for (String budget : new String[] {null, "100"}) {
      if (budget == null) {
        spark.conf().unset(Settings.MAX_ENTRIES);
      } else {
        spark.conf().set(Settings.MAX_ENTRIES, budget);
      }
      usePath(EnginePath.FAST);
      try (CountResult counts = ValueCounter.count(df, CountRequest.of(columns))) {
        List<List<String>> actual = entries(counts);
        for (int i = 0; i < columns.size(); i++) {
          assertSame(expected.get(i), actual.get(i), columns.get(i).name() + " (budget " + budget + ")");
        }
      }
    }
  }

  /** Column pairs (dense matrices for small ones, hash tables for large) against groupBy(x, y). */
  @ParameterizedTest
  @EnumSource(value = EnginePath.class, names = {"FAST", "PUBLIC"})
  void pairsEqualGroupByOfTwoColumns(EnginePath path) throws Exception {
    String[][] pairs = {{"small", "with_nulls"}, {"text", "near_unique"}, {"flag", "text_nulls"}, {"day", "small"}};
    usePath(path);
    for (String budget : new String[] {null, "100"}) {
      for (boolean nullsAsValue : new boolean[] {false, true}) {
        if (budget == null) {
          spark.conf().unset(Settings.MAX_ENTRIES);
        } else {
          spark.conf().set(Settings.MAX_ENTRIES, budget);
        }
        Dataset<Row> df = written("parquet");
        List<CountedColumn> columns = columns(df);
        List<String> names = new ArrayList<>();
        columns.forEach(c -> names.add(c.name()));
        int[][] idx = new int[pairs.length][];
        for (int p = 0; p < pairs.length; p++) {
          idx[p] = new int[] {names.indexOf(pairs[p][0]), names.indexOf(pairs[p][1])};
        }
        CountRequest request = CountRequest.of(columns).withPairs(idx).withNullsAsValue(nullsAsValue);
        List<List<String>> actual;
        try (CountResult counts = ValueCounter.count(df, request)) {
          actual = entries(counts);
        }
        for (int p = 0; p < pairs.length; p++) {
          Dataset<Row> both = nullsAsValue ? rows
              : rows.filter(functions.col(pairs[p][0]).isNotNull().and(functions.col(pairs[p][1]).isNotNull()));
          List<String> expected = new ArrayList<>();
          for (Row r : both.groupBy(pairs[p][0], pairs[p][1]).count().collectAsList()) {
            expected.add((r.isNullAt(0) || r.isNullAt(1) ? "null:" : "") + r.getLong(2) + "/" + (double) r.getLong(2));
          }
          expected.sort(null);
          assertSame(expected, actual.get(columns.size() + p), pairs[p][0] + " × " + pairs[p][1] + " (nulls as value "
              + nullsAsValue + ", budget " + budget + ", " + path + ")");
        }
      }
    }
  }

  /** Few merge partitions and a tiny memory budget: the reduce side spills and merges in passes. */
  @ParameterizedTest
  @EnumSource(value = EnginePath.class, names = {"FAST", "PUBLIC"})
  void aTinyBudgetMakesTheMergeSpillWithTheSameCounts(EnginePath path) throws Exception {
    long before = CountMerger.SPILLS.get();
    spark.conf().set(Settings.MERGE_PARTITIONS, "3");
    spark.conf().set(Settings.MAX_BYTES, "30000");
    check(rows, false, null, path);
    check(rows, true, "100", path);
    check(written("parquet"), false, null, path);
    assertTrue(CountMerger.SPILLS.get() > before, "the merge spilled");
  }

  @ParameterizedTest
  @EnumSource(value = EnginePath.class, names = {"FAST", "PUBLIC"})
  void sidesCountLikeAUnionWithAnIndicator(EnginePath path) throws Exception {
    spark.conf().set(Settings.MAX_ENTRIES, "100");
    usePath(path);
    Dataset<Row> p = written("parquet").filter("small < 5").select("text", "near_unique", "small");
    Dataset<Row> q = rows.filter("small > 1").select("text", "near_unique", "small");
    List<CountedColumn> columns = columns(p);
    List<List<String>> actual;
    try (CountResult counts = ValueCounter.countSides(p, q, CountRequest.of(columns))) {
      assertEquals(path, counts.path());
      actual = entries(counts);
    }
    Dataset<Row> stacked = p.withColumn("w", functions.lit(1.0)).unionByName(q.withColumn("w", functions.lit(0.0)));
    List<List<String>> expected = reference(stacked, columns, true);
    for (int i = 0; i < columns.size(); i++) {
      assertSame(expected.get(i), actual.get(i), columns.get(i).name());
    }
  }

  /**
   * The two paths read keys from different formats (internal rows and vectors; public {@code Row}
   * objects) by the one definition of {@code KeyType}: their value tables, keys included, are equal.
   */
  @Test
  void bothPathsMakeTheSameKeys() throws Exception {
    Dataset<Row> df = written("parquet").withColumn("ts", functions.expr("timestamp_seconds(near_unique * 997)"))
        .withColumn("ntz", functions.expr("cast(timestamp_seconds(near_unique * 991) as timestamp_ntz)"))
        .withColumn("f", functions.col("exact_double").cast("float"))
        .withColumn("interval_dt", functions.expr("make_dt_interval(small, 0, 0, near_unique % 100)"))
        .withColumn("interval_ym", functions.expr("make_ym_interval(small, 1)"));
    List<CountedColumn> columns = columns(df);
    List<Row> fast;
    List<Row> pub;
    usePath(EnginePath.FAST);
    try (CountResult counts = ValueCounter.count(df, CountRequest.of(columns))) {
      fast = counts.values().collectAsList();
    }
    usePath(EnginePath.PUBLIC);
    try (CountResult counts = ValueCounter.count(df, CountRequest.of(columns))) {
      pub = counts.values().collectAsList();
    }
    List<String> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    fast.forEach(r -> a.add(show(r)));
    pub.forEach(r -> b.add(show(r)));
    a.sort(null);
    b.sort(null);
    assertSame(a, b, "value tables of the fast and the public-API path");
  }

  private static String show(Row r) {
    return r.getString(0) + "|" + r.get(1) + "|" + r.get(2) + "|" + r.get(3) + "|"
        + (r.isNullAt(4) ? "null" : java.util.HexFormat.of().formatHex((byte[]) r.get(4))) + "|" + r.get(5) + "|" + r.get(6);
  }
}
