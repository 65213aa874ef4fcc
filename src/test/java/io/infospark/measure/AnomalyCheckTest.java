package io.infospark.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.core.AnomalyRule;
import io.infospark.core.BadInputException;
import io.infospark.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Anomalies of a history table written by the test, against bands computed by hand. */
class AnomalyCheckTest {
  private final SparkSession spark = SparkTestSession.get();
  @TempDir Path tmp;
  private static final double TOL = 1e-12;

  static final StructType PROFILE = new StructType().add("column", DataTypes.StringType)
      .add("rows", DataTypes.DoubleType).add("nulls", DataTypes.DoubleType).add("distinct", DataTypes.LongType)
      .add("entropy", DataTypes.DoubleType).add("std_error", DataTypes.DoubleType)
      .add("coverage", DataTypes.DoubleType).add("run_id", DataTypes.StringType);

  /**
   * Six runs of column 'city' (1,000 rows each): entropy 2.0, 2.2, 2.1, 1.9, 2.3 then 2.7 (standard
   * errors .07, .05, .04, .06, .05, .03), nulls 50, 52, 48, 51, 49 then 80; 'id' has one run only.
   */
  private String history() {
    double[] h = {2.0, 2.2, 2.1, 1.9, 2.3, 2.7};
    double[] se = {0.07, 0.05, 0.04, 0.06, 0.05, 0.03};
    double[] nulls = {50, 52, 48, 51, 49, 80};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      rows.add(RowFactory.create("city", 1000.0, nulls[i], 20L + i, h[i], se[i], 0.99, "2026110" + (i + 1) + "T000000Z"));
    }
    rows.add(RowFactory.create("id", 1000.0, 0.0, 1000L, 9.96, 0.0, 0.0, "20261106T000000Z"));
    String folder = tmp.resolve("history").toString();
    spark.createDataFrame(rows, PROFILE).write().partitionBy("run_id").parquet(folder);
    return folder;
  }

  private static AnomalyCheck.Finding find(List<AnomalyCheck.Finding> f, String column, String metric, String rule) {
    return f.stream().filter(x -> x.column().equals(column) && x.metric().equals(metric) && x.rule().startsWith(rule))
        .findFirst().orElseThrow();
  }

  /**
   * Entropy, rolling mean ± 3 sd of the last 4 (2.2, 2.1, 1.9, 2.3): [1.6126524617020201,
   * 2.6373475382979796] (AnomalyRuleTest has the arithmetic): 2.7 is outside. Null share, the last 4
   * are .052, .048, .051, .049: mean .05, sd √((.002² + .002² + .001² + .001²)/3) = .0018257;
   * numpy: h = np.array([52, 48, 51, 49]) / 1000; h.mean() -/+ 3 * h.std(ddof=1)
   * gives [0.04452277442494835, 0.05547722557505166]: .08 is outside. With the standard errors
   * √(s(1 − s)/1000), k = 2: d = 2 * np.sqrt(.08 * .92 / 1000 + (h * (1 - h) / 1000).sum() / 16)
   * gives [0.03150952948137879, 0.06849047051862121]: .08 is outside too.
   */
  @Test
  void lastRunAgainstTheRunsBefore() {
    List<AnomalyCheck.Finding> f = AnomalyCheck.check(AnomalyCheck.read(spark, history(), "parquet"), null,
        List.of(AnomalyRule.rollingBand(4, 3), AnomalyRule.standardError(4, 2), AnomalyRule.rateOfChange(0.5)));
    AnomalyCheck.Finding entropy = find(f, "city", "entropy", "mean");
    assertEquals("20261106T000000Z", entropy.runId());
    assertEquals(2.7, entropy.value(), 0);
    assertArrayEquals(new double[] {2.0, 2.2, 2.1, 1.9, 2.3}, entropy.history(), 0);
    assertEquals(1.6126524617020201, entropy.lower(), TOL);
    assertEquals(2.6373475382979796, entropy.upper(), TOL);
    assertTrue(entropy.anomaly());
    assertEquals("column 'city' entropy = 2.70000 outside [1.61265, 2.63735] (mean ± 3 sd of the last 4 runs)",
        entropy.describe());
    AnomalyCheck.Finding share = find(f, "city", "null_share", "mean");
    assertEquals(0.04452277442494835, share.lower(), TOL);
    assertEquals(0.05547722557505166, share.upper(), TOL);
    assertTrue(share.anomaly());
    AnomalyCheck.Finding shareSe = find(f, "city", "null_share", "within");
    assertEquals(0.03150952948137879, shareSe.lower(), TOL);
    assertEquals(0.06849047051862121, shareSe.upper(), TOL);
    assertTrue(shareSe.anomaly());
    // rate of change: 2.3 · (1 ± .5) = [1.15, 3.45] holds 2.7
    AnomalyCheck.Finding rate = find(f, "city", "entropy", "change");
    assertEquals(1.15, rate.lower(), TOL);
    assertEquals(3.45, rate.upper(), TOL);
    assertFalse(rate.anomaly());
    // 'id' has no earlier run: a reason, not a failure
    AnomalyCheck.Finding first = find(f, "id", "entropy", "mean");
    assertFalse(first.anomaly());
    assertEquals("column 'id' entropy = 9.96000: not checked (history too short: 0 earlier runs with this metric; "
        + "the rule needs at least 2)", first.describe());
  }

  /** Run 5 checked against runs 1–4: entropy 2.3 within mean 2.05 ± 3 · .12910 (sd of 2.0, 2.2, 2.1, 1.9). */
  @Test
  void aNamedRunAgainstTheRunsBeforeIt() {
    Dataset<Row> history = AnomalyCheck.read(spark, history(), "parquet");
    List<AnomalyCheck.Finding> f = AnomalyCheck.check(history, "20261105T000000Z", List.of(AnomalyRule.rollingBand(10, 3)));
    AnomalyCheck.Finding entropy = find(f, "city", "entropy", "mean");
    // numpy: h = np.array([2.0, 2.2, 2.1, 1.9]); h.mean() + 3 * h.std(ddof=1) = 2.4372983346207424
    assertEquals(2.4372983346207424, entropy.upper(), TOL);
    assertFalse(entropy.anomaly());
    BadInputException e = assertThrows(BadInputException.class, () -> AnomalyCheck.check(history, "nope", List.of(AnomalyRule.rollingBand(3, 3))));
    assertEquals("run-id: run 'nope' is not in the history; expected one of its 6 runs (20261101T000000Z … "
        + "20261106T000000Z)", e.getMessage());
  }
}
