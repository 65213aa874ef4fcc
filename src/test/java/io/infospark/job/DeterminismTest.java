package io.infospark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.infospark.testing.Approx;
import io.infospark.testing.SparkTestSession;
import io.infospark.testing.Summaries;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every job's results are the same on 1, 2, 7 and 64 partitions (input partitions and shuffle
 * partitions both), to 1e-12 relative (DESIGN.md §1); fitted coefficients to 1e-9.
 */
class DeterminismTest {
  static final int[] PARTITIONS = {1, 2, 7, 64};

  @TempDir
  Path dir;

  private static SparkSession spark;
  private static Dataset<Row> data;

  @BeforeAll
  static void data() {
    spark = SparkTestSession.get();
    // 20,000 rows, every value a function of the row id: a skewed string column, a near-unique
    // long, a continuous double, a boolean with nulls, and fractional weights (so sums of weights
    // and of c·ln c are floating-point sums whose order changes with the partitioning)
    Column h = functions.xxhash64(functions.col("id"));
    Column u = functions.abs(h.mod(1_000_000)).divide(1_000_000.0);
    data = spark.range(20_000).select(
        functions.concat(functions.lit("v"), functions.floor(functions.pow(u, 3).multiply(400))).as("skewed"),
        functions.abs(h.mod(1_000_000_007L)).as("near_unique"),
        functions.sin(functions.col("id")).multiply(1e3).plus(u).as("x"),
        functions.when(u.lt(0.1), null).otherwise(u.gt(0.55)).as("flag"),
        u.multiply(3.7).plus(0.01).as("w"))
        .localCheckpoint();
  }

  private JsonNode run(int partitions, String... args) throws IOException {
    String view = "determinism_" + partitions;
    data.repartition(partitions).createOrReplaceTempView(view);
    // the reference side of compare: a different distribution (half the rows, weighted to the skew)
    data.where("w < 2.5 or skewed = 'v3'").repartition(partitions).createOrReplaceTempView(view + "_ref");
    String before = spark.conf().get("spark.sql.shuffle.partitions");
    spark.conf().set("spark.sql.shuffle.partitions", String.valueOf(partitions));
    try {
      Path summary = dir.resolve("summary-" + partitions + ".json");
      List<String> all = new ArrayList<>();
      for (String a : args) {
        all.add(a.equals("{reference}") ? view + "_ref" : a);
      }
      all.addAll(List.of("--table", view, "--summary", summary.toString(), "--show", "false"));
      JobRun r = JobRun.of(all.toArray(new String[0]));
      assertEquals(0, r.code(), r.toString());
      return SummaryWriter.JSON.readTree(summary.toFile());
    } finally {
      spark.conf().set("spark.sql.shuffle.partitions", before);
    }
  }

  private void sameOnEveryPartitioning(String... args) throws IOException {
    JsonNode one = run(PARTITIONS[0], args);
    for (int i = 1; i < PARTITIONS.length; i++) {
      Summaries.assertSameResults(one, run(PARTITIONS[i], args), Approx.PARTITION_INVARIANT, Approx.REFERENCE);
    }
  }

  @Test
  void profile() throws IOException {
    sameOnEveryPartitioning("profile", "--nulls", "category");
  }

  @Test
  void profileWeighted() throws IOException {
    sameOnEveryPartitioning("profile", "--weight", "w", "--base", "2");
  }

  /** Fitted coefficients, J and standard errors agree to 1e-9 (the solver's tolerance). */
  @Test
  void fitLogisticGaussian() throws IOException {
    sameOnEveryPartitioning("fit-logistic", "--label", "flag", "--features", "x,w", "--na", "drop",
        "--prior", "gaussian:1");
  }

  @Test
  void fitLogisticLaplaceWeighted() throws IOException {
    sameOnEveryPartitioning("fit-logistic", "--label", "flag", "--features", "x,w", "--na", "drop",
        "--prior", "laplace:0.5", "--weight", "w");
  }

  /**
   * score-logistic: log-loss, accuracy and AUC of one saved model (fitted on the data as one
   * partition) over the data on every partitioning.
   */
  @Test
  void scoreLogistic() throws IOException {
    Path model = dir.resolve("model");
    data.repartition(1).createOrReplaceTempView("determinism_fit");
    JobRun fit = JobRun.of("fit-logistic", "--table", "determinism_fit", "--label", "flag", "--features", "x,w,skewed",
        "--na", "drop", "--prior", "gaussian:1", "--model", model.toString(), "--show", "false");
    assertEquals(0, fit.code(), fit.toString());
    sameOnEveryPartitioning("score-logistic", "--model", model.toString());
  }

  /** Quantile edges are exact order statistics (ExactQuantiles), so they do not move either. */
  @Test
  void profileQuantileBins() throws IOException {
    sameOnEveryPartitioning("profile", "--columns", "x", "--binning", "quantile", "--bins", "16");
  }

  @Test
  void compare() throws IOException {
    sameOnEveryPartitioning("compare", "--reference-table", "{reference}", "--columns", "skewed,x,flag",
        "--smoothing", "0.5");
  }

  @Test
  void compareUnsmoothed() throws IOException {
    sameOnEveryPartitioning("compare", "--reference-table", "{reference}");
  }

  @Test
  void compareQuantileBins() throws IOException {
    sameOnEveryPartitioning("compare", "--reference-table", "{reference}", "--binning", "quantile");
  }

  @Test
  void mutualInfo() throws IOException {
    sameOnEveryPartitioning("mutual-info", "--columns", "skewed,x,flag,near_unique", "--nulls", "category");
  }

  @Test
  void mutualInfoTarget() throws IOException {
    sameOnEveryPartitioning("mutual-info", "--target", "flag");
  }
}
