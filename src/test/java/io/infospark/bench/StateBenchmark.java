package io.infospark.bench;

import io.infospark.engine.CountResult;
import io.infospark.engine.CountState;
import io.infospark.engine.StateWindow;
import io.infospark.measure.ProfileOptions;
import io.infospark.measure.Profiler;
import io.infospark.measure.StateTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The saved-states benchmark on the profile table of {@link BenchData} (a {@code main}, never a
 * timed unit test). Arguments: {@code --rows N} (rows of one day, default 5,000,000), {@code --days K}
 * (default 7), {@code --data DIR} (default target/bench-data), {@code --master M} (default local[2]),
 * {@code --repeats R} (default 3: after a warm-up of each, the two cases alternately R times; medians).
 *
 * <ul>
 *   <li>{@code rescan}: the profile of K days read from Parquet (the day's table K times: K·N rows);
 *   <li>{@code states}: the profile of the K days' saved states merged (saving them is not timed);
 *       printed with its ratio to {@code rescan} (target ≤ 0.25);
 *   <li>{@code size}: per column, the bytes of its state (one state per column, so the files are
 *       its own) per distinct value, the value's own bytes (8 for a number; the mean UTF-8 length of
 *       a string) and the rest (target ≤ 16 bytes).
 * </ul>
 */
public final class StateBenchmark {
  private StateBenchmark() {}

  public static void main(String[] args) throws Exception {
    long rows = 5_000_000L;
    int days = 7;
    Path data = Path.of("target/bench-data");
    String master = "local[2]";
    int repeats = 3;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--rows": rows = Long.parseLong(args[i + 1]); break;
        case "--days": days = Integer.parseInt(args[i + 1]); break;
        case "--data": data = Path.of(args[i + 1]); break;
        case "--master": master = args[i + 1]; break;
        case "--repeats": repeats = Integer.parseInt(args[i + 1]); break;
        default: throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    SparkSession spark = SparkSession.builder().master(master).appName("state-benchmark")
        .config("spark.ui.enabled", "false").getOrCreate();
    Path table = BenchData.profileTable(spark, data, rows);
    Path stateDir = Files.createTempDirectory("infospark-states");
    ProfileOptions o = ProfileOptions.defaults().withColumns(BenchData.allColumns());
    Dataset<Row> day = spark.read().parquet(table.toString());
    for (int d = 0; d < days; d++) {
      Profiler.profile(day, o, new StateTarget(stateDir.toString(), "day-" + d, LocalDate.of(2026, 1, 1).plusDays(d)));
    }
    Dataset<Row> all = day;
    for (int d = 1; d < days; d++) {
      all = all.union(spark.read().parquet(table.toString()));
    }
    // a warm-up of each, then the two alternately, the median of each
    double[] rescans = new double[repeats];
    double[] fromStates = new double[repeats];
    double[] merges = new double[repeats];
    for (int r = -1; r < repeats; r++) {
      long t0 = System.nanoTime();
      Profiler.profile(all, o);
      double rescan = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      double merge;
      try (CountResult merged = CountState.merge(spark, stateDir.toString(), StateWindow.last(days))) {
        merge = (System.nanoTime() - t0) / 1e9;
        Profiler.profile(merged, o);
      }
      if (r >= 0) {
        rescans[r] = rescan;
        merges[r] = merge;
        fromStates[r] = (System.nanoTime() - t0) / 1e9;
      }
    }
    double rescan = median(rescans);
    double mergeSeconds = median(merges);
    double states = median(fromStates);
    System.out.printf(Locale.ROOT, "states: merged counts and their statistics in %.2f s%n", mergeSeconds);
    System.out.printf(Locale.ROOT, "rescan  %d days x %d rows: %.2f s%n", days, rows, rescan);
    System.out.printf(Locale.ROOT, "states  %d saved states:   %.2f s  ratio %.3f (target <= 0.25; medians of %d)%n",
        days, states, states / rescan, repeats);
    System.out.printf(Locale.ROOT, "%-24s %12s %14s %12s %12s%n", "column", "distinct", "bytes/value", "value bytes",
        "rest");
    for (String c : BenchData.allColumns()) {
      Path one = stateDir.resolve("size-" + c);
      Profiler.profile(day, ProfileOptions.defaults().withColumns(c), new StateTarget(one.toString(), "one", null));
      long distinct = day.select(c).distinct().count();
      boolean string = day.schema().apply(c).dataType() instanceof org.apache.spark.sql.types.StringType;
      double valueBytes = string ? day.select(c).distinct()
          .agg(functions.avg(functions.octet_length(functions.col(c)))).first().getDouble(0) : 8;
      double perValue = (double) bytes(one.resolve(CountStatePaths.RUN_PREFIX + "one")) / distinct;
      System.out.printf(Locale.ROOT, "%-24s %12d %14.2f %12.2f %12.2f%n", c, distinct, perValue, valueBytes,
          perValue - valueBytes);
    }
    spark.stop();
  }

  private static double median(double[] x) {
    double[] s = x.clone();
    java.util.Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /** The bytes of the Parquet files of a folder. */
  private static long bytes(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The folder name of a run. */
  static final class CountStatePaths {
    static final String RUN_PREFIX = "run_id=";
  }
}
