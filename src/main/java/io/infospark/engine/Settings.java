package io.infospark.engine;

import io.infospark.core.BadInputException;
import io.infospark.engine.spark.MemoryBudget;
import io.infospark.engine.spark.TaskMemory;
import java.io.Serializable;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.apache.spark.sql.SparkSession;

/**
 * Every setting of the counting engine — its key, default and validation — read once per count
 * from the session's configuration ({@code spark-submit --conf}, {@code spark.conf().set}).
 *
 * <ul>
 *   <li>{@value #PATH}: {@code auto} (default: the fast path where it can run, else the
 *       public-API path), {@code fast} (the fast path or an error saying why it cannot run),
 *       {@code public} (the public-API path: Spark's public Dataset API only; slower);
 *   <li>{@value #MAX_BYTES}: the most heap one task's tables hold, in bytes (default 0: a quarter
 *       of the executor heap above 300 MB per core, at least 16 MB); on the fast path the memory
 *       also has to be granted by the task's share of Spark's execution memory;
 *   <li>{@value #MAX_ENTRIES}: the most keys one task's tables hold (default 2²⁴);
 *   <li>{@value #MERGE_PARTITIONS}: the hash partitions entries are shuffled into (default 0:
 *       max(1024, 4 × merge tasks)).
 * </ul>
 */
record Settings(EnginePath path, int maxEntries, long maxBytes, int mergePartitions, int mergeTasks)
    implements Serializable {

  static final String PATH = "spark.infospark.engine.path";
  static final String MAX_ENTRIES = "spark.infospark.counter.maxEntries";
  static final int DEFAULT_MAX_ENTRIES = 1 << 24;
  static final String MAX_BYTES = "spark.infospark.counter.maxBytes";
  static final String MERGE_PARTITIONS = "spark.infospark.merge.partitions";
  static final int DEFAULT_MERGE_PARTITIONS = 1024;

  /** Where a task's memory budget comes from. */
  interface Budgets extends Serializable {
    MemoryBudget create(long cap, LongSupplier spill);
  }

  /** The task's execution memory (fast path). */
  static final Budgets TASK_MEMORY = TaskMemory::forTask;
  /** A fixed heap budget (public-API path). */
  static final Budgets FIXED = (cap, spill) -> MemoryBudget.fixed(cap);

  static Settings of(SparkSession spark) {
    EnginePath path = EnginePath.parse(spark.conf().get(PATH, "auto"), PATH);
    int maxEntries = (int) positive(spark, MAX_ENTRIES, DEFAULT_MAX_ENTRIES, Integer.MAX_VALUE, 1);
    long maxBytes = positive(spark, MAX_BYTES, 0, Long.MAX_VALUE, 0);
    int shufflePartitions = (int) positive(spark, "spark.sql.shuffle.partitions", 200, Integer.MAX_VALUE, 1);
    int tasks = Math.max(1, Math.min(shufflePartitions, 2 * parallelism(spark, shufflePartitions)));
    int r = (int) positive(spark, MERGE_PARTITIONS, 0, 1 << 20, 0);
    int partitions = r > 0 ? r : Math.max(DEFAULT_MERGE_PARTITIONS, 4 * tasks);
    return new Settings(path, maxEntries, maxBytes, partitions, Math.min(tasks, partitions));
  }

  /** Input bytes (as Spark's plan estimates them) per merge partition of a count sized by its input. */
  static final long INPUT_PER_PARTITION = 256L << 10;

  /**
   * {@link #of}, for an input of about {@code bytes}: when the session leaves the merge partitions
   * at their default, as few of them as the input needs (about one per {@link
   * #INPUT_PER_PARTITION}; a multiple of the merge tasks, at least one per task, at most the
   * default), so that a small input does not pay for a thousand partitions. The merge layout keeps
   * its groups — every key goes to the same merge task as with the default ({@link
   * FastCounts.Layout#sameGroups}) — so when the merge tasks do not divide the default, the default
   * is kept.
   */
  static Settings forInput(SparkSession spark, long bytes) {
    Settings s = of(spark);
    int tasks = s.mergeTasks();
    if (positive(spark, MERGE_PARTITIONS, 0, 1 << 20, 0) > 0 || s.mergePartitions() % tasks != 0 || bytes <= 0) {
      return s;
    }
    long perTask = Math.max(1, -Math.floorDiv(-bytes, INPUT_PER_PARTITION * tasks));
    if (perTask >= s.mergePartitions() / tasks) {
      return s;
    }
    int partitions = (int) perTask * tasks;
    return new Settings(s.path(), s.maxEntries(), s.maxBytes(), partitions, tasks);
  }

  /** The cluster's default parallelism; over Spark Connect (no SparkContext here) its setting, else half the shuffle partitions. */
  private static int parallelism(SparkSession spark, int shufflePartitions) {
    try {
      return spark.sparkContext().defaultParallelism();
    } catch (RuntimeException | LinkageError connect) {
      String p = spark.conf().get("spark.default.parallelism", "");
      try {
        return p.isEmpty() ? Math.max(1, shufflePartitions / 2) : Integer.parseInt(p.trim());
      } catch (NumberFormatException e) {
        return Math.max(1, shufflePartitions / 2);
      }
    }
  }

  private static long positive(SparkSession spark, String key, long dflt, long max, long min) {
    String v = spark.conf().get(key, String.valueOf(dflt)).trim();
    try {
      long x = Long.parseLong(v.replace("_", ""));
      if (x >= min && x <= max) {
        return x;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadInputException(key + ": expected a whole number in [" + min + ", " + max + "] but got '" + v + "'");
  }

  /**
   * The default heap budget of one task's tables: a quarter of the heap beyond Spark's reserved
   * 300 MB, shared by as many tasks as the JVM has cores; at least 16 MB.
   */
  static long defaultMaxBytes() {
    long usable = Runtime.getRuntime().maxMemory() - (300L << 20);
    return Math.max(16L << 20, usable / 4 / Runtime.getRuntime().availableProcessors());
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "path=%s maxEntries=%d maxBytes=%d mergePartitions=%d mergeTasks=%d",
        path, maxEntries, maxBytes, mergePartitions, mergeTasks);
  }
}
