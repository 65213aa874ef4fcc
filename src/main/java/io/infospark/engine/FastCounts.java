package io.infospark.engine;

import io.infospark.core.CountFingerprint;
import io.infospark.engine.spark.InternalInput;
import io.infospark.engine.spark.KeyType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import scala.Tuple2;

/**
 * The fast path: the input read in Spark's internal formats ({@link InternalInput}: columnar
 * batches, dictionary ids, internal rows), the entry blocks shuffled as an RDD of byte blocks into
 * many small hash partitions, each merged by {@link CountMerger}; memory from the task's execution
 * memory. The merged counts stay an RDD of {@link MergedEntry} views: every pass over them reads
 * the shuffle output again, not the input.
 */
final class FastCounts implements MergedCounts {
  private final SparkSession spark;
  private final JavaRDD<MergedEntry> entries;

  private FastCounts(SparkSession spark, JavaRDD<MergedEntry> entries) {
    this.spark = spark;
    this.entries = entries;
  }

  /** Counts one Dataset (with a weight column, or every row weighing 1). */
  static FastCounts count(Dataset<Row> df, CountRequest r, Settings s) {
    boolean weightColumn = r.weight() != null;
    return merge(df.sparkSession(), s, mapSide(df, r, s, weightColumn, 1.0, weightColumn));
  }

  /** Counts two Datasets together: every row of p weighs 1, every row of q 0. */
  static FastCounts countSides(Dataset<Row> p, Dataset<Row> q, CountRequest r, Settings s) {
    return merge(p.sparkSession(), s, mapSide(p, r, s, false, 1.0, true).union(mapSide(q, r, s, false, 0.0, true)));
  }

  private static JavaPairRDD<Integer, byte[]> mapSide(Dataset<Row> df, CountRequest r, Settings s,
      boolean weightColumn, double constantWeight, boolean weighted) {
    List<Column> cols = new ArrayList<>();
    KeyType[] types = new KeyType[r.columns().size()];
    for (int i = 0; i < types.length; i++) {
      CountedColumn c = r.columns().get(i);
      cols.add(functions.col("`" + c.name().replace("`", "``") + "`"));
      types[i] = c.keyType();
    }
    if (weightColumn) {
      cols.add(functions.col("`" + r.weight().replace("`", "``") + "`").cast(DataTypes.DoubleType));
    }
    Dataset<Row> selection = df.select(cols.toArray(new Column[0]));
    CounterSettings cs = counterSettings(r, s, weightColumn, constantWeight, weighted, Settings.TASK_MEMORY);
    JavaRDD<Tuple2<Integer, byte[]>> blocks = InternalInput.map(selection, types, weightColumn,
        chunks -> new TaskCounter(chunks, cs).blocks());
    return JavaPairRDD.fromJavaRDD(blocks);
  }

  static CounterSettings counterSettings(CountRequest r, Settings s, boolean weightColumn, double constantWeight,
      boolean weighted, Settings.Budgets budgets) {
    int k = r.columns().size();
    boolean[] bytesKeyed = new boolean[k];
    ValueBins[] bins = new ValueBins[k];
    for (int i = 0; i < k; i++) {
      bytesKeyed[i] = r.columns().get(i).bytesKeyed();
      bins[i] = r.columns().get(i).bins();
    }
    return new CounterSettings(bytesKeyed, bins, r.pairs(), weightColumn, constantWeight, weighted,
        r.nullsAsValue(), s.mergePartitions(), s.maxEntries(), s.maxBytes(), budgets);
  }

  /**
   * The shuffle and merge: entry blocks go to their hash partition, and each partition's entries are
   * merged by {@link CountMerger}. The shuffle has many small partitions so that a partition's table
   * stays in cache; a few tasks per core merge them one after another.
   */
  private static FastCounts merge(SparkSession spark, Settings s, JavaPairRDD<Integer, byte[]> blocks) {
    CountMerger.Resources resources = new CountMerger.Resources(s.maxBytes(), Settings.TASK_MEMORY, true);
    JavaRDD<MergedEntry> merged = blocks
        .partitionBy(new HashPartitioner(s.mergePartitions()))
        .mapPartitions(it -> new CountMerger(it, resources), true)
        .coalesce(s.mergeTasks());
    return new FastCounts(spark, merged);
  }

  @Override
  public <A extends Serializable> A fold(Zero<A> zero, Add<A> add, Merge<A> merge) {
    List<A> parts = entries.mapPartitions((Iterator<MergedEntry> it) -> {
      A a = zero.get();
      while (it.hasNext()) {
        a = add.add(a, it.next());
      }
      return List.of(a).iterator();
    }).collect();
    A out = zero.get();
    for (A a : parts) {
      out = merge.merge(out, a);
    }
    return out;
  }

  @Override
  public CountFingerprint[][] pairMarginals(int columns, boolean[][] recount) {
    int pairs = recount.length;
    JavaPairRDD<MarginalKey, Long> keyed = entries.mapPartitionsToPair((Iterator<MergedEntry> it) -> {
      List<Tuple2<MarginalKey, Long>> out = new ArrayList<>();
      while (it.hasNext()) {
        MergedEntry e = it.next();
        int p = e.set - columns;
        if (p < 0 || p >= pairs) {
          continue;
        }
        for (int side = 0; side < 2; side++) {
          if (recount[p][side]) {
            boolean hasK = side == 0 ? e.hasK1 : e.hasK2;
            out.add(new Tuple2<>(new MarginalKey(2 * p + side, (e.nullmask & (1 << side)) != 0,
                hasK ? (side == 0 ? e.k1 : e.k2) : null, e.bytesOf(side)), e.n));
          }
        }
      }
      return out.iterator();
    });
    List<MarginalFingerprints> parts = keyed.reduceByKey(Long::sum)
        .mapPartitions((Iterator<Tuple2<MarginalKey, Long>> it) -> {
          MarginalFingerprints f = new MarginalFingerprints(pairs);
          while (it.hasNext()) {
            Tuple2<MarginalKey, Long> e = it.next();
            f.add(e._1().slot, e._2());
          }
          return List.of(f).iterator();
        }).collect();
    MarginalFingerprints out = new MarginalFingerprints(pairs);
    parts.forEach(out::merge);
    return out.sets;
  }

  @Override
  public Dataset<Row> values(List<CountedColumn> columns) {
    CountedColumn[] cs = columns.toArray(new CountedColumn[0]);
    int k = cs.length;
    JavaRDD<Row> rows = entries.filter(e -> e.set >= 0 && e.set < k).map(e -> MergedCounts.valueRow(e, cs));
    return spark.createDataFrame(rows, VALUES);
  }

  @Override
  public Dataset<Row> rows() {
    JavaRDD<Row> rows = entries.filter(e -> e.set >= 0).map(MergedCounts::mergedRow);
    return spark.createDataFrame(rows, MERGED);
  }

  @Override
  public void close() {
    // the RDD holds nothing beyond the shuffle output, which Spark cleans up with it
  }

  /** One value of one side of one pair. */
  static final class MarginalKey implements Serializable {
    private static final long serialVersionUID = 1L;
    final int slot;
    final boolean isNull;
    final Long longKey;
    final byte[] bytesKey;

    MarginalKey(int slot, boolean isNull, Long longKey, byte[] bytesKey) {
      this.slot = slot;
      this.isNull = isNull;
      this.longKey = longKey;
      this.bytesKey = bytesKey;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof MarginalKey m && slot == m.slot && isNull == m.isNull && Objects.equals(longKey, m.longKey)
          && Arrays.equals(bytesKey, m.bytesKey);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * (31 * slot + Boolean.hashCode(isNull)) + Objects.hashCode(longKey)) + Arrays.hashCode(bytesKey);
    }
  }
}
