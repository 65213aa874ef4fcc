package io.infospark.measure;

import io.infospark.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Cost of compare and mutual-info relative to the profile of the same columns (targets: ≤ 1.3× and
 * ≤ 1.5×), and of compare with its significance (G-test, noise floors, contributors, histograms)
 * relative to compare without (target ≤ 1.05×: they come from the counts of the same pass). Not a
 * unit test: run with
 * {@code mvn -o test -Dtest=CompareBenchTest -Dtest.excludedGroups= -Dbench.rows=2000000}.
 */
@Tag("bench")
class CompareBenchTest {
  private final SparkSession spark = SparkTestSession.get();

  private Dataset<Row> table(long rows, long seed, String dir) {
    List<Column> cols = new ArrayList<>();
    for (int c = 0; c < 15; c++) {
      Column h = functions.abs(functions.hash(functions.col("id"), functions.lit(seed * 100 + c)));
      if (c % 3 == 0) {
        cols.add(h.mod(10 + 40 * c).as("l" + c));
      } else if (c % 3 == 1) {
        cols.add(functions.concat(functions.lit("v"), h.mod(5 + 200 * c).cast("string")).as("s" + c));
      } else {
        cols.add(h.mod(100000).divide(1000.0).as("d" + c));
      }
    }
    spark.range(0, rows, 1, 8).select(cols.toArray(new Column[0])).write().mode("overwrite").parquet(dir);
    return spark.read().parquet(dir);
  }

  private static double time(Runnable r) {
    long t = System.nanoTime();
    r.run();
    return (System.nanoTime() - t) / 1e9;
  }

  @Test
  void compareAndMutualInformationAgainstProfile() {
    long rows = Long.getLong("bench.rows", 1_000_000L);
    Dataset<Row> p = table(rows, 1, "/tmp/infospark-bench-p");
    Dataset<Row> q = table(rows, 2, "/tmp/infospark-bench-q");
    // the target: l0, 10 values (a label-like column); the features: the next 10 columns
    List<String> eleven = List.of(p.columns()).subList(0, 11);
    for (int round = 0; round < 2; round++) {
      double profile = time(() -> {
        Profiler.profile(p, ProfileOptions.defaults());
        Profiler.profile(q, ProfileOptions.defaults());
      });
      double plain = time(() -> DistributionComparison.compare(p, q, CompareOptions.defaults().withSignificance(false)));
      double compare = time(() -> DistributionComparison.compare(p, q, CompareOptions.defaults()));
      double profile11 = time(() -> Profiler.profile(p, ProfileOptions.defaults().withColumns(eleven)));
      double mi = time(() -> MutualInfo.measure(p, MutualInfoOptions.defaults().withColumns(eleven.subList(1, 11))
          .withTarget(eleven.get(0))));
      System.out.printf("round %d: profile p+q %.2fs, compare %.2fs (%.2fx); without significance %.2fs (with/without "
          + "%.2fx, target <= 1.05); profile 11 cols %.2fs, MI 10 vs target %.2fs (%.2fx)%n", round, profile, compare,
          compare / profile, plain, compare / plain, profile11, mi, mi / profile11);
    }
  }
}
