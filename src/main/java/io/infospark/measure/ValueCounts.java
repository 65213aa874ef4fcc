package io.infospark.measure;

import io.infospark.core.BadInputException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The one counting path of infospark: exact counts of the distinct values of many columns (and
 * column pairs) of a DataFrame in one scan and one shuffle.
 *
 * <p>Map side ({@link TaskCounter}): each task counts its rows into a primitive hash table per
 * column and per pair, column by column over columnar batches when the input is a columnar scan
 * (Parquet, ORC), dictionary-encoded vectors by their dictionary ids, and emits only the distinct
 * (key, count) entries. Tables that reach their heap budget ({@code spark.infospark.counter.maxBytes},
 * default a quarter of the heap per core; or {@code spark.infospark.counter.maxEntries} keys) are
 * emitted and cleared, so memory per task is bounded whatever the cardinality, and a column whose
 * values do not combine (near-unique) skips its table and passes its values straight through.
 * Shuffle: the entries are written compactly into one byte block per partition of a 64-bit hash
 * of their key ({@link EntryBlocks}; a block is one shuffle record, so an entry costs its ~12–30
 * bytes, not a row's serialisation and sort). Reduce side ({@link CountMerger}): each of the many
 * small partitions is merged in a cache-sized hash table that compares keys byte for byte, once —
 * there is no second, partial aggregation of entries that our own tables already combined; a
 * partition too large for its memory budget is spilled and merged in passes.
 *
 * <p>Result schema ({@link #SCHEMA}), one row per distinct key of each key set:
 * {@code set} (the codec index for a single column, {@code codecs + p} for pair p),
 * {@code nullmask} (bit 0: first column null, bit 1: second), {@code k1}/{@code s1} and
 * {@code k2}/{@code s2} (the long or byte key of each column), {@code n} (rows) and {@code w}
 * (summed weight; equal to n without a weight column). Rows with a bad weight are not counted;
 * they come back as set {@link #WEIGHT_PROBLEMS} with k1 = 1 null, 2 NaN, 3 negative, 4 infinite.
 */
public final class ValueCounts {
  private ValueCounts() {}

  public static final int WEIGHT_PROBLEMS = -1;
  static final String MAX_ENTRIES_CONF = "spark.infospark.counter.maxEntries";
  static final int DEFAULT_MAX_ENTRIES = 1 << 24;
  /** The heap budget of one task's tables in bytes; 0 (default): {@link TaskCounter#defaultMaxBytes}. */
  static final String MAX_BYTES_CONF = "spark.infospark.counter.maxBytes";
  /** How many hash partitions the entries are shuffled into; 0 (default): max(1024, 4 × merge tasks). */
  static final String MERGE_PARTITIONS_CONF = "spark.infospark.merge.partitions";
  static final int DEFAULT_MERGE_PARTITIONS = 1024;

  public static final StructType SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField("set", DataTypes.IntegerType, false),
      DataTypes.createStructField("nullmask", DataTypes.IntegerType, false),
      DataTypes.createStructField("k1", DataTypes.LongType, true),
      DataTypes.createStructField("s1", DataTypes.BinaryType, true),
      DataTypes.createStructField("k2", DataTypes.LongType, true),
      DataTypes.createStructField("s2", DataTypes.BinaryType, true),
      DataTypes.createStructField("n", DataTypes.LongType, false),
      DataTypes.createStructField("w", DataTypes.DoubleType, false),
  });

  /**
   * Partial counts as rows, as {@link EntryBlocks.Writer#ofRows} takes them: {@link #SCHEMA} after
   * {@code h}, the 64-bit hash of the key.
   */
  static final StructType PARTIAL = partialSchema();

  private static StructType partialSchema() {
    StructType t = new StructType().add("h", DataTypes.LongType, false);
    for (StructField f : SCHEMA.fields()) {
      t = t.add(f);
    }
    return t;
  }

  /**
   * Counts every column of {@code codecs} and every pair in {@code pairs} (indices into codecs).
   * Nulls of single columns are always counted (as nullmask rows); a pair row with a null is
   * counted only under {@link NullPolicy#CATEGORY}.
   *
   * @param weight a numeric weight column, or null to count rows
   * @return the aggregated counts, rows of {@link #SCHEMA} (a row may be reused by the next)
   */
  static JavaRDD<InternalRow> count(Dataset<Row> df, List<ColumnCodec> codecs, String weight,
      int[][] pairs, NullPolicy nulls) {
    Merge m = new Merge(df.sparkSession());
    return m.merge(mapSide(df, codecs, weight, 1.0, weight != null, pairs, nulls, m.partitions));
  }

  /**
   * Counts the columns of {@code codecs} in p and q together, with weight 1 for every row of p and
   * 0 for every row of q: {@code w} is then p's count and {@code n − w} q's, from one shuffle.
   */
  static JavaRDD<InternalRow> countSides(Dataset<Row> p, Dataset<Row> q, List<ColumnCodec> codecs, NullPolicy nulls) {
    Merge m = new Merge(p.sparkSession());
    JavaPairRDD<Integer, byte[]> sides = mapSide(p, codecs, null, 1.0, true, new int[0][], nulls, m.partitions)
        .union(mapSide(q, codecs, null, 0.0, true, new int[0][], nulls, m.partitions));
    return m.merge(sides);
  }

  /** Each task's counts as entry blocks keyed by their merge partition ({@link EntryBlocks}). */
  private static JavaPairRDD<Integer, byte[]> mapSide(Dataset<Row> df, List<ColumnCodec> codecs, String weight,
      double constantWeight, boolean weighted, int[][] pairs, NullPolicy nulls, int partitions) {
    List<Column> cols = new ArrayList<>();
    for (ColumnCodec c : codecs) {
      cols.add(ColumnNames.col(c.name()));
    }
    if (weight != null) {
      cols.add(ColumnNames.col(weight).cast(DataTypes.DoubleType));
    }
    Dataset<Row> projected = df.select(cols.toArray(new Column[0]));
    int maxEntries = Integer.parseInt(
        df.sparkSession().conf().get(MAX_ENTRIES_CONF, String.valueOf(DEFAULT_MAX_ENTRIES)));
    long maxBytes = Long.parseLong(df.sparkSession().conf().get(MAX_BYTES_CONF, "0"));
    ColumnCodec[] cs = codecs.toArray(new ColumnCodec[0]);
    boolean pairNulls = nulls == NullPolicy.CATEGORY;
    SparkInternals.Columnar columnar = weight == null ? SparkInternals.columnar(projected) : null;
    if (columnar != null) {
      int[] ordinals = columnar.ordinals();
      return columnar.batches().toJavaRDD().mapPartitionsToPair(it -> new TaskCounter(TaskCounter.batches(it), cs,
          ordinals, pairs, -1, constantWeight, weighted, pairNulls, maxEntries, maxBytes).blocks(partitions));
    }
    int[] ordinals = new int[cs.length];
    for (int i = 0; i < cs.length; i++) {
      ordinals[i] = i;
    }
    int weightOrdinal = weight == null ? -1 : cs.length;
    return SparkInternals.internalRows(projected).mapPartitionsToPair(it -> new TaskCounter(TaskCounter.rows(it), cs,
        ordinals, pairs, weightOrdinal, constantWeight, weighted, pairNulls, maxEntries, maxBytes).blocks(partitions));
  }

  /**
   * The shuffle and merge: entry blocks go to their hash partition, and each partition's entries are
   * merged by {@link CountMerger}. The shuffle has many small partitions ({@link #MERGE_PARTITIONS_CONF})
   * so that a partition's table stays in cache; a few tasks per core merge them one after another.
   */
  private static final class Merge {
    final int tasks;
    final int partitions;
    final long budget;

    Merge(SparkSession spark) {
      long maxBytes = Long.parseLong(spark.conf().get(MAX_BYTES_CONF, "0"));
      budget = maxBytes > 0 ? maxBytes : TaskCounter.defaultMaxBytes();
      tasks = Math.max(1, Math.min(
          Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions", "200")),
          2 * spark.sparkContext().defaultParallelism()));
      int r = Integer.parseInt(spark.conf().get(MERGE_PARTITIONS_CONF, "0"));
      partitions = r > 0 ? r : Math.max(DEFAULT_MERGE_PARTITIONS, 4 * tasks);
    }

    JavaRDD<InternalRow> merge(JavaPairRDD<Integer, byte[]> blocks) {
      long b = budget;
      return blocks
          .partitionBy(new HashPartitioner(partitions))
          .mapPartitions(it -> new CountMerger(it, b), true)
          .coalesce(Math.min(tasks, partitions));
    }
  }

  /** The counts as a DataFrame of {@link #SCHEMA}. */
  static Dataset<Row> frame(SparkSession spark, JavaRDD<InternalRow> counts) {
    return SparkInternals.fromInternalRows(spark, counts, SCHEMA);
  }

  /** Throws if the counts hold rows with null, NaN, negative or infinite weights. */
  static void checkWeights(String weight, long[] problems) {
    String[] what = {null, "null", "NaN", "negative", "infinite"};
    List<String> found = new ArrayList<>();
    for (int code = 1; code < problems.length; code++) {
      if (problems[code] > 0) {
        found.add(problems[code] + " " + what[code]);
      }
    }
    if (!found.isEmpty()) {
      throw new BadInputException("weight column '" + weight + "': expected finite weights >= 0 but found "
          + String.join(", ", found) + " (rows)");
    }
  }
}
