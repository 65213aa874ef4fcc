package io.infospark.bench;

import io.infospark.api.InfoSpark;
import io.infospark.core.EntropyEstimate;
import io.infospark.measure.EntropyProfile;
import io.infospark.measure.ProfileOptions;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * A limit check, not a benchmark: the entropy profile of a wide table (default 2,000 columns:
 * three quarters integer, one quarter double, so the bin-edge aggregation has 1,000 min/max
 * expressions) in one call, with the planning and run time. Checks the entropy of every integer
 * column against the exact value (column i holds {@code id % (i % 50 + 2)} over {@code rows}
 * ids).
 *
 * <pre>
 * java -Xmx1g &lt;spark.module.opens&gt; -cp target/classes:target/test-classes:$(cat target/classpath.txt) \
 *   io.infospark.bench.WideTableLimit [columns (2000)] [rows (10000)]
 * </pre>
 */
public final class WideTableLimit {
  private WideTableLimit() {}

  public static void main(String[] args) {
    int columns = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    long rows = args.length > 1 ? Long.parseLong(args[1]) : 10_000;
    SparkSession spark = SparkSession.builder().master("local[2]").appName("wide-table-limit")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      List<Column> cols = new ArrayList<>();
      for (int i = 0; i < columns; i++) {
        Column c = functions.col("id").mod(i % 50 + 2);
        cols.add((i % 4 == 3 ? c.cast("double").divide(7.0) : c.cast("int")).as("c" + i));
      }
      Dataset<Row> df = spark.range(0, rows, 1, 2).select(cols.toArray(new Column[0])).cache();
      long t0 = System.nanoTime();
      df.count();
      double materialise = (System.nanoTime() - t0) / 1e9;
      long t1 = System.nanoTime();
      EntropyProfile p = InfoSpark.profile(df, ProfileOptions.defaults());
      double seconds = (System.nanoTime() - t1) / 1e9;
      double worst = 0;
      for (int i = 0; i < columns; i++) {
        if (i % 4 == 3) {
          continue;
        }
        long k = i % 50 + 2;
        double h = 0;
        for (long v = 0; v < k; v++) {
          long n = rows / k + (v < rows % k ? 1 : 0);
          double q = (double) n / rows;
          h -= q * Math.log(q);
        }
        EntropyEstimate e = p.column("c" + i).estimate();
        worst = Math.max(worst, Math.abs(e.entropy() - h) / Math.max(h, 1));
      }
      System.out.printf("wide table: %d columns x %d rows profiled in %.1f s (table cached in %.1f s); "
          + "largest relative entropy error %.1e; heap max %d MB; load average %.1f%n",
          columns, rows, seconds, materialise, worst, Runtime.getRuntime().maxMemory() >> 20,
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      if (worst > 1e-12) {
        throw new AssertionError("wrong entropies: relative error " + worst);
      }
    } finally {
      spark.stop();
    }
  }
}
