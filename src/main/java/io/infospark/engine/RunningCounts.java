package io.infospark.engine;

import io.infospark.core.BadInputException;
import io.infospark.engine.spark.Groups;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * A running count that grows by one batch at a time — a stream's micro-batches — at a cost
 * proportional to the batch, not to the counts so far, and exactly once.
 *
 * <p>In memory: the merged counts so far, one {@link BucketTable} per group of the engine's merge
 * layout ({@link FastCounts.Layout}: table g holds the keys merge task g merges), cached on the
 * executors; and their statistics (count fingerprint, weighted moments, nulls per column) on the
 * driver. Adding a batch adds its merged counts to the tables in place — partition g of a batch
 * counted in the same layout to table g, without a shuffle (counts of another layout are shuffled
 * to their groups first); each table reports how its statistics changed —
 * which keys moved from which count to which — so the statistics after the batch are exact without
 * reading the keys the batch did not touch, and nothing proportional to the distinct values reaches
 * the driver.
 *
 * <p>On disk (a log of saved states, {@link CountState}, in the states folder): run {@code
 * <group>-<batch id>} holds the counts of one batch, written (beside, then renamed) before they are
 * added in memory; a batch whose run is there is never counted again. Runs are compacted into run
 * {@code <group>-<batch id>.base} — the tables written out, replacing the runs they hold — when the
 * batches since the last compaction hold as many keys as the base ({@link #MAX_DELTAS} batches at
 * most), so compaction costs at most about as much again as the batches themselves. Opening a
 * running count (a restart) merges its runs once and builds the tables from them.
 *
 * <p>Each table carries the batch id of the last counts it holds; a table that is not at the
 * expected batch (a cached block lost and recomputed, a task that failed half-way) is never added
 * to: the tables are then rebuilt from the log.
 */
public final class RunningCounts implements AutoCloseable {
  /** The most batch runs kept beside the base before they are compacted into it. */
  public static final int MAX_DELTAS = 64;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunningCounts.class);
  private static final Pattern RUN = Pattern.compile("(.+)-(\\d+)(\\.base)?");
  private static final String STALE = "infospark: running count table not at the expected batch";
  /**
   * Told each step of the log as it happens — {@code adding <batch>} (its run saved, the tables
   * not yet changed), {@code compacting <batch>}, {@code compacted <batch>}, {@code deleted <run>} — so that tests can kill
   * the process there.
   */
  static volatile java.util.function.Consumer<String> stepsForTests;

  private final SparkSession spark;
  private final String dir;
  private final String group;
  private final CountRequest request;
  /** The engine's merge layout the tables follow: table g holds the keys of group g. */
  private final FastCounts.Layout layout;
  private JavaRDD<BucketTable> tables;
  private Statistics statistics;
  private long last = -1;
  /** The group's runs on disk, and how many keys the base and the batches since hold. */
  private final List<String> runs = new ArrayList<>();
  private long baseKeys;
  private long newKeys;
  private long batchKeys;

  private RunningCounts(SparkSession spark, String dir, String group, CountRequest request) {
    if (request.pairCount() > 0) {
      throw new IllegalArgumentException("a running count counts columns, not pairs");
    }
    this.spark = spark;
    this.dir = dir;
    this.group = group;
    this.request = request;
    Settings s = Settings.of(spark);
    this.layout = new FastCounts.Layout(s.mergePartitions(), s.mergeTasks());
  }

  /**
   * The running count of {@code group} in {@code dir}: the merged counts of its saved runs (none:
   * empty), in memory.
   *
   * @throws BadInputException when its runs were counted differently from {@code request}
   */
  public static RunningCounts open(SparkSession spark, String dir, String group, CountRequest request) {
    RunningCounts r = new RunningCounts(spark, dir, group, request);
    r.build();
    return r;
  }

  /** The last batch id of each group in {@code dir} (a run id {@code <group>-<batch id>}, or its base). */
  public static Map<String, Long> held(SparkSession spark, String dir) {
    Map<String, Long> out = new HashMap<>();
    for (CountState.Run r : CountState.runs(spark, dir)) {
      Matcher m = RUN.matcher(r.id());
      if (m.matches()) {
        out.merge(m.group(1), Long.parseLong(m.group(2)), Math::max);
      }
    }
    return out;
  }

  /** Deletes the saved runs of {@code group} in {@code dir} (a window no later batch adds to). */
  public static void delete(SparkSession spark, String dir, String group) {
    for (String id : runIds(spark, dir, group)) {
      CountState.delete(spark, dir, id);
      step("deleted " + id);
    }
  }

  /** The group's runs, oldest batch first. */
  private static List<String> runIds(SparkSession spark, String dir, String group) {
    List<String[]> found = new ArrayList<>();
    for (CountState.Run r : CountState.runs(spark, dir)) {
      Matcher m = RUN.matcher(r.id());
      if (m.matches() && m.group(1).equals(group)) {
        found.add(new String[] {r.id(), m.group(2)});
      }
    }
    found.sort(Comparator.comparingLong((String[] a) -> Long.parseLong(a[1])));
    return found.stream().map(a -> a[0]).toList();
  }

  /** The last batch id the counts hold (-1: none). */
  public long lastBatch() {
    return last;
  }

  public CountRequest request() {
    return request;
  }

  /**
   * Adds the counts of batch {@code batchId} (above {@link #lastBatch}): saved as run {@code
   * <group>-<batch id>} of {@code date}, then added to the tables and their statistics; then the
   * runs are compacted when due.
   *
   * @throws BadInputException when the counts were counted differently from this running count
   */
  public void add(CountResult batch, long batchId, LocalDate date) {
    if (batch.sides()) {
      throw new IllegalArgumentException("two-sided counts: add one side");
    }
    if (batchId <= last) {
      throw new IllegalArgumentException("batch " + batchId + " is not after batch " + last);
    }
    String d = CountState.difference(request, batch.request());
    if (d != null) {
      throw new BadInputException("states: the counts of batch " + batchId + " differ from the running count '"
          + group + "': " + d);
    }
    String run = group + "-" + batchId;
    long began = System.nanoTime();
    CountState.saveNew(batch, dir, run, date); // a run after the last one held: no run replaced it
    runs.add(run);
    step("adding " + batchId);
    long saved = System.nanoTime();
    long expected = last;
    StatisticsChange change;
    try {
      change = addToTables(inGroups(batch.counts()), expected, batchId);
    } catch (Exception e) { // SparkException (a failed job) is a checked exception Scala throws undeclared
      if (e instanceof BadInputException b) {
        throw b;
      }
      // a table was not at the batch before (or a task failed half-way): the log holds this batch too
      LOG.warn("running count '{}': rebuilt from {} after "
          + "batch {} ({})", group, dir, batchId, e.toString());
      close();
      build();
      return;
    }
    change.applyTo(statistics);
    if (LOG.isDebugEnabled()) {
      LOG.debug("running count '{}', batch {}: saved in {} ms, added in {} ms", group, batchId,
          (saved - began) / 1_000_000, (System.nanoTime() - saved) / 1_000_000);
    }
    newKeys += change.newKeys;
    batchKeys += change.entries;
    last = batchId;
    if (runs.size() > 1 && (batchKeys >= baseKeys || runs.size() > MAX_DELTAS)) {
      try {
        compact();
      } catch (Exception e) { // a table lost since this batch: the log is whole either way (the write is atomic)
        LOG.warn("running count '{}': not compacted, rebuilt "
            + "from {} ({})", group, dir, e.toString());
        close();
        build();
      }
    }
  }

  /**
   * The counts so far, as a {@link CountResult} with their statistics (no pass over the counts);
   * reading its values reads the tables. Close it when done; the running count stays open.
   */
  public CountResult result() {
    return new CountResult(request, EnginePath.PUBLIC, PublicCounts.of(rows()), statistics.copy());
  }

  /** The tables' entries as rows of {@link MergedCounts#MERGED}, read while they hold the last batch. */
  private Dataset<Row> rows() {
    long at = last;
    JavaRDD<Row> rows = tables.mapPartitions((Iterator<BucketTable> it) -> rowsOf(it.next(), at));
    return spark.createDataFrame(rows, MergedCounts.MERGED);
  }

  private static Iterator<Row> rowsOf(BucketTable t, long at) {
    if (t.version != at) {
      throw new IllegalStateException(STALE + ": " + t.version + ", expected " + at);
    }
    Iterator<MergedEntry> es = t.entries();
    return new Iterator<Row>() {
      @Override
      public boolean hasNext() {
        return es.hasNext();
      }

      @Override
      public Row next() {
        return MergedCounts.mergedRow(es.next());
      }
    };
  }

  /** Releases the tables (the saved runs stay). */
  @Override
  public void close() {
    if (tables != null) {
      tables.unpersist(false);
      tables = null;
    }
  }

  /** Writes the tables as run {@code <group>-<last>.base}, replacing the group's runs. */
  private void compact() {
    String into = group + "-" + last + ".base";
    step("compacting " + last);
    // table g holds group g of the layout: the base keeps it, so a restart merges it without a shuffle
    CountState.replace(spark, rows(), request, dir, List.copyOf(runs), into, layout);
    step("compacted " + last);
    runs.clear();
    runs.add(into);
    baseKeys += newKeys;
    newKeys = 0;
    batchKeys = 0;
  }

  private static void step(String what) {
    java.util.function.Consumer<String> hook = stepsForTests;
    if (hook != null) {
      hook.accept(what);
    }
  }

  /** The tables and statistics of the group's saved runs. */
  private void build() {
    CountState.clean(spark, dir); // what killed writers left: the batches' saves do not look
    runs.clear();
    runs.addAll(runIds(spark, dir, group));
    int sets = request.columns().size();
    boolean weighted = request.weight() != null;
    if (runs.isEmpty()) {
      last = -1;
      statistics = new Statistics(sets, request.nullsAsValue());
      int groups = layout.groups();
      tables = new JavaSparkContext(spark.sparkContext()).parallelize(IntStream.range(0, groups).boxed().toList(),
          groups).map(i -> new BucketTable(-1, weighted, 0));
    } else {
      Matcher m = RUN.matcher(runs.get(runs.size() - 1));
      long at = m.matches() ? Long.parseLong(m.group(2)) : -1;
      try (CountResult merged = CountState.merge(spark, dir, StateWindow.runs(runs))) {
        String d = CountState.difference(merged.request(), request);
        if (d != null) {
          throw new BadInputException("states: the running count '" + group + "' in " + dir + " was counted "
              + "differently: " + d);
        }
        statistics = merged.statistics().copy();
        tables = inGroups(merged.counts()).mapPartitions((Iterator<byte[]> it) -> {
          List<byte[]> entries = new ArrayList<>();
          it.forEachRemaining(entries::add);
          BucketTable t = new BucketTable(at, weighted, entries.size());
          StatisticsChange ignored = new StatisticsChange(sets, false);
          for (byte[] e : entries) {
            t.add(e, ignored);
          }
          return List.of(t).iterator();
        }, true);
        tables.persist(StorageLevel.MEMORY_ONLY());
        baseKeys = tables.map(t -> (long) t.size()).reduce(Long::sum);
      }
      last = at;
      newKeys = 0;
      batchKeys = 0;
      return;
    }
    tables.persist(StorageLevel.MEMORY_ONLY());
    tables.count();
    baseKeys = 0;
    newKeys = 0;
    batchKeys = 0;
  }

  /**
   * Merged counts as entries, partition g holding the keys of group g of the layout: as they are
   * when the engine merged them in this layout or one of the same groups ({@link
   * FastCounts.Layout#sameGroups}: a batch counted, runs saved in it: no shuffle), else
   * after one shuffle to their groups.
   */
  JavaRDD<byte[]> inGroups(MergedCounts counts) {
    if (counts instanceof FastCounts f && layout.sameGroups(f.layout())) {
      return f.entries().filter(e -> e.set >= 0).map(BucketTable::entry);
    }
    int partitions = layout.buckets();
    int groups = layout.groups();
    return counts.rows().toJavaRDD().filter(r -> r.getInt(0) >= 0).mapToPair(r -> {
      MergedEntry e = new MergedEntry();
      MergedCounts.fill(e, r);
      int group = Groups.groupOf(Entries.partitionOf(e, partitions), partitions, groups);
      return new Tuple2<>(group, BucketTable.entry(e));
    }).partitionBy(new HashPartitioner(groups)).values();
  }

  /** Adds the entries to the tables, each bucket's to its table, and returns how the statistics changed. */
  private StatisticsChange addToTables(JavaRDD<byte[]> entries, long expected, long batchId) {
    int sets = request.columns().size();
    boolean nullsAsValue = request.nullsAsValue();
    List<StatisticsChange> changes = tables.zipPartitions(entries, (Iterator<BucketTable> ts, Iterator<byte[]> es) -> {
      BucketTable t = ts.next();
      synchronized (t) {
        if (t.version == batchId && t.changedBatch == batchId) {
          return List.of(t.change).iterator(); // a retried task: this batch is in already
        }
        if (t.version != expected) {
          throw new IllegalStateException(STALE + ": " + t.version + ", expected " + expected);
        }
        t.version = BucketTable.CHANGING;
        StatisticsChange c = new StatisticsChange(sets, nullsAsValue);
        while (es.hasNext()) {
          t.add(es.next(), c);
        }
        t.change = c;
        t.changedBatch = batchId;
        t.version = batchId;
        return List.of(c).iterator();
      }
    }).collect();
    StatisticsChange out = new StatisticsChange(sets, nullsAsValue);
    for (StatisticsChange c : changes) {
      out.merge(c);
    }
    return out;
  }
}
