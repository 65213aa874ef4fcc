package io.infospark.measure;

import io.infospark.core.LogBase;
import io.infospark.core.TextWidth;
import io.infospark.result.Fields;
import io.infospark.result.ResultTable;
import java.util.List;
import java.util.Locale;
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
public final class MutualInfoTable extends ResultTable<PairInformation> {
  private static final long serialVersionUID = 1L;

  /**
   * One pair's fields: the result table's columns ({@link #SCHEMA}), the summary's objects
   * ({@code pairs[]}, names fixed by DESIGN.md §3) and the text table's columns.
   */
  public static final Fields<PairInformation> FIELDS = Fields.<PairInformation>builder()
      .text("x", PairInformation::x).shown("x", p -> TextWidth.cut(p.x(), 30))
      .text("y", PairInformation::y).shown("y", p -> TextWidth.cut(p.y(), 30))
      .whole("count", p -> p.estimate().total()).shown("count")
      .whole("rows_dropped", PairInformation::rowsDropped)
      .whole("distinct_x", p -> p.estimate().distinctX())
      .whole("distinct_y", p -> p.estimate().distinctY())
      .whole("distinct_xy", p -> p.estimate().distinctXY())
      .number("entropy_x", p -> p.estimate().entropyX())
      .number("entropy_y", p -> p.estimate().entropyY())
      .number("mutual_information", p -> p.estimate().mutualInformation()).shown("I(X;Y)")
      .number("joint_entropy", p -> p.estimate().jointEntropy()).shown("H(X,Y)")
      .number("conditional_entropy_y_given_x", p -> p.estimate().conditionalEntropyYGivenX()).shown("H(Y|X)")
      .number("conditional_entropy_x_given_y", p -> p.estimate().conditionalEntropyXGivenY()).shown("H(X|Y)")
      .number("normalized_mi", p -> p.estimate().normalizedMi()).shown("NMI")
      .number("mi_miller_madow", p -> p.estimate().miMillerMadow()).shown("I(MM)")
      .number("g_statistic", p -> p.estimate().gStatistic()).shown("G", p -> p.estimate().gStatistic() == null ? "-"
          : String.format(Locale.ROOT, "%.3f", p.estimate().gStatistic()))
      .whole("df", p -> p.estimate().df()).orNull().shown("df")
      .number("p_value", p -> p.estimate().pValue()).shown("p-value", p -> p.estimate().pValue() == null ? "-"
          : String.format(Locale.ROOT, "%.3g", p.estimate().pValue()))
      .text("unit", p -> p.estimate().unit())
      .reason(p -> p.estimate().reason())
      .number("mi_grassberger", p -> p.estimate().miGrassberger()).shown("I(G)")
      .number("mi_james_stein", p -> p.estimate().miJamesStein()).shown("I(JS)")
      .number("coverage_xy", p -> p.estimate().coverageXY()).shown("coverage", p -> p.estimate().coverageXY() == null
          ? "-" : String.format(Locale.ROOT, "%.3f%s", p.estimate().coverageXY(), p.estimate().undersampled() ? "*" : " "))
      .flag("undersampled", p -> p.estimate().undersampled())
      .build();

  /** The schema of {@link #toDataFrame}; the summary fields of the {@code mutual-info} job. */
  public static final StructType SCHEMA = FIELDS.schema();

  private final LogBase base;
  private final String target;
  private final NullPolicy nulls;

  public MutualInfoTable(LogBase base, String target, NullPolicy nulls, List<PairInformation> pairs) {
    super("pairs", pairs);
    this.base = base;
    this.target = target;
    this.nulls = nulls;
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
    return items();
  }

  /** The pair (x, y) in either order. */
  public PairInformation pair(String x, String y) {
    for (PairInformation p : items()) {
      if (p.x().equals(x) && p.y().equals(y) || p.x().equals(y) && p.y().equals(x)) {
        return p;
      }
    }
    throw new IllegalArgumentException("no pair ('" + x + "', '" + y + "') in this table");
  }

  @Override
  public Fields<PairInformation> fields() {
    return FIELDS;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(FIELDS.table(items(), Fields.MAIN));
    for (PairInformation p : items()) {
      if (p.estimate().reason() != null) {
        sb.append(p.x()).append(", ").append(p.y()).append(": ").append(p.estimate().reason()).append('\n');
      }
    }
    sb.append("unit: ").append(unit()).append(" (G in nats); NMI = 2I/(H(X)+H(Y)); I(MM) = Miller-Madow; I(G), I(JS) = "
        + "Grassberger, James-Stein entropies in H(X)+H(Y)-H(X,Y); coverage of the pairs (* below 0.9: undersampled); "
        + "nulls: ")
        .append(nulls == NullPolicy.DROP ? "drop (each pair over its complete cases)" : "category");
    return sb.toString();
  }
}
