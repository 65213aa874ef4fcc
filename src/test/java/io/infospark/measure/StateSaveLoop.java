package io.infospark.measure;

import io.infospark.engine.CountRequest;
import io.infospark.engine.CountResult;
import io.infospark.engine.CountState;
import io.infospark.engine.StateWindow;
import io.infospark.engine.ValueCounter;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A process that saves and compacts count states forever, for a test to kill with SIGKILL at any
 * moment ({@link StateSafetyTest}). Arguments: the states folder and the first round. Round n saves day 0's counts, then
 * day 1's, as run {@code same} (replacing it), then days 2 and 3 as runs {@code d<n>-0} and
 * {@code d<n>-1} dated 2026-01-(1 + 2n) and the day after, then compacts those two into {@code w<n>}.
 * Prints {@code saving} once started and {@code saved N} after each round.
 */
public final class StateSaveLoop {
  private StateSaveLoop() {}

  static final ProfileOptions OPTIONS = ProfileOptions.defaults().withColumns("city", "n", "flag", "x")
      .withBinning(Binning.EXACT);

  static void save(SparkSession spark, Dataset<Row> df, String dir, String run, LocalDate date) {
    List<String> names = OPTIONS.columns();
    CountRequest request = CountRequest.of(Profiler.columns(df, names, OPTIONS, Map.of()));
    try (CountResult counts = ValueCounter.count(df, request)) {
      CountState.save(counts, CountState.Side.ALL, dir, run, date);
    }
  }

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master("local[1]").appName("state-save-loop")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    String dir = args[0];
    Dataset<Row>[] days = new Dataset[4];
    for (int d = 0; d < 4; d++) {
      days[d] = CountStateTest.day(spark, d, 200).cache();
    }
    System.out.println("saving");
    System.out.flush();
    for (int n = Integer.parseInt(args[1]); ; n++) {
      save(spark, days[0], dir, "same", LocalDate.of(2025, 1, 1));
      save(spark, days[1], dir, "same", LocalDate.of(2025, 1, 1));
      LocalDate first = LocalDate.of(2026, 1, 1).plusDays(2L * n);
      save(spark, days[2], dir, "d" + n + "-0", first);
      save(spark, days[3], dir, "d" + n + "-1", first.plusDays(1));
      CountState.compact(spark, dir, StateWindow.runs(List.of("d" + n + "-0", "d" + n + "-1")), "w" + n);
      System.out.println("saved " + n);
      System.out.flush();
    }
  }
}
