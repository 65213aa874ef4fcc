package io.infospark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.api.InfoSpark;
import io.infospark.measure.ColumnComparison;
import io.infospark.measure.CompareOptions;
import io.infospark.measure.Comparison;
import io.infospark.measure.Thresholds;
import io.infospark.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The README's drift example ("Is the drift real?") runs as written and gives the numbers it
 * claims, against scipy ({@code src/test/python/estimators_reference.py drift_example}):
 * <pre>
 * after vs before:      n_p 5001 n_q 4999 G 23.80240025646981  p 2.7468767246525107e-05 js 0.0011901293859570903 js_null 0.00015000000600000026
 * March 1998 vs before: n_p 61   n_q 4999 G 5.184696441332692  p 0.15876169438327245    js 0.010479110348513366  js_null 0.006222555986607158
 * </pre>
 */
class DriftExampleTest {
  private static final double REF = 1e-9;

  @Test
  void largeTableAndSmallSegment() throws Exception {
    SparkSession spark = SparkTestSession.get();
    // the README's code, line by line
    Dataset<Row> strikes = spark.read().option("header", "true").option("inferSchema", "true").csv("data/birdstrikes.csv");
    Dataset<Row> before = strikes.where("`Flight Date` < '1997-08-29'");
    Dataset<Row> after = strikes.where("`Flight Date` >= '1997-08-29'");
    Dataset<Row> march = after.where("`Flight Date` BETWEEN '1998-03-01' AND '1998-03-31'");
    CompareOptions o = CompareOptions.defaults().withColumns("Time of day");
    Thresholds t = new Thresholds(null, 0.001, null, null, 0.01);
    Comparison whole = InfoSpark.compare(after, before, o);
    Comparison segment = InfoSpark.compare(march, before, o);
    List<String> real = whole.exceeded(t);
    List<String> noise = segment.exceeded(t);

    assertEquals(1, real.size(), real.toString());
    assertTrue(real.get(0).startsWith("column 'Time of day': js = 0.00119013 nats exceeds max-js 0.001 and the "
        + "G-test rejects at alpha 0.01 (p-value 2.75e-05)"), real.get(0));
    assertEquals(List.of(), noise);
    assertTrue(segment.notSignificant(t).get(0).contains("p-value 0.159"), segment.notSignificant(t).toString());
    ColumnComparison w = whole.column("Time of day");
    assertEquals(1.0, w.significance().gStatistic() / 23.80240025646981, REF);
    assertEquals(1.0, w.significance().pValue() / 2.7468767246525107e-05, REF);
    assertEquals(1.0, w.estimate().js() / 0.0011901293859570903, REF);
    assertEquals(1.0, w.significance().jsNull() / 0.00015000000600000026, REF);
    ColumnComparison m = segment.column("Time of day");
    assertEquals(61.0, m.significance().nP());
    assertEquals(1.0, m.significance().pValue() / 0.15876169438327245, REF);
    assertEquals(1.0, m.estimate().js() / 0.010479110348513366, REF);
    assertEquals(1.0, m.significance().jsNull() / 0.006222555986607158, REF);
    // without alpha, a threshold that flags the real drift flags the noise too
    assertEquals(1, segment.exceeded(t.withAlpha(null)).size());

    String readme = Files.readString(Path.of("docs", "jobs.md"));
    for (String line : List.of("Dataset<Row> before = strikes.where(\"`Flight Date` < '1997-08-29'\");",
        "Dataset<Row> march = after.where(\"`Flight Date` BETWEEN '1998-03-01' AND '1998-03-31'\");",
        "Thresholds t = new Thresholds(null, 0.001, null, null, 0.01);",
        "js = 0.00119013 nats exceeds", "p-value 0.159")) {
      assertTrue(readme.contains(line), "docs/jobs.md should show: " + line);
    }
  }
}
