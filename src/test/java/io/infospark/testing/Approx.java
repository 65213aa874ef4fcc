package io.infospark.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Approximate-equality assertions for doubles and DataFrames, with relative tolerances. */
public final class Approx {
  /** Results that must not depend on partitioning (DESIGN.md §1). */
  public static final double PARTITION_INVARIANT = 1e-12;
  /** Agreement with an independent reference (scipy, scikit-learn, statsmodels). */
  public static final double REFERENCE = 1e-9;

  private Approx() {}

  /** |actual - expected| <= rel * max(|expected|, 1) ; treats equal infinities and two NaNs as equal. */
  public static void assertClose(double expected, double actual, double rel, String what) {
    if (!close(expected, actual, rel)) {
      fail(String.format("%s: expected %.17g but was %.17g (rel. tol %.1e, diff %.3e)",
          what, expected, actual, rel, Math.abs(expected - actual)));
    }
  }

  public static void assertClose(double expected, double actual, double rel) {
    assertClose(expected, actual, rel, "value");
  }

  public static boolean close(double expected, double actual, double rel) {
    if (Double.isNaN(expected) || Double.isNaN(actual)) {
      return Double.isNaN(expected) && Double.isNaN(actual);
    }
    if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
      return expected == actual;
    }
    return Math.abs(expected - actual) <= rel * Math.max(Math.abs(expected), 1.0);
  }

  /**
   * Two DataFrames hold the same rows in the same order (sort them first): non-double cells equal,
   * double cells close to {@code rel}.
   */
  public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual, double rel) {
    assertSameRows(expected.collectAsList(), actual.collectAsList(), rel);
  }

  /** Two lists of rows alike: the same size, non-double cells equal (arrays by content), double cells close to {@code rel}. */
  public static void assertSameRows(List<Row> e, List<Row> a, double rel) {
    List<String> problems = new ArrayList<>();
    if (e.size() != a.size()) {
      fail("row count: expected " + e.size() + " but was " + a.size());
    }
    for (int i = 0; i < e.size(); i++) {
      Row re = e.get(i);
      Row ra = a.get(i);
      for (int j = 0; j < re.length(); j++) {
        Object x = re.get(j);
        Object y = ra.get(j);
        boolean same = (x instanceof Double && y instanceof Double)
            ? close((Double) x, (Double) y, rel)
            : java.util.Objects.deepEquals(x, y);
        if (!same) {
          problems.add("row " + i + " field " + (re.schema() == null ? j : re.schema().fields()[j].name()) + ": " + x
              + " vs " + y);
        }
      }
    }
    if (!problems.isEmpty()) {
      fail(String.join("\n", problems));
    }
  }
}
