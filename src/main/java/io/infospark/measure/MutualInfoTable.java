package io.infospark.measure;

import io.infospark.core.LogBase;
import io.infospark.core.MutualInfoEstimate;
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
 * Mutual information of column pairs: one {@link PairInformation} per pair, all in one unit; with
 * a target, one pair per feature sorted by mutual information, largest first. Small, so it lives on
 * the driver.
 *
 * <pre>{@code
 * MutualInfoTable t = InfoSpark.mutualInformation(df, MutualInfoOptions.defaults().withTarget("churn"));
 * System.out.println(t);
 * }</pre>
 */
public final class MutualInfoTable implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The schema of {@link #toDataFrame}; the summary fields of the {@code mutual-info} job. */
  public static final StructType SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField("x", DataTypes.StringType, false),
      DataTypes.createStructField("y", DataTypes.StringType, false),
      DataTypes.createStructField("count", DataTypes.LongType, false),
      DataTypes.createStructField("rows_dropped", DataTypes.LongType, false),
      DataTypes.createStructField("distinct_x", DataTypes.LongType, false),
      DataTypes.createStructField("distinct_y", DataTypes.LongType, false),
      DataTypes.createStructField("distinct_xy", DataTypes.LongType, false),
      DataTypes.createStructField("entropy_x", DataTypes.DoubleType, true),
      DataTypes.createStructField("entropy_y", DataTypes.DoubleType, true),
      DataTypes.createStructField("mutual_information", DataTypes.DoubleType, true),
      DataTypes.createStructField("joint_entropy", DataTypes.DoubleType, true),
      DataTypes.createStructField("conditional_entropy_y_given_x", DataTypes.DoubleType, true),
      DataTypes.createStructField("conditional_entropy_x_given_y", DataTypes.DoubleType, true),
      DataTypes.createStructField("normalized_mi", DataTypes.DoubleType, true),
      DataTypes.createStructField("mi_miller_madow", DataTypes.DoubleType, true),
      DataTypes.createStructField("g_statistic", DataTypes.DoubleType, true),
      DataTypes.createStructField("df", DataTypes.LongType, true),
      DataTypes.createStructField("p_value", DataTypes.DoubleType, true),
      DataTypes.createStructField("unit", DataTypes.StringType, false),
      DataTypes.createStructField("reason", DataTypes.StringType, true),
      DataTypes.createStructField("mi_grassberger", DataTypes.DoubleType, true),
      DataTypes.createStructField("mi_james_stein", DataTypes.DoubleType, true),
      DataTypes.createStructField("coverage_xy", DataTypes.DoubleType, true),
      DataTypes.createStructField("undersampled", DataTypes.BooleanType, true),
  });

  private final LogBase base;
  private final String target;
  private final NullPolicy nulls;
  private final List<PairInformation> pairs;

  public MutualInfoTable(LogBase base, String target, NullPolicy nulls, List<PairInformation> pairs) {
    this.base = base;
    this.target = target;
    this.nulls = nulls;
    this.pairs = List.copyOf(pairs);
  }

  public LogBase base() {
    return base;
  }

  public String unit() {
    return base.unit();
  }

  /** The target column, or null when every pair of columns was measured. */
  public String target() {
    return target;
  }

  public NullPolicy nulls() {
    return nulls;
  }

  public List<PairInformation> pairs() {
    return pairs;
  }

  /** The pair (x, y) in either order. */
  public PairInformation pair(String x, String y) {
    for (PairInformation p : pairs) {
      if (p.x().equals(x) && p.y().equals(y) || p.x().equals(y) && p.y().equals(x)) {
        return p;
      }
    }
    throw new IllegalArgumentException("no pair ('" + x + "', '" + y + "') in this table");
  }

  public List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (PairInformation p : pairs) {
      MutualInfoEstimate e = p.estimate();
      rows.add(RowFactory.create(p.x(), p.y(), e.total(), p.rowsDropped(), e.distinctX(), e.distinctY(),
          e.distinctXY(), e.entropyX(), e.entropyY(), e.mutualInformation(), e.jointEntropy(),
          e.conditionalEntropyYGivenX(), e.conditionalEntropyXGivenY(), e.normalizedMi(), e.miMillerMadow(),
          e.gStatistic(), e.df(), e.pValue(), e.unit(), e.reason(), e.miGrassberger(), e.miJamesStein(),
          e.coverageXY(), e.undersampled()));
    }
    return rows;
  }

  public Dataset<Row> toDataFrame(SparkSession spark) {
    return spark.createDataFrame(rows(), SCHEMA);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    int wx = 1;
    int wy = 1;
    for (PairInformation p : pairs) {
      wx = Math.max(wx, TextWidth.of(cut(p.x())));
      wy = Math.max(wy, TextWidth.of(cut(p.y())));
    }
    String head = "%s  %s %8s %8s %8s %8s %8s %8s %8s %10s %6s %9s %8s %8s %8s%n";
    sb.append(String.format(Locale.ROOT, head, TextWidth.padRight("x", wx), TextWidth.padRight("y", wy), "count",
        "I(X;Y)", "NMI", "I(MM)", "H(X,Y)", "H(Y|X)", "H(X|Y)", "G", "df", "p-value", "I(G)", "I(JS)", "coverage"));
    List<String> notes = new ArrayList<>();
    for (PairInformation p : pairs) {
      MutualInfoEstimate e = p.estimate();
      sb.append(String.format(Locale.ROOT, head, TextWidth.padRight(cut(p.x()), wx), TextWidth.padRight(cut(p.y()), wy),
          e.total(), fmt(e.mutualInformation()),
          fmt(e.normalizedMi()), fmt(e.miMillerMadow()), fmt(e.jointEntropy()), fmt(e.conditionalEntropyYGivenX()),
          fmt(e.conditionalEntropyXGivenY()), e.gStatistic() == null ? "-" : String.format(Locale.ROOT, "%.3f",
              e.gStatistic()), e.df() == null ? "-" : e.df().toString(),
          e.pValue() == null ? "-" : String.format(Locale.ROOT, "%.3g", e.pValue()), fmt(e.miGrassberger()),
          fmt(e.miJamesStein()), e.coverageXY() == null ? "-" : String.format(Locale.ROOT, "%.3f%s", e.coverageXY(),
              e.undersampled() ? "*" : "")));
      if (e.reason() != null) {
        notes.add(p.x() + ", " + p.y() + ": " + e.reason());
      }
    }
    for (String n : notes) {
      sb.append(n).append('\n');
    }
    sb.append("unit: ").append(unit()).append(" (G in nats); NMI = 2I/(H(X)+H(Y)); I(MM) = Miller-Madow; I(G), I(JS) = "
        + "Grassberger, James-Stein entropies in H(X)+H(Y)-H(X,Y); coverage of the pairs (* below 0.9: undersampled); "
        + "nulls: ")
        .append(nulls == NullPolicy.DROP ? "drop (each pair over its complete cases)" : "category");
    return sb.toString();
  }

  private static String cut(String s) {
    return TextWidth.cut(s, 30);
  }

  private static String fmt(Double x) {
    return x == null ? "-" : String.format(Locale.ROOT, "%.4f", x);
  }
}
