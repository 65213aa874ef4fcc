package io.infospark.measure;

import io.infospark.core.LogBase;
import io.infospark.testing.Approx;
import io.infospark.testing.SparkTestSession;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every analysis gives the same results on the engine's fast path and on its public-API path, to
 * 1e-12 relative (DESIGN.md §1's partition invariance): profiles (plain, weighted, nulls as a
 * value, binned and exact doubles), comparisons (two tables; two columns of one, with smoothing),
 * mutual information (all pairs, with nulls that make the marginals be summed from the pairs; a
 * target), value distributions and surprisal. The analysis test classes run on both paths too
 * (Maven's {@code public-path} test execution).
 */
class BothPathsTest {
  private static final String PATH = "spark.infospark.engine.path";
  private static SparkSession spark;
  private static Dataset<Row> p;
  private static Dataset<Row> q;

  @BeforeAll
  static void data() {
    spark = SparkTestSession.get();
    Column id = functions.col("id");
    p = table(spark.range(0, 6_000).toDF(), id);
    q = table(spark.range(2_000, 9_000).toDF(), id.multiply(3));
  }

  private static Dataset<Row> table(Dataset<Row> range, Column mixed) {
    Column id = functions.col("id");
    return range.repartition(3).select(
        id.mod(17).cast("int").as("small"),
        functions.when(id.mod(5).equalTo(0), null).otherwise(mixed.mod(23)).as("with_nulls"),
        id.mod(29).as("other"),
        functions.concat(functions.lit("c-"), mixed.mod(701).cast("string")).as("text"),
        functions.when(id.mod(7).equalTo(0), null).otherwise(id.mod(3).equalTo(0)).as("flag"),
        functions.when(id.mod(11).equalTo(0), functions.lit(Double.NaN)).otherwise(functions.sin(mixed)).as("x"),
        id.mod(4).cast("double").plus(0.5).as("w"));
  }

  @AfterEach
  void reset() {
    spark.conf().unset(PATH);
  }

  /** The result's rows on the fast path and on the public-API path: equal, doubles to 1e-12 relative. */
  private static void same(String what, Supplier<List<Row>> analysis) {
    spark.conf().set(PATH, "fast");
    List<Row> fast = analysis.get();
    spark.conf().set(PATH, "public");
    List<Row> pub = analysis.get();
    spark.conf().unset(PATH);
    try {
      Approx.assertSameRows(fast, pub, Approx.PARTITION_INVARIANT);
    } catch (AssertionError e) {
      throw new AssertionError(what + ", fast path against public-API path: " + e.getMessage(), e);
    }
  }

  @Test
  void profiles() {
    same("profile", () -> Profiler.profile(p, ProfileOptions.defaults().withColumns("small", "with_nulls", "text",
        "flag", "x", "other")).rows());
    same("weighted profile", () -> Profiler.profile(p, ProfileOptions.defaults().withWeight("w")
        .withColumns("small", "text", "x")).rows());
    same("profile, nulls a value, exact doubles, bits", () -> Profiler.profile(p, ProfileOptions.defaults()
        .withNulls(NullPolicy.CATEGORY).withBinning(Binning.EXACT).withBase(LogBase.TWO)).rows());
  }

  @Test
  void comparisons() {
    same("compare", () -> DistributionComparison.compare(p, q, CompareOptions.defaults()
        .withColumns(List.of("small", "with_nulls", "text", "x"))).rows());
    same("compare, smoothing, nulls a value", () -> DistributionComparison.compare(p, q, CompareOptions.defaults()
        .withColumns(List.of("text", "flag")).withSmoothing(0.5).withNulls(NullPolicy.CATEGORY)).rows());
    same("compare two columns", () -> DistributionComparison.compareColumns(p, "other", "with_nulls",
        CompareOptions.defaults()).rows());
  }

  @Test
  void mutualInformation() {
    same("all pairs", () -> MutualInfo.measure(p, MutualInfoOptions.defaults()
        .withColumns(List.of("small", "with_nulls", "text", "flag"))).rows());
    same("target, nulls a value", () -> MutualInfo.measure(p, MutualInfoOptions.defaults().withTarget("flag")
        .withColumns(List.of("small", "with_nulls", "x")).withNulls(NullPolicy.CATEGORY)).rows());
  }

  @Test
  void distributionsAndSurprisal() {
    ProfileOptions o = ProfileOptions.defaults().withColumns("small", "text", "x");
    same("value distribution", () -> ValueDistribution.of(p, o).values()
        .orderBy("column", "key", "key_bytes", "is_null").collectAsList());
    same("surprisal", () -> Surprisal.add(p, o).orderBy("small", "text", "x", "w", "with_nulls", "flag").collectAsList());
  }
}
