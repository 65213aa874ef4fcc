package io.infospark.report;

import io.infospark.core.DivergenceEstimate;
import io.infospark.measure.ColumnComparison;
import io.infospark.measure.Comparison;
import io.infospark.measure.ValueShare;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The HTML report of a comparison (drift check): KL(p‖q), JS and PSI per column against their
 * thresholds, and p vs q over the most frequent values of the worst columns.
 */
public final class CompareReport {
  /** Columns whose distributions are drawn side by side. */
  static final int WORST = 4;

  private CompareReport() {}

  /**
   * @param maxKl the {@code max-kl} threshold, or null when not checked (likewise the others)
   * @param facts what the page header lists (job, inputs, run id, …), in order
   */
  public static String html(Comparison c, Double maxKl, Double maxJs, Double maxPsi, Map<String, String> facts) {
    String unit = c.unit();
    Html page = new Html("Distribution comparison: p (input) vs q (reference)", facts);
    List<String> exceeded = c.exceeded(maxKl, maxJs, maxPsi);
    if (maxKl == null && maxJs == null && maxPsi == null) {
      page.note("No thresholds given (max-kl, max-js, max-psi): nothing checked.");
    } else if (exceeded.isEmpty()) {
      page.status("No threshold exceeded.", false);
    } else {
      page.status(exceeded.size() + " threshold" + (exceeded.size() == 1 ? "" : "s") + " exceeded:", true);
      page.table(List.of("exceeded"), exceeded.stream().map(List::of).toList());
    }
    measure(page, c, "KL(p‖q) = Σ p ln(p/q)", "KL(p‖q) (" + unit + ")", "max-kl", maxKl,
        DivergenceEstimate::kl, "infinite when q has no mass on a value p has (support mismatch)");
    measure(page, c, "Jensen–Shannon divergence", "JS (" + unit + ")", "max-js", maxJs, DivergenceEstimate::js,
        "symmetric and finite: at most ln 2 (1 bit)");
    measure(page, c, "Population stability index", "PSI (" + unit + ")", "max-psi", maxPsi, DivergenceEstimate::psi,
        "KL(p‖q) + KL(q‖p); infinite when either side has a value the other lacks");

    List<ColumnComparison> worst = new ArrayList<>(c.columns());
    worst.sort(Comparator.comparingDouble((ColumnComparison col) -> severity(col, maxKl, maxJs, maxPsi)).reversed());
    page.heading("p vs q: the worst columns");
    page.note("The " + ColumnComparison.TOP_VALUES + " values with the largest share on either side (kept while "
        + "comparing: never every distinct value), as shares of each side's values; \"(other values)\" is the "
        + "rest. Columns ranked by how far over a threshold they are, then by JS.");
    int shown = 0;
    for (ColumnComparison col : worst) {
      if (shown == WORST) {
        break;
      }
      shown++;
      page.subheading(label(col));
      if (col.estimate().reason() != null) {
        page.note("undefined: " + col.estimate().reason());
        continue;
      }
      List<Chart.Bar> bars = new ArrayList<>();
      double restP = 1;
      double restQ = 1;
      for (ValueShare v : col.topValues()) {
        bars.add(new Chart.Bar(v.value(), java.util.Arrays.asList(v.p(), v.q()), null, null));
        restP -= v.p();
        restQ -= v.q();
      }
      if (!col.topValues().isEmpty() && (restP > 1e-9 || restQ > 1e-9)) {
        bars.add(new Chart.Bar("(other values)", java.util.Arrays.asList(Math.max(0, restP), Math.max(0, restQ)),
            null, null));
      }
      page.chart(Chart.bars("share of the side's values", List.of("p (input)", "q (reference)"), bars, List.of()));
      if (col.supportMismatch() > 0) {
        page.note(col.supportMismatch() + " value(s) only in p, e.g. " + String.join(", ", col.onlyInP()));
      }
      if (col.supportMismatchReverse() > 0) {
        page.note(col.supportMismatchReverse() + " value(s) only in q, e.g. " + String.join(", ", col.onlyInQ()));
      }
    }
    List<List<String>> table = new ArrayList<>();
    for (ColumnComparison col : c.columns()) {
      DivergenceEstimate e = col.estimate();
      table.add(List.of(label(col), Chart.number(col.countP()), Chart.number(col.countQ()), text(e.entropyP()),
          text(e.entropyQ()), text(e.crossEntropy()), text(e.kl()), text(e.klReverse()), text(e.js()), text(e.psi()),
          e.reason() == null ? "" : e.reason()));
    }
    page.heading("Table (" + unit + ")")
        .table(List.of("column", "count p", "count q", "H(p)", "H(q)", "H(p,q)", "KL(p‖q)", "KL(q‖p)", "JS", "PSI",
            "undefined because"), table);
    return page.render();
  }

  private static void measure(Html page, Comparison c, String title, String axis, String key, Double max,
      Function<DivergenceEstimate, Double> value, String about) {
    List<Chart.Bar> bars = new ArrayList<>();
    for (ColumnComparison col : c.columns()) {
      Double v = value.apply(col.estimate());
      bars.add(Chart.Bar.of(label(col), v, v != null && v.isInfinite() ? mismatch(col) : col.estimate().reason()));
    }
    page.heading(title).note(about + (max == null ? "; no " + key + " threshold." : "; threshold " + key + " = "
        + Chart.number(max) + " " + c.unit() + "."));
    page.chart(Chart.bars(axis, List.of(key.substring(4)), bars,
        max == null ? List.of() : List.of(new Chart.Line(key + " " + Chart.number(max), max))));
  }

  /** Why a measure is infinite, for the ∞ marker's tooltip. */
  private static String mismatch(ColumnComparison col) {
    List<String> why = new ArrayList<>();
    if (col.supportMismatch() > 0) {
      why.add(col.supportMismatch() + " value(s) only in p: " + String.join(", ", col.onlyInP()));
    }
    if (col.supportMismatchReverse() > 0) {
      why.add(col.supportMismatchReverse() + " value(s) only in q: " + String.join(", ", col.onlyInQ()));
    }
    return String.join("; ", why);
  }

  /** How bad a column is: the largest value/threshold ratio (∞ first), else JS; undefined last. */
  static double severity(ColumnComparison col, Double maxKl, Double maxJs, Double maxPsi) {
    DivergenceEstimate e = col.estimate();
    if (e.js() == null) {
      return -1;
    }
    double worst = 0;
    worst = Math.max(worst, ratio(e.kl(), maxKl));
    worst = Math.max(worst, ratio(e.js(), maxJs));
    worst = Math.max(worst, ratio(e.psi(), maxPsi));
    return worst > 1 ? 1 + worst : Math.min(1, e.js()); // JS <= ln 2 < 1 in nats and bits... and ranks the rest
  }

  private static double ratio(Double v, Double max) {
    if (v == null || max == null) {
      return 0;
    }
    if (v.isInfinite()) {
      return Double.MAX_VALUE;
    }
    return max == 0 ? (v > 0 ? Double.MAX_VALUE : 0) : v / max;
  }

  private static String label(ColumnComparison c) {
    return c.column().equals(c.referenceColumn()) ? c.column() : c.column() + " vs " + c.referenceColumn();
  }

  private static String text(Double v) {
    return v == null ? "undefined" : Chart.number(v);
  }
}
