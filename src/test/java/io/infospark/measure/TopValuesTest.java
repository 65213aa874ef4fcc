package io.infospark.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infospark.api.InfoSpark;
import io.infospark.testing.SparkTestSession;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The bounded top values a comparison keeps for p-vs-q charts: the {@link ColumnComparison#TOP_VALUES}
 * values with the largest share on either side, exact shares, the same whatever the partitioning.
 */
class TopValuesTest {
  private static final double EXACT = 1e-15;

  /** Value v (0..19) appears v + 1 times in p; in q, 20 − v times: p favours high values, q low. */
  private static Dataset<Row> side(SparkSession spark, boolean p, int partitions) {
    return spark.range(20).selectExpr("cast(id as int) as v")
        .selectExpr("v", "explode(sequence(1, " + (p ? "v + 1" : "20 - v") + ")) as k")
        .selectExpr("concat('v', v) as value").repartition(partitions);
  }

  @Test
  void theLargestSharesOfEitherSide() {
    SparkSession spark = SparkTestSession.get();
    List<ValueShare> top = InfoSpark.compare(side(spark, true, 1), side(spark, false, 1)).column("value").topValues();
    assertEquals(ColumnComparison.TOP_VALUES, top.size());
    double total = 210; // 1 + 2 + … + 20 on each side
    // largest shares: v19 in p and v0 in q (20/210), then v18 and v1 (19/210), …; ties in any order
    assertEquals(java.util.Set.of("v0", "v1", "v2", "v3", "v16", "v17", "v18", "v19"),
        top.stream().map(ValueShare::value).collect(java.util.stream.Collectors.toSet()));
    for (int i = 1; i < top.size(); i++) {
      double before = Math.max(top.get(i - 1).p(), top.get(i - 1).q());
      assertEquals(true, before >= Math.max(top.get(i).p(), top.get(i).q()), "largest share first: " + top);
    }
    for (ValueShare s : top) {
      int v = Integer.parseInt(s.value().substring(1));
      assertEquals((v + 1) / total, s.p(), EXACT, s.toString());
      assertEquals((20 - v) / total, s.q(), EXACT, s.toString());
    }
  }

  @Test
  void independentOfPartitioning() {
    SparkSession spark = SparkTestSession.get();
    List<ValueShare> one = InfoSpark.compare(side(spark, true, 1), side(spark, false, 1)).column("value").topValues();
    List<ValueShare> many = InfoSpark.compare(side(spark, true, 7), side(spark, false, 5)).column("value").topValues();
    assertEquals(one.stream().map(ValueShare::value).collect(java.util.stream.Collectors.toSet()),
        many.stream().map(ValueShare::value).collect(java.util.stream.Collectors.toSet()));
  }
}
