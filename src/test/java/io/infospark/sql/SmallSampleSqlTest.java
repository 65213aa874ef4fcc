package io.infospark.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.testing.SparkTestSession;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The small-sample entropy estimators as SQL functions (DESIGN.md §5.1), on birdstrikes.csv, against
 * the references of {@code src/test/python/estimators_reference.py} (scipy digamma, numpy, mpmath
 * quadrature for NSB; the code is in the core tests {@code SmallSampleEntropyTest} and
 * {@code NsbTest}).
 */
class SmallSampleSqlTest {
  private static final double REF = 1e-9;
  private static final double NSB = 1e-7;
  private static SparkSession spark;

  @BeforeAll
  static void tables() {
    spark = SparkTestSession.get();
    InfoSparkFunctions.register(spark);
    Fixtures.createTables(spark);
  }

  private static void relative(double expected, double actual, double tol, String what) {
    assertEquals(1.0, actual / expected, tol, what + ": " + actual);
  }

  /**
   * "Flight Date" (3,625 dates in 10,000 rows, coverage 0.8928) with the alphabet of the 4,583 days
   * from 1990-01-08 to 2002-07-25: Grassberger 8.238387479841924, James–Stein (towards the uniform on
   * the values seen) 8.188099009028539, NSB 8.2522755205631062 ± 0.0075643046770742422.
   */
  @Test
  void undersampledColumn() {
    List<Row> rows = spark.sql("SELECT entropy_grassberger(`Flight Date`), entropy_james_stein(`Flight Date`), "
        + "entropy_nsb(`Flight Date`, 4583), entropy_nsb_sd(`Flight Date`, 4583), sample_coverage(`Flight Date`), "
        + "entropy_nsb(`Flight Date`, 4583, 2) FROM birdstrikes").collectAsList();
    Row r = rows.get(0);
    relative(8.238387479841924, r.getDouble(0), REF, "grassberger");
    relative(8.188099009028539, r.getDouble(1), REF, "james_stein");
    relative(8.2522755205631062, r.getDouble(2), NSB, "nsb");
    relative(0.0075643046770742422, r.getDouble(3), NSB, "nsb_sd");
    assertEquals(0.8928, r.getDouble(4), 1e-15);
    relative(8.2522755205631062 / Math.log(2), r.getDouble(5), NSB, "nsb in bits");
    assertEquals(List.of("entropy_grassberger(Flight Date)", "entropy_james_stein(Flight Date)",
        "entropy_nsb(Flight Date, 4583)", "entropy_nsb_sd(Flight Date, 4583)", "sample_coverage(Flight Date)",
        "entropy_nsb(Flight Date, 4583, 2)"), List.of(spark.sql("SELECT entropy_grassberger(`Flight Date`), "
            + "entropy_james_stein(`Flight Date`), entropy_nsb(`Flight Date`, 4583), entropy_nsb_sd(`Flight Date`, "
            + "4583), sample_coverage(`Flight Date`), entropy_nsb(`Flight Date`, 4583, 2) FROM birdstrikes")
            .columns()));
  }

  /** Per group: "Time of day" with its alphabet of 4 over the whole table equals the profile's reference. */
  @Test
  void wellSampledColumn() {
    Row r = spark.sql("SELECT entropy_nsb(`Time of day`, 4), entropy_nsb_sd(`Time of day`, 4), "
        + "entropy_grassberger(`Time of day`) FROM birdstrikes").first();
    relative(0.99126886638296074, r.getDouble(0), NSB, "nsb");
    relative(0.0070690323312537931, r.getDouble(1), NSB, "nsb_sd");
    relative(0.9913370861131447, r.getDouble(2), REF, "grassberger");
  }

  /** A group with more values than the alphabet fails the query with a message naming both numbers. */
  @Test
  void alphabetSmallerThanAGroup() {
    Exception e = assertThrows(Exception.class,
        () -> spark.sql("SELECT entropy_nsb(`Time of day`, 3) FROM birdstrikes").collect());
    assertTrue(SqlFunctionsTest.causes(e).contains("4 distinct values, more than the alphabet size 3"),
        SqlFunctionsTest.causes(e));
  }

  /** The alphabet must be a constant whole number >= 1: an analysis error otherwise. */
  @Test
  void alphabetArgument() {
    for (String bad : new String[] {"0", "2.5", "-3", "'four'"}) {
      AnalysisException e = assertThrows(AnalysisException.class,
          () -> spark.sql("SELECT entropy_nsb(`Time of day`, " + bad + ") FROM birdstrikes"), bad);
      assertEquals("DATATYPE_MISMATCH.INVALID_ARG_VALUE", e.getErrorClass(), bad);
      assertTrue(e.getMessage().contains("alphabet"), e.getMessage());
    }
    AnalysisException e = assertThrows(AnalysisException.class,
        () -> spark.sql("SELECT entropy_nsb(`Time of day`, `Cost Total $`) FROM birdstrikes"));
    assertEquals("DATATYPE_MISMATCH.NON_FOLDABLE_INPUT", e.getErrorClass());
    assertThrows(AnalysisException.class, () -> spark.sql("SELECT entropy_nsb(`Time of day`) FROM birdstrikes"));
  }
}
