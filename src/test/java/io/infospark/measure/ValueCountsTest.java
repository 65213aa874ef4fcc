package io.infospark.measure;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counting engine against Spark's own {@code groupBy(column).agg(count, sum(weight))} (an
 * independent reference): for every column, every input path (rows, Parquet and ORC columnar
 * batches), every table budget (no flush; tiny tables that flush, and whose near-unique columns
 * switch to pass-through), the multiset of (rows, weight) per distinct value is exactly the same.
 */
class ValueCountsTest {
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

  private static final java.util.Map<Boolean, List<List<String>>> OF_ROWS = new java.util.HashMap<>();

  @AfterAll
  static void reset() {
    spark.conf().unset(ValueCounts.MAX_ENTRIES_CONF);
  }

  private static List<ColumnCodec> codecs(Dataset<Row> df) {
    List<ColumnCodec> out = new ArrayList<>();
    for (StructField f : df.schema().fields()) {
      if (!f.name().equals("w")) {
        out.add(ColumnCodec.of(f.name(), f.dataType(), null));
      }
    }
    return out;
  }

  /** Per column, the sorted "rows/weight" of each distinct value (null included) by Spark's groupBy. */
  private static List<List<String>> reference(Dataset<Row> df, List<ColumnCodec> codecs, boolean weighted) {
    List<List<String>> out = new ArrayList<>();
    for (ColumnCodec c : codecs) {
      Column w = weighted ? functions.sum("w") : functions.count("*").cast("double");
      List<String> entries = new ArrayList<>();
      for (Row r : df.groupBy(ColumnNames.col(c.name())).agg(functions.count("*"), w).collectAsList()) {
        entries.add((r.isNullAt(0) ? "null:" : "") + r.getLong(1) + "/" + r.getDouble(2));
      }
      entries.sort(null);
      out.add(entries);
    }
    return out;
  }

  private static List<List<String>> engine(org.apache.spark.api.java.JavaRDD<org.apache.spark.sql.catalyst.InternalRow> rdd, int sets) {
    Dataset<Row> counts = ValueCounts.frame(spark, rdd);
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < sets; i++) {
      out.add(new ArrayList<>());
    }
    for (Row r : counts.collectAsList()) {
      out.get(r.getInt(0)).add((r.getInt(1) != 0 ? "null:" : "") + r.getLong(6) + "/" + r.getDouble(7));
    }
    out.forEach(l -> l.sort(null));
    return out;
  }

  private static void check(Dataset<Row> df, boolean weighted, String budget) {
    check(df, weighted, budget, true);
  }

  /** Checks df's counts; {@code sameAsRows}: df holds the data of {@link #rows} (any format). */
  private static void check(Dataset<Row> df, boolean weighted, String budget, boolean sameAsRows) {
    if (budget == null) {
      spark.conf().unset(ValueCounts.MAX_ENTRIES_CONF);
    } else {
      spark.conf().set(ValueCounts.MAX_ENTRIES_CONF, budget);
    }
    List<ColumnCodec> codecs = codecs(df);
    var counts = ValueCounts.count(df, codecs, weighted ? "w" : null, new int[0][], NullPolicy.DROP);
    // the data of rows, Parquet and ORC are the same: one reference for them
    List<List<String>> expected = sameAsRows
        ? OF_ROWS.computeIfAbsent(weighted, x -> reference(rows, codecs, x))
        : reference(df, codecs, weighted);
    List<List<String>> actual = engine(counts, codecs.size());
    for (int i = 0; i < codecs.size(); i++) {
      assertSame(expected.get(i), actual.get(i), codecs.get(i).name() + " (budget " + budget + ")");
    }
  }

  /** Equal lists, or a short message: sizes and the first difference (the lists are long). */
  private static void assertSame(List<String> expected, List<String> actual, String what) {
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

  @Test
  void rowPathEqualsGroupBy() {
    check(rows, false, null);
    check(rows, false, "100");
  }

  @Test
  void rowPathWeightedEqualsGroupBy() {
    check(rows, true, null);
    check(rows, true, "100");
  }

  @Test
  void parquetBatchesEqualGroupBy() throws Exception {
    Dataset<Row> df = written("parquet");
    assertNotNull(SparkInternals.columnar(df.select("text", "small", "day")), "Parquet is read as columnar batches");
    check(df, false, null);
    check(df, false, "100");
    check(df, true, "100");
  }

  @Test
  void orcBatchesEqualGroupBy() throws Exception {
    Dataset<Row> df = written("orc");
    assertNotNull(SparkInternals.columnar(df.select("wide", "near_unique")), "ORC is read as columnar batches");
    check(df, false, "100");
  }

  @Test
  void filteredOrComputedSelectionsFallBackToRows() throws Exception {
    Dataset<Row> df = written("parquet");
    assertNull(SparkInternals.columnar(df.filter("small > 2").select("text")));
    assertNull(SparkInternals.columnar(df.select(functions.upper(functions.col("text")))));
    assertNull(SparkInternals.columnar(rows.select("text")));
    check(df.filter("small > 2"), false, "100", false);
  }

  /** Column pairs (dense matrices for small ones, hash tables for large) against groupBy(x, y). */
  @Test
  void pairsEqualGroupByOfTwoColumns() throws Exception {
    String[][] pairs = {{"small", "with_nulls"}, {"text", "near_unique"}, {"flag", "text_nulls"}, {"day", "small"}};
    for (String budget : new String[] {null, "100"}) {
      for (NullPolicy nulls : NullPolicy.values()) {
        if (budget == null) {
          spark.conf().unset(ValueCounts.MAX_ENTRIES_CONF);
        } else {
          spark.conf().set(ValueCounts.MAX_ENTRIES_CONF, budget);
        }
        Dataset<Row> df = written("parquet");
        List<ColumnCodec> codecs = codecs(df);
        List<String> names = new ArrayList<>();
        codecs.forEach(c -> names.add(c.name()));
        int[][] idx = new int[pairs.length][];
        for (int p = 0; p < pairs.length; p++) {
          idx[p] = new int[] {names.indexOf(pairs[p][0]), names.indexOf(pairs[p][1])};
        }
        List<List<String>> actual = engine(ValueCounts.count(df, codecs, null, idx, nulls), codecs.size() + pairs.length);
        for (int p = 0; p < pairs.length; p++) {
          Dataset<Row> both = nulls == NullPolicy.CATEGORY ? rows
              : rows.filter(functions.col(pairs[p][0]).isNotNull().and(functions.col(pairs[p][1]).isNotNull()));
          List<String> expected = new ArrayList<>();
          for (Row r : both.groupBy(pairs[p][0], pairs[p][1]).count().collectAsList()) {
            expected.add((r.isNullAt(0) || r.isNullAt(1) ? "null:" : "") + r.getLong(2) + "/" + (double) r.getLong(2));
          }
          expected.sort(null);
          assertSame(expected, actual.get(codecs.size() + p), pairs[p][0] + " × " + pairs[p][1] + " (" + nulls
              + ", budget " + budget + ")");
        }
      }
    }
  }

  /** Few merge partitions and a tiny memory budget: the reduce side spills and merges in passes. */
  @Test
  void aTinyBudgetMakesTheMergeSpillWithTheSameCounts() throws Exception {
    long before = CountMerger.SPILLS.get();
    spark.conf().set(ValueCounts.MERGE_PARTITIONS_CONF, "3");
    spark.conf().set(ValueCounts.MAX_BYTES_CONF, "30000");
    try {
      check(rows, false, null);
      check(rows, true, "100");
      check(written("parquet"), false, null);
    } finally {
      spark.conf().unset(ValueCounts.MERGE_PARTITIONS_CONF);
      spark.conf().unset(ValueCounts.MAX_BYTES_CONF);
    }
    assertTrue(CountMerger.SPILLS.get() > before, "the merge spilled");
  }

  @Test
  void sidesCountLikeAUnionWithAnIndicator() throws Exception {
    spark.conf().set(ValueCounts.MAX_ENTRIES_CONF, "100");
    Dataset<Row> p = written("parquet").filter("small < 5").select("text", "near_unique", "small");
    Dataset<Row> q = rows.filter("small > 1").select("text", "near_unique", "small");
    List<ColumnCodec> codecs = codecs(p);
    List<List<String>> actual = engine(ValueCounts.countSides(p, q, codecs, NullPolicy.DROP), codecs.size());
    Dataset<Row> stacked = p.withColumn("w", functions.lit(1.0)).unionByName(q.withColumn("w", functions.lit(0.0)));
    List<List<String>> expected = reference(stacked, codecs, true);
    for (int i = 0; i < codecs.size(); i++) {
      assertSame(expected.get(i), actual.get(i), codecs.get(i).name());
    }
  }
}
