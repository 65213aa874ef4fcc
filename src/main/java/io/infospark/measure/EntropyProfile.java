package io.infospark.measure;

import io.infospark.core.EntropyEstimate;
import io.infospark.core.TextWidth;
import io.infospark.core.LogBase;
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
 * The entropy profile of a set of columns: one {@link ColumnProfile} per column, all in one unit.
 * Small (one entry per column), so it lives on the driver; {@link #toDataFrame} turns it into a
 * table and {@link #toString} into a readable one.
 *
 * <pre>{@code
 * EntropyProfile p = InfoSpark.profile(df, ProfileOptions.defaults().withBase(LogBase.TWO));
 * System.out.println(p);                       // a table
 * double h = p.column("city").estimate().entropy();
 * }</pre>
 */
public final class EntropyProfile implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The schema of {@link #toDataFrame}; these are also the result table's columns. */
  public static final StructType SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField("column", DataTypes.StringType, false),
      DataTypes.createStructField("type", DataTypes.StringType, false),
      DataTypes.createStructField("rows", DataTypes.DoubleType, false),
      DataTypes.createStructField("nulls", DataTypes.DoubleType, false),
      DataTypes.createStructField("count", DataTypes.DoubleType, false),
      DataTypes.createStructField("distinct", DataTypes.LongType, false),
      DataTypes.createStructField("entropy", DataTypes.DoubleType, true),
      DataTypes.createStructField("miller_madow", DataTypes.DoubleType, true),
      DataTypes.createStructField("chao_shen", DataTypes.DoubleType, true),
      DataTypes.createStructField("std_error", DataTypes.DoubleType, true),
      DataTypes.createStructField("max_entropy", DataTypes.DoubleType, true),
      DataTypes.createStructField("normalized_entropy", DataTypes.DoubleType, true),
      DataTypes.createStructField("coding_bound_bits", DataTypes.DoubleType, true),
      DataTypes.createStructField("unit", DataTypes.StringType, false),
      DataTypes.createStructField("binning", DataTypes.StringType, true),
      DataTypes.createStructField("reason", DataTypes.StringType, true),
      DataTypes.createStructField("grassberger", DataTypes.DoubleType, true),
      DataTypes.createStructField("james_stein", DataTypes.DoubleType, true),
      DataTypes.createStructField("nsb", DataTypes.DoubleType, true),
      DataTypes.createStructField("nsb_sd", DataTypes.DoubleType, true),
      DataTypes.createStructField("coverage", DataTypes.DoubleType, true),
      DataTypes.createStructField("undersampled", DataTypes.BooleanType, true),
      DataTypes.createStructField("alphabet", DataTypes.LongType, true),
  });

  private final LogBase base;
  private final List<ColumnProfile> columns;

  public EntropyProfile(LogBase base, List<ColumnProfile> columns) {
    this.base = base;
    this.columns = List.copyOf(columns);
  }

  public LogBase base() {
    return base;
  }

  /** {@code nats}, {@code bits} or {@code hartleys}. */
  public String unit() {
    return base.unit();
  }

  public List<ColumnProfile> columns() {
    return columns;
  }

  /** The profile of one column by name. */
  public ColumnProfile column(String name) {
    for (ColumnProfile c : columns) {
      if (c.column().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("no column '" + name + "' in this profile");
  }

  /** One row per column, with the fields of {@link #SCHEMA}. */
  public List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (ColumnProfile c : columns) {
      EntropyEstimate e = c.estimate();
      rows.add(RowFactory.create(c.column(), c.type(), c.rows(), c.nulls(), e.total(), e.distinct(),
          e.entropy(), e.millerMadow(), e.chaoShen(), e.stdError(), e.maxEntropy(),
          e.normalizedEntropy(), e.codingBoundBits(), e.unit(), c.binning(), e.reason(), e.grassberger(),
          e.jamesStein(), e.nsb(), e.nsbSd(), e.coverage(), e.undersampled(), e.alphabet()));
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
    for (ColumnProfile c : columns) {
      w = Math.max(w, TextWidth.of(TextWidth.cut(c.column(), 40)));
    }
    String head = "%s  %-9s %10s %8s %9s %9s %9s %9s %8s %6s%n";
    sb.append(String.format(Locale.ROOT, head, TextWidth.padRight("column", w), "type", "count", "nulls", "distinct",
        "entropy", "mm", "chao-shen", "std.err", "H/lnK"));
    boolean small = false;
    for (ColumnProfile c : columns) {
      EntropyEstimate e = c.estimate();
      String name = TextWidth.padRight(TextWidth.cut(c.column(), 40), w);
      sb.append(String.format(Locale.ROOT, head, name, abbreviate(c.type(), 9), num(e.total()),
          num(c.nulls()), e.distinct(), fmt(e.entropy()), fmt(e.millerMadow()), fmt(e.chaoShen()),
          fmt(e.stdError()), fmt(e.normalizedEntropy())));
      small |= e.coverage() != null;
    }
    sb.append("unit: ").append(unit()).append("; ")
        .append("mm = Miller-Madow; H/lnK = entropy relative to the uniform on the values seen");
    if (small) {
      String more = "%n%s  %8s %11s %11s %17s %10s";
      sb.append(String.format(Locale.ROOT, more, TextWidth.padRight("column", w), "coverage", "grassberger", "james-stein", "nsb ± sd",
          "alphabet"));
      for (ColumnProfile c : columns) {
        EntropyEstimate e = c.estimate();
        String cov = e.coverage() == null ? "-" : String.format(Locale.ROOT, "%.4f%s", e.coverage(),
            e.undersampled() ? "*" : " ");
        String nsb = e.nsb() == null ? "-" : String.format(Locale.ROOT, "%.4f ± %.4f", e.nsb(), e.nsbSd());
        sb.append(String.format(Locale.ROOT, more, TextWidth.padRight(TextWidth.cut(c.column(), 40), w), cov, fmt(e.grassberger()), fmt(e.jamesStein()), nsb,
            e.alphabet() == null ? "-" : e.alphabet().toString()));
      }
      sb.append(String.format(Locale.ROOT, "%n* undersampled: Good-Turing coverage 1 - f1/N below 0.9, the plug-in "
          + "entropy is biased low; nsb needs the alphabet size (known for booleans and bins, else declared)"));
    }
    return sb.toString();
  }

  private static String abbreviate(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }

  private static String num(double x) {
    return x == Math.rint(x) && Math.abs(x) < 1e15 ? String.valueOf((long) x) : String.format(Locale.ROOT, "%.3f", x);
  }

  private static String fmt(Double x) {
    return x == null ? "-" : String.format(Locale.ROOT, "%.4f", x);
  }
}
