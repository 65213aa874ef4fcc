package io.infospark.engine;

import io.infospark.core.CountFingerprint;
import io.infospark.engine.spark.Groups;
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
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
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
  /** Which merge partitions each partition of {@link #entries} holds. */
  private final Layout layout;
  /** The merged entries kept as blocks (counts merged without a shuffle, whose output is not kept by Spark), or null. */
  private final JavaRDD<byte[]> kept;

  private FastCounts(SparkSession spark, JavaRDD<MergedEntry> entries, Layout layout, JavaRDD<byte[]> kept) {
    this.spark = spark;
    this.entries = entries;
    this.layout = layout;
    this.kept = kept;
  }

  /**
   * Where merged entries are: every key in merge partition {@code hash mod buckets} ({@link
   * EntryBlocks#partition}), and the buckets read by {@code groups} tasks, task g the contiguous
   * range {@link Groups#groupOf} gives it — partition g of the merged counts, and the file of group
   * g of a saved state.
   */
  record Layout(int buckets, int groups) implements Serializable {
    /**
     * Whether every key is in the same group in both layouts: equal layouts, or layouts of the same
     * groups whose bucket counts are both multiples of them. (A key's bucket of B is its hash's
     * high 32 bits x scaled, ⌊x·B/2³²⌋, and when G divides B the contiguous group of that bucket is
     * ⌊x·G/2³²⌋, whatever B.) Counts of such layouts are merged group by group without a shuffle.
     */
    boolean sameGroups(Layout o) {
      return equals(o) || o != null && groups == o.groups && buckets % groups == 0 && o.buckets % groups == 0;
    }
  }

  /**
   * Merged counts to merge again: rows of {@link MergedCounts#MERGED} (the weight w last when
   * {@code weightColumn}, else each weighs its count), laid out by {@code layout} (null: unknown),
   * every partition of them holding the buckets of group {@code group}, or, when group is −1,
   * partition g holding group g.
   */
  record Part(Dataset<Row> rows, boolean weightColumn, Layout layout, int group) {}

  /** The layout of the merged entries: partition g holds group g of it. */
  Layout layout() {
    return layout;
  }

  /** The merged entries: partition g holds group g of the layout. */
  JavaRDD<MergedEntry> entries() {
    return entries;
  }

  /** How many shuffles computing the merged entries takes, in their whole lineage (for tests). */
  int shuffles() {
    return Groups.shuffles(entries);
  }

  /** Counts one Dataset (with a weight column, or every row weighing 1). */
  static FastCounts count(Dataset<Row> df, CountRequest r, Settings s) {
    return count(df, r, s, false);
  }

  /**
   * Counts one Dataset; when {@code keep}, the merged entries are kept as blocks (memory and disk,
   * until closed) by the first pass over them, so that later passes read them instead of merging
   * the shuffle output again: for counts read a few times in turn (saved, then added elsewhere).
   */
  static FastCounts count(Dataset<Row> df, CountRequest r, Settings s, boolean keep) {
    boolean weightColumn = r.weight() != null;
    FastCounts merged = merge(df.sparkSession(), s, mapSide(df, r, s, weightColumn, 1.0, weightColumn));
    if (!keep) {
      return merged;
    }
    JavaRDD<byte[]> kept = merged.entries.mapPartitions(Entries::toBlocks, true).persist(StorageLevel.MEMORY_AND_DISK());
    return new FastCounts(merged.spark, kept.mapPartitions(Entries::fromBlocks, true), merged.layout, kept);
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
    JavaRDD<MergedEntry> merged = Groups.contiguous(blocks
        .partitionBy(new HashPartitioner(s.mergePartitions()))
        .mapPartitions(it -> new CountMerger(it, resources), true), s.mergeTasks());
    return new FastCounts(spark, merged, new Layout(s.mergePartitions(), s.mergeTasks()), null);
  }

  /**
   * Merges counts merged before (saved states, other counts) by {@link CountMerger}, as one count's
   * entries are merged. When all parts are laid out alike, each group is merged by one task from
   * the parts' partitions of that group, with no shuffle, and the result keeps the layout (it is
   * kept as blocks, memory and disk, until closed). Otherwise the entries are shuffled to their
   * merge partitions of this session's settings first, as the map side of a count sends them.
   */
  static FastCounts mergeParts(SparkSession spark, Settings s, List<Part> parts) {
    CountMerger.Resources resources = new CountMerger.Resources(s.maxBytes(), Settings.TASK_MEMORY, true);
    Layout common = parts.get(0).layout();
    boolean aligned = common != null;
    List<JavaRDD<Tuple2<Integer, byte[]>>> blocks = new ArrayList<>();
    List<Integer> groups = new ArrayList<>();
    for (Part p : parts) {
      if (aligned && !common.sameGroups(p.layout())) {
        return mergeParts(spark, s, unaligned(parts));
      }
      JavaRDD<Tuple2<Integer, byte[]>> b = blocks(p, aligned ? 1 : s.mergePartitions());
      if (aligned) {
        int n = b.getNumPartitions();
        if (p.group() < 0 && n != common.groups()) {
          return mergeParts(spark, s, unaligned(parts));
        }
        for (int i = 0; i < n; i++) {
          groups.add(p.group() >= 0 ? p.group() : i);
        }
      }
      blocks.add(b);
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    @SuppressWarnings("unchecked")
    JavaRDD<Tuple2<Integer, byte[]>> all = jsc.union(blocks.toArray(new JavaRDD[0]));
    if (!aligned) {
      return merge(spark, s, JavaPairRDD.fromJavaRDD(all));
    }
    int[] group = groups.stream().mapToInt(Integer::intValue).toArray();
    JavaRDD<byte[]> kept = Groups.byGroup(all, group, common.groups())
        .mapPartitions(it -> Entries.toBlocks(new CountMerger(it, resources)), true)
        .persist(StorageLevel.MEMORY_AND_DISK());
    return new FastCounts(spark, kept.mapPartitions(Entries::fromBlocks, true), common, kept);
  }

  /**
   * Merges saved runs of one layout from their files ({@link SortedStateMerge}): task g reads the
   * files of group g of every run ({@code files.get(g)}) side by side, each sorted by key, and
   * merges them in key order — no shuffle, no hash table, nothing kept: every pass over the merged
   * counts reads the files again.
   */
  static FastCounts mergeSorted(SparkSession spark, Layout layout, List<List<String>> files, boolean weighted) {
    SortedStateMerge.Conf conf = new SortedStateMerge.Conf(spark.sparkContext().hadoopConfiguration());
    List<List<String>> groups = new ArrayList<>();
    files.forEach(f -> groups.add(new ArrayList<>(f)));
    JavaRDD<MergedEntry> entries = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(groups, groups.size())
        .mapPartitions(it -> it.hasNext() ? new SortedStateMerge(it.next(), conf.get(), weighted)
            : java.util.Collections.emptyIterator(), true);
    return new FastCounts(spark, entries, layout, null);
  }

  private static List<Part> unaligned(List<Part> parts) {
    return parts.stream().map(q -> new Part(q.rows(), q.weightColumn(), null, -1)).toList();
  }

  /** A part's rows as entry blocks keyed by their merge partition of {@code partitions}. */
  private static JavaRDD<Tuple2<Integer, byte[]>> blocks(Part p, int partitions) {
    Column[] cols = Arrays.stream(MERGED.fieldNames()).limit(p.weightColumn() ? 8 : 7).map(functions::col)
        .toArray(Column[]::new);
    boolean weightColumn = p.weightColumn();
    return InternalInput.map(p.rows().select(cols), Entries.ROW_TYPES, weightColumn,
        chunks -> Entries.ofRows(chunks, partitions, weightColumn));
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
    // a shuffle's output Spark cleans up with the RDD; kept blocks are let go now
    if (kept != null) {
      kept.unpersist(false);
    }
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
