package io.infospark.bench;

import io.infospark.measure.Binning;
import io.infospark.measure.ColumnProfile;
import io.infospark.measure.EntropyProfile;
import io.infospark.measure.ProfileOptions;
import io.infospark.measure.Profiler;
import io.infospark.measure.StreamingProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * The streaming latency benchmark (a {@code main}, never a timed unit test): what one micro-batch
 * adds to a running profile whose state is large. Arguments: {@code --state-rows N} (rows of the
 * profile table of {@link BenchData} that make the first batch, default 5,000,000: about 11 M
 * distinct values over the 15 columns, printed), {@code --batch-rows B} (rows of each later batch,
 * default 100,000), {@code --batches K} (timed batches, default 5), {@code --data DIR} (default
 * target/bench-data), {@code --master M} (default local[2]).
 *
 * <p>A file stream over a folder: the state table's files land first and make the running state
 * (not timed); then K times the batch table's files land and the time until the stream has merged
 * them into the state and emitted the profile of every row is taken (from the files' landing to the
 * stream's result reaching its function; the time until {@code processAllAvailable} returns, after
 * a further trigger has found no new data, is printed beside it). Printed per batch (with the
 * Spark jobs, stages and tasks it ran), with the median against the target (≤ 2 s at 100,000 rows
 * into 10 M distinct values) and, as the baseline in the same process, the time to profile the
 * batch table alone (first, and again warm after the batches).
 */
public final class StreamBenchmark {
  private StreamBenchmark() {}

  public static void main(String[] args) throws Exception {
    long stateRows = 5_000_000L;
    long batchRows = 100_000L;
    int batches = 5;
    Path data = Path.of("target/bench-data");
    String master = "local[2]";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--state-rows": stateRows = Long.parseLong(args[i + 1]); break;
        case "--batch-rows": batchRows = Long.parseLong(args[i + 1]); break;
        case "--batches": batches = Integer.parseInt(args[i + 1]); break;
        case "--data": data = Path.of(args[i + 1]); break;
        case "--master": master = args[i + 1]; break;
        default: throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    SparkSession spark = SparkSession.builder().master(master).appName("stream-benchmark")
        .config("spark.ui.enabled", "false").getOrCreate();
    Path stateTable = BenchData.profileTable(spark, data, stateRows);
    Path batchTable = BenchData.profileTable(spark, data, batchRows);
    Path root = Files.createTempDirectory("infospark-stream");
    Path input = Files.createDirectories(root.resolve("in"));
    ProfileOptions o = ProfileOptions.defaults().withColumns(BenchData.allColumns()).withBinning(Binning.EXACT);
    Dataset<Row> batch = spark.read().parquet(batchTable.toString());
    JobLog log = new JobLog();
    spark.sparkContext().addSparkListener(log);
    long t0 = System.nanoTime();
    Profiler.profile(batch, o);
    double alone = (System.nanoTime() - t0) / 1e9;
    Thread.sleep(500); // the listener's events arrive after the jobs end
    System.out.printf(Locale.ROOT, "the batch profiled alone: %.2f s, %s%n", alone, log.take());
    List<EntropyProfile> last = new ArrayList<>(Arrays.asList((EntropyProfile) null));
    java.util.concurrent.atomic.AtomicLong emitted = new java.util.concurrent.atomic.AtomicLong();
    StreamingQuery q = StreamingProfile.profile(spark.readStream().schema(batch.schema()).parquet(input.toString()), o,
        root.resolve("states").toString(), root.resolve("checkpoint").toString(), (id, p) -> {
          last.set(0, p);
          emitted.set(System.nanoTime()); // the batch's result is out: what a user of the stream waits for
        });
    try {
      land(stateTable, input, "state");
      t0 = System.nanoTime();
      q.processAllAvailable();
      Thread.sleep(500);
      log.take();
      System.out.printf(Locale.ROOT, "state: %d rows, %d distinct values in all, built in %.2f s%n", stateRows,
          distinct(last.get(0)), (System.nanoTime() - t0) / 1e9);
      double[] latency = new double[batches];
      double[] drained = new double[batches];
      for (int b = 0; b < batches; b++) {
        land(batchTable, input, "batch" + b);
        t0 = System.nanoTime();
        emitted.set(0);
        q.processAllAvailable();
        drained[b] = (System.nanoTime() - t0) / 1e9;
        latency[b] = (emitted.get() - t0) / 1e9;
        Thread.sleep(500);
        System.out.printf(Locale.ROOT, "batch %d: %d rows merged and emitted in %.2f s (processAllAvailable returned at "
            + "%.2f s: the stream's next trigger found no new data; state now %d distinct)%n  %s%n",
            b, batchRows, latency[b], drained[b], distinct(last.get(0)), log.take());
      }
      t0 = System.nanoTime();
      Profiler.profile(batch, o);
      double warm = (System.nanoTime() - t0) / 1e9;
      Thread.sleep(500);
      System.out.printf(Locale.ROOT, "the batch profiled alone again (warm): %.2f s, %s%n", warm, log.take());
      double[] sorted = latency.clone();
      Arrays.sort(sorted);
      double median = sorted[sorted.length / 2];
      double[] drainedSorted = drained.clone();
      Arrays.sort(drainedSorted);
      System.out.printf(Locale.ROOT, "median time until processAllAvailable returned %.2f s%n",
          drainedSorted[drainedSorted.length / 2]);
      System.out.printf(Locale.ROOT, "median latency %.2f s (target <= 2 s at 100000 rows into 10 M distinct); the "
          + "batch profiled alone %.2f s, ratio %.2f%n", median, alone, median / alone);
    } finally {
      q.stop();
      spark.stop();
    }
  }

  private static long distinct(EntropyProfile p) {
    return p == null ? 0 : p.columns().stream().mapToLong(c -> c.estimate().distinct()).sum();
  }

  /** Copies the table's Parquet files into the stream's folder under new names (one batch). */
  private static void land(Path table, Path input, String prefix) throws Exception {
    Path aside = Files.createDirectories(input.resolveSibling("aside-" + prefix));
    try (Stream<Path> files = Files.list(table)) {
      List<Path> copies = new ArrayList<>();
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList()) {
        copies.add(Files.copy(f, aside.resolve(prefix + "-" + f.getFileName())));
      }
      // copied first, then moved in one go: the stream's next trigger sees all of them (one micro-batch), not a part
      for (Path copy : copies) {
        Files.move(copy, input.resolve(copy.getFileName()), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
    }
  }
}
