package io.infospark.measure;

import io.infospark.core.DivergenceEstimate;
import io.infospark.core.LogBase;
import io.infospark.core.TextWidth;
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
    List<String> out = new ArrayList<>();
    for (ColumnComparison c : columns) {
      DivergenceEstimate e = c.estimate();
      check(out, c, "kl", e.kl(), "max-kl", maxKl);
      check(out, c, "js", e.js(), "max-js", maxJs);
      check(out, c, "psi", e.psi(), "max-psi", maxPsi);
    }
    return out;
  }

  private void check(List<String> out, ColumnComparison c, String measure, Double value, String key, Double max) {
    if (max == null || value == null || !(value > max)) {
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
    out.add(String.format(Locale.ROOT, "column '%s': %s = %s %s exceeds %s %s%s", c.column(), measure,
        value.isInfinite() ? "Infinity" : String.format(Locale.ROOT, "%.6g", value), unit(), key,
        String.format(Locale.ROOT, "%s", max), why));
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
      rows.add(RowFactory.create(c.column(), c.referenceColumn(), c.type(), c.countP(), c.countQ(), c.nullsP(),
          c.nullsQ(), e.distinctP(), e.distinctQ(), e.distinctUnion(), e.entropyP(), e.entropyQ(), e.crossEntropy(),
          e.kl(), e.klReverse(), e.js(), e.psi(), c.supportMismatch(), c.supportMismatchReverse(),
          seq(c.onlyInP()), seq(c.onlyInQ()), c.smoothing(), e.unit(), c.binning(),
          e.reason()));
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
    String head = "%s %9s %9s %8s %8s %8s %8s %8s %8s %8s%n";
    sb.append(String.format(Locale.ROOT, head, TextWidth.padRight("column", w), "count p", "count q", "H(p)", "H(q)",
        "H(p,q)", "KL(p|q)", "KL(q|p)", "JS", "PSI"));
    List<String> notes = new ArrayList<>();
    for (ColumnComparison c : columns) {
      DivergenceEstimate e = c.estimate();
      String name = TextWidth.padRight(TextWidth.cut(label(c), 40), w);
      sb.append(String.format(Locale.ROOT, head, name, num(c.countP()), num(c.countQ()), fmt(e.entropyP()),
          fmt(e.entropyQ()), fmt(e.crossEntropy()), fmt(e.kl()), fmt(e.klReverse()), fmt(e.js()), fmt(e.psi())));
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
    }
    for (String n : notes) {
      sb.append(n).append('\n');
    }
    sb.append("unit: ").append(unit()).append("; p = data under test, q = reference; nulls: ")
        .append(nulls.name().toLowerCase(Locale.ROOT)).append("; smoothing: ")
        .append(smoothing == 0 ? "none" : String.format(Locale.ROOT, "%s per value on both sides", smoothing));
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
