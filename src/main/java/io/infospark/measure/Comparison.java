package io.infospark.measure;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infospark.core.DivergenceEstimate;
import io.infospark.core.LogBase;
import io.infospark.core.TextWidth;
import io.infospark.result.Fields;
import io.infospark.result.ResultTable;
import io.infospark.result.SummaryJson;
import io.infospark.core.Significance;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
public final class Comparison extends ResultTable<ColumnComparison> {
  private static final long serialVersionUID = 1L;

  /**
   * One column's fields: the result table's columns ({@link #SCHEMA}), the summary's objects
   * ({@code columns[]}, names fixed by DESIGN.md §3 and §5.6) and the text table's columns.
   */
  public static final Fields<ColumnComparison> FIELDS = Fields.<ColumnComparison>builder()
      .text("column", ColumnComparison::column).shown("column", c -> TextWidth.cut(label(c), Fields.TEXT_CELLS))
      .text("reference_column", ColumnComparison::referenceColumn)
      .text("type", ColumnComparison::type)
      .count("count_p", ColumnComparison::countP).shown("count p")
      .count("count_q", ColumnComparison::countQ).shown("count q")
      .count("nulls_p", ColumnComparison::nullsP)
      .count("nulls_q", ColumnComparison::nullsQ)
      .whole("distinct_p", c -> c.estimate().distinctP())
      .whole("distinct_q", c -> c.estimate().distinctQ())
      .whole("distinct_union", c -> c.estimate().distinctUnion())
      .number("entropy_p", c -> c.estimate().entropyP()).shown("H(p)")
      .number("entropy_q", c -> c.estimate().entropyQ()).shown("H(q)")
      .number("cross_entropy", c -> c.estimate().crossEntropy()).shown("H(p,q)")
      .number("kl", c -> c.estimate().kl()).shown("KL(p|q)")
      .number("kl_reverse", c -> c.estimate().klReverse()).shown("KL(q|p)")
      .number("js", c -> c.estimate().js()).shown("JS")
      .number("psi", c -> c.estimate().psi()).shown("PSI")
      .whole("support_mismatch", ColumnComparison::supportMismatch)
      .whole("support_mismatch_reverse", ColumnComparison::supportMismatchReverse)
      .texts("examples", ColumnComparison::onlyInP)
      .texts("examples_reverse", ColumnComparison::onlyInQ)
      .number("smoothing", ColumnComparison::smoothing).notNull()
      .text("unit", c -> c.estimate().unit())
      .text("binning", ColumnComparison::binning).orNull().whenNull("none") // none: counted as categories
      .reason(c -> c.estimate().reason() != null ? c.estimate().reason()
          : c.significance() != null ? c.significance().reason() : null)
      .number("hellinger", c -> c.estimate().hellinger()).shown("Hellinger")
      .count("n_p", c -> c.significance() == null ? null : c.significance().nP()).orNull()
      .count("n_q", c -> c.significance() == null ? null : c.significance().nQ()).orNull()
      .number("g_statistic", c -> c.significance() == null ? null : c.significance().gStatistic())
      .whole("df", c -> c.significance() == null ? null : c.significance().df()).orNull()
      .number("p_value", c -> c.significance() == null ? null : c.significance().pValue())
          .shown("p-value", c -> c.significance() == null || c.significance().pValue() == null ? "-"
              : String.format(Locale.ROOT, "%.3g", c.significance().pValue()))
      .number("js_null", c -> c.significance() == null ? null : c.significance().jsNull()).shown("JS null")
      .number("kl_null", c -> c.significance() == null ? null : c.significance().klNull())
      .number("psi_null", c -> c.significance() == null ? null : c.significance().psiNull())
      .nested("contributors", Comparison::contributors)
      .nested("histogram", Comparison::histogram)
      .build();

  /** The schema of {@link #toDataFrame}; the summary fields of the {@code compare} job. */
  public static final StructType SCHEMA = FIELDS.schema();

  private final LogBase base;
  private final double smoothing;
  private final NullPolicy nulls;

  public Comparison(LogBase base, double smoothing, NullPolicy nulls, List<ColumnComparison> columns) {
    super("columns", columns);
    this.base = base;
    this.smoothing = smoothing;
    this.nulls = nulls;
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
    return items();
  }

  /** The comparison of one column by name (the column of p). */
  public ColumnComparison column(String name) {
    for (ColumnComparison c : items()) {
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
    for (ColumnComparison c : items()) {
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

  @Override
  public Fields<ColumnComparison> fields() {
    return FIELDS;
  }

  /** The values that make most of the divergence, with their terms of KL and JS and shares. */
  private static void contributors(ColumnComparison col, ObjectNode o, String name) {
    ArrayNode why = o.putArray(name);
    for (Contributor x : col.contributors()) {
      ObjectNode v = why.addObject();
      v.put("value", x.value());
      v.put("p", x.p());
      v.put("q", x.q());
      List<String> none = new ArrayList<>();
      SummaryJson.putNumber(v, "kl_term", x.klTerm(), none);
      SummaryJson.putNumber(v, "kl_share", x.klShare(), none);
      SummaryJson.putNumber(v, "js_term", x.jsTerm(), none);
      SummaryJson.putNumber(v, "js_share", x.jsShare(), none);
    }
  }

  /** Every bin's shares of p and q, when the column kept them. */
  private static void histogram(ColumnComparison col, ObjectNode o, String name) {
    if (!col.histogram().isEmpty()) {
      ArrayNode bins = o.putArray(name);
      for (ValueShare v : col.histogram()) {
        bins.addObject().put("value", v.value()).put("p", v.p()).put("q", v.q());
      }
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(FIELDS.table(items(), Fields.MAIN));
    List<String> notes = new ArrayList<>();
    for (ColumnComparison c : items()) {
      DivergenceEstimate e = c.estimate();
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
}
