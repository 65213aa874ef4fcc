package io.infospark.measure;

import io.infospark.core.DivergenceEstimate;
import io.infospark.core.LogBase;
import io.infospark.core.TextWidth;
import io.infospark.core.Significance;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The comparison of the distributions of a set of columns: one {@link ColumnComparison} per
 * column, all in one unit. Infinite measures (support mismatch) are {@code Infinity}; undefined
 * ones null with a {@code reason}. Small, so it lives on the driver.
 *
 * <pre>{@code
 * Comparison c = InfoSpark.compare(today, lastWeek, CompareOptions.defaults().withColumns("city"));
 * System.out.println(c);
 * double kl = c.column("city").estimate().kl();
 * }</pre>
 */
public final class Comparison implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The schema of {@link #toDataFrame}; the summary fields of the {@code compare} job. */
  public static final StructType SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField("column", DataTypes.StringType, false),
      DataTypes.createStructField("reference_column", DataTypes.StringType, false),
      DataTypes.createStructField("type", DataTypes.StringType, false),
      DataTypes.createStructField("count_p", DataTypes.DoubleType, false),
      DataTypes.createStructField("count_q", DataTypes.DoubleType, false),
      DataTypes.createStructField("nulls_p", DataTypes.DoubleType, false),
      DataTypes.createStructField("nulls_q", DataTypes.DoubleType, false),
      DataTypes.createStructField("distinct_p", DataTypes.LongType, false),
      DataTypes.createStructField("distinct_q", DataTypes.LongType, false),
      DataTypes.createStructField("distinct_union", DataTypes.LongType, false),
      DataTypes.createStructField("entropy_p", DataTypes.DoubleType, true),
      DataTypes.createStructField("entropy_q", DataTypes.DoubleType, true),
      DataTypes.createStructField("cross_entropy", DataTypes.DoubleType, true),
      DataTypes.createStructField("kl", DataTypes.DoubleType, true),
      DataTypes.createStructField("kl_reverse", DataTypes.DoubleType, true),
      DataTypes.createStructField("js", DataTypes.DoubleType, true),
      DataTypes.createStructField("psi", DataTypes.DoubleType, true),
      DataTypes.createStructField("support_mismatch", DataTypes.LongType, false),
      DataTypes.createStructField("support_mismatch_reverse", DataTypes.LongType, false),
      DataTypes.createStructField("examples", DataTypes.createArrayType(DataTypes.StringType, false), false),
      DataTypes.createStructField("examples_reverse", DataTypes.createArrayType(DataTypes.StringType, false), false),
      DataTypes.createStructField("smoothing", DataTypes.DoubleType, false),
      DataTypes.createStructField("unit", DataTypes.StringType, false),
      DataTypes.createStructField("binning", DataTypes.StringType, true),
      DataTypes.createStructField("reason", DataTypes.StringType, true),
      DataTypes.createStructField("hellinger", DataTypes.DoubleType, true),
      DataTypes.createStructField("n_p", DataTypes.DoubleType, true),
      DataTypes.createStructField("n_q", DataTypes.DoubleType, true),
      DataTypes.createStructField("g_statistic", DataTypes.DoubleType, true),
      DataTypes.createStructField("df", DataTypes.LongType, true),
      DataTypes.createStructField("p_value", DataTypes.DoubleType, true),
      DataTypes.createStructField("js_null", DataTypes.DoubleType, true),
      DataTypes.createStructField("kl_null", DataTypes.DoubleType, true),
      DataTypes.createStructField("psi_null", DataTypes.DoubleType, true),
  });

  private final LogBase base;
  private final double smoothing;
  private final NullPolicy nulls;
  private final List<ColumnComparison> columns;

  public Comparison(LogBase base, double smoothing, NullPolicy nulls, List<ColumnComparison> columns) {
    this.base = base;
    this.smoothing = smoothing;
    this.nulls = nulls;
    this.columns = List.copyOf(columns);
  }

  public LogBase base() {
    return base;
  }

  /** {@code nats}, {@code bits} or {@code hartleys}. */
  public String unit() {
    return base.unit();
  }

  public double smoothing() {
    return smoothing;
  }

  public NullPolicy nulls() {
    return nulls;
  }

  public List<ColumnComparison> columns() {
    return columns;
  }

  /** The comparison of one column by name (the column of p). */
  public ColumnComparison column(String name) {
    for (ColumnComparison c : columns) {
      if (c.column().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("no column '" + name + "' in this comparison");
  }

  /**
   * The thresholds this comparison exceeds, one line each naming the column and the measure
   * (e.g. {@code column 'weather': kl = Infinity exceeds max-kl 0.1 (1 value only in p: snow)}).
   * A null threshold is not checked; an undefined (null) measure exceeds nothing.
   */
  public List<String> exceeded(Double maxKl, Double maxJs, Double maxPsi) {
    return exceeded(Thresholds.of(maxKl, maxJs, maxPsi));
  }

  /**
   * The thresholds this comparison exceeds (DESIGN.md §5.2): the divergence is above the threshold
   * and, with {@code alpha}, the two-sample G-test rejects at alpha; the line then says both, e.g.
   * {@code column 'weather': js = 0.0713 nats exceeds max-js 0.01 and the G-test rejects at alpha
   * 0.05 (p-value 1.27e-21)}.
   */
  public List<String> exceeded(Thresholds t) {
    List<String> out = new ArrayList<>();
    check(out, t, true);
    return out;
  }

  /**
   * The divergences above a threshold that the G-test does not find significant at alpha (only
   * with alpha): within sampling noise, so not counted as exceeded; one line each with the p-value
   * and the noise floor.
   */
  public List<String> notSignificant(Thresholds t) {
    List<String> out = new ArrayList<>();
    if (t.alpha() != null) {
      check(out, t, false);
    }
    return out;
  }

  private void check(List<String> out, Thresholds t, boolean significant) {
    for (ColumnComparison c : columns) {
      DivergenceEstimate e = c.estimate();
      Significance s = c.significance();
      check(out, c, "kl", e.kl(), "max-kl", t.maxKl(), s == null ? null : s.klNull(), t.alpha(), significant);
      check(out, c, "js", e.js(), "max-js", t.maxJs(), s == null ? null : s.jsNull(), t.alpha(), significant);
      check(out, c, "psi", e.psi(), "max-psi", t.maxPsi(), s == null ? null : s.psiNull(), t.alpha(), significant);
      check(out, c, "hellinger", e.hellinger(), "max-hellinger", t.maxHellinger(), null, t.alpha(), significant);
    }
  }

  private void check(List<String> out, ColumnComparison c, String measure, Double value, String key, Double max,
      Double floor, Double alpha, boolean significant) {
    if (max == null || value == null || !(value > max)) {
      return;
    }
    Significance s = c.significance();
    boolean rejects = alpha == null || s != null && s.rejects(alpha);
    if (rejects != significant) {
      return;
    }
    String why = "";
    if (value.isInfinite() && c.supportMismatch() > 0) {
      why = " (" + c.supportMismatch() + " value" + (c.supportMismatch() == 1 ? "" : "s") + " only in p: "
          + String.join(", ", c.onlyInP()) + ")";
    } else if (value.isInfinite() && c.supportMismatchReverse() > 0) {
      why = " (" + c.supportMismatchReverse() + " value" + (c.supportMismatchReverse() == 1 ? "" : "s")
          + " only in q: " + String.join(", ", c.onlyInQ()) + ")";
    }
    String test = "";
    if (alpha != null) {
      String p = s == null || s.pValue() == null ? "undefined" : String.format(Locale.ROOT, "%.3g", s.pValue());
      test = significant
          ? String.format(Locale.ROOT, " and the G-test rejects at alpha %s (p-value %s)", plain(alpha), p)
          : String.format(Locale.ROOT, " but the G-test does not reject at alpha %s (p-value %s)%s", plain(alpha), p,
              floor == null ? "" : String.format(Locale.ROOT, "; noise floor %s = %.3g", measure + "_null", floor));
    }
    String unit = measure.equals("hellinger") ? "" : " " + unit();
    out.add(String.format(Locale.ROOT, "column '%s': %s = %s%s %s %s %s%s%s", c.column(), measure,
        value.isInfinite() ? "Infinity" : String.format(Locale.ROOT, "%.6g", value), unit,
        significant ? "exceeds" : "is above", key, plain(max), why, test));
  }

  /** A threshold as the user writes it: 0.0005, not 5.0E-4. */
  private static String plain(double x) {
    return new java.math.BigDecimal(Double.toString(x)).stripTrailingZeros().toPlainString();
  }

  /** A list as the Scala sequence a Row's array field holds (written out: Scala 2.12 and 2.13 differ). */
  private static scala.collection.Seq<String> seq(List<String> list) {
    scala.collection.mutable.ArrayBuffer<String> b = new scala.collection.mutable.ArrayBuffer<>();
    for (String x : list) {
      b.$plus$eq(x);
    }
    return b;
  }

  /** One row per column, with the fields of {@link #SCHEMA}. */
  public List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (ColumnComparison c : columns) {
      DivergenceEstimate e = c.estimate();
      Significance s = c.significance();
      rows.add(RowFactory.create(c.column(), c.referenceColumn(), c.type(), c.countP(), c.countQ(), c.nullsP(),
          c.nullsQ(), e.distinctP(), e.distinctQ(), e.distinctUnion(), e.entropyP(), e.entropyQ(), e.crossEntropy(),
          e.kl(), e.klReverse(), e.js(), e.psi(), c.supportMismatch(), c.supportMismatchReverse(),
          seq(c.onlyInP()), seq(c.onlyInQ()), c.smoothing(), e.unit(), c.binning(),
          e.reason(), e.hellinger(), s == null ? null : s.nP(), s == null ? null : s.nQ(),
          s == null ? null : s.gStatistic(), s == null ? null : s.df(), s == null ? null : s.pValue(),
          s == null ? null : s.jsNull(), s == null ? null : s.klNull(), s == null ? null : s.psiNull()));
    }
    return rows;
  }

  public Dataset<Row> toDataFrame(SparkSession spark) {
    return spark.createDataFrame(rows(), SCHEMA);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    int w = "column".length();
    for (ColumnComparison c : columns) {
      w = Math.max(w, TextWidth.of(TextWidth.cut(label(c), 40)));
    }
    String head = "%s %9s %9s %8s %8s %8s %8s %8s %8s %8s %9s %9s %8s%n";
    sb.append(String.format(Locale.ROOT, head, TextWidth.padRight("column", w), "count p", "count q", "H(p)", "H(q)",
        "H(p,q)", "KL(p|q)", "KL(q|p)", "JS", "PSI", "Hellinger", "p-value", "JS null"));
    List<String> notes = new ArrayList<>();
    for (ColumnComparison c : columns) {
      DivergenceEstimate e = c.estimate();
      Significance s = c.significance();
      String name = TextWidth.padRight(TextWidth.cut(label(c), 40), w);
      sb.append(String.format(Locale.ROOT, head, name, num(c.countP()), num(c.countQ()), fmt(e.entropyP()),
          fmt(e.entropyQ()), fmt(e.crossEntropy()), fmt(e.kl()), fmt(e.klReverse()), fmt(e.js()), fmt(e.psi()),
          fmt(e.hellinger()), s == null || s.pValue() == null ? "-" : String.format(Locale.ROOT, "%.3g", s.pValue()),
          s == null ? "-" : fmt(s.jsNull())));
      if (c.supportMismatch() > 0) {
        notes.add(c.column() + ": " + c.supportMismatch() + " value(s) only in p, e.g. " + String.join(", ", c.onlyInP()));
      }
      if (c.supportMismatchReverse() > 0) {
        notes.add(c.column() + ": " + c.supportMismatchReverse() + " value(s) only in q, e.g. "
            + String.join(", ", c.onlyInQ()));
      }
      if (e.reason() != null) {
        notes.add(c.column() + ": " + e.reason());
      }
      if (!c.contributors().isEmpty() && e.js() != null && e.js() > 0) {
        List<String> top = new ArrayList<>();
        for (Contributor x : c.contributors().subList(0, Math.min(3, c.contributors().size()))) {
          top.add(String.format(Locale.ROOT, "%s %s%% of JS", x.value(),
              x.jsShare() == null ? "-" : String.format(Locale.ROOT, "%.0f", 100 * x.jsShare())));
        }
        notes.add(c.column() + ": most of the difference from " + String.join(", ", top));
      }
    }
    for (String n : notes) {
      sb.append(n).append('\n');
    }
    sb.append("unit: ").append(unit()).append("; p = data under test, q = reference; nulls: ")
        .append(nulls.name().toLowerCase(Locale.ROOT)).append("; smoothing: ")
        .append(smoothing == 0 ? "none" : String.format(Locale.ROOT, "%s per value on both sides", smoothing))
        .append("; p-value: two-sample G-test; JS null: the JS of two samples of one distribution (noise floor)");
    return sb.toString();
  }

  private static String label(ColumnComparison c) {
    return c.column().equals(c.referenceColumn()) ? c.column() : c.column() + " vs " + c.referenceColumn();
  }

  private static String num(double x) {
    return x == Math.rint(x) && Math.abs(x) < 1e15 ? String.valueOf((long) x) : String.format(Locale.ROOT, "%.3f", x);
  }

  private static String fmt(Double x) {
    if (x == null) {
      return "-";
    }
    return x.isInfinite() ? "Infinity" : String.format(Locale.ROOT, "%.4f", x);
  }
}
