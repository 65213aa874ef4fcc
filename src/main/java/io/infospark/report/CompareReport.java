package io.infospark.report;

import io.infospark.core.DivergenceEstimate;
import io.infospark.core.Significance;
import io.infospark.measure.ColumnComparison;
import io.infospark.measure.Comparison;
import io.infospark.measure.Contributor;
import io.infospark.measure.Thresholds;
import io.infospark.measure.ValueShare;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The HTML report of a comparison (drift check): each column's KL(p‖q), JS and PSI drawn against
 * its noise floor (what two samples of one distribution of these sizes give) and its threshold,
 * with the G-test's p-value; the Hellinger distance; and for the worst columns p vs q in value
 * order (every bin of a binned column) with the values that drive the divergence.
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
    return html(c, Thresholds.of(maxKl, maxJs, maxPsi), facts);
  }

  /**
   * @param t the thresholds and the significance level (alpha) checked
   * @param facts what the page header lists (job, inputs, run id, …), in order
   */
  public static String html(Comparison c, Thresholds t, Map<String, String> facts) {
    String unit = c.unit();
    Html page = new Html("Distribution comparison: p (input) vs q (reference)", facts);
    List<String> exceeded = c.exceeded(t);
    List<String> noise = c.notSignificant(t);
    if (!t.any()) {
      page.note("No thresholds given (max-kl, max-js, max-psi, max-hellinger): nothing checked.");
    } else if (exceeded.isEmpty()) {
      page.status("No threshold exceeded" + (t.alpha() == null ? "." : " with significance at alpha "
          + Chart.number(t.alpha()) + "."), false);
    } else {
      page.status(exceeded.size() + " threshold" + (exceeded.size() == 1 ? "" : "s") + " exceeded:", true);
      page.table(List.of("exceeded"), exceeded.stream().map(List::of).toList());
    }
    if (!noise.isEmpty()) {
      page.note("Above a threshold but within sampling noise (the G-test does not reject at alpha "
          + Chart.number(t.alpha()) + "):");
      page.table(List.of("not significant"), noise.stream().map(List::of).toList());
    }
    page.heading("Divergence against its noise floor")
        .note("Each column's divergence next to its noise floor: the value two samples of these sizes from one "
            + "and the same distribution give on average, (K − 1)(1/n_p + 1/n_q) × 1/8 (JS), 1/2 (KL) or 1 (PSI) "
            + "nats. A divergence near its floor is sampling noise; well above it, with a small p-value of the "
            + "two-sample G-test, the distributions differ. Infinite values (a value one side never has) are "
            + "marked ∞ beside the scale, with the values that cause them.");
    measure(page, c, "KL(p‖q) = Σ p ln(p/q)", "KL(p‖q) (" + unit + ")", "max-kl", t.maxKl(), DivergenceEstimate::kl,
        Significance::klNull, "infinite when q has no mass on a value p has (support mismatch)");
    measure(page, c, "Jensen–Shannon divergence", "JS (" + unit + ")", "max-js", t.maxJs(), DivergenceEstimate::js,
        Significance::jsNull, "symmetric and finite: at most ln 2 (1 bit)");
    measure(page, c, "Population stability index", "PSI (" + unit + ")", "max-psi", t.maxPsi(),
        DivergenceEstimate::psi, Significance::psiNull,
        "KL(p‖q) + KL(q‖p); infinite when either side has a value the other lacks");
    measure(page, c, "Hellinger distance", "Hellinger (unit-free)", "max-hellinger", t.maxHellinger(),
        DivergenceEstimate::hellinger, null, "sqrt(1 − Σ √(p q)): from 0 (same) to 1 (disjoint), finite always");
    significanceTable(page, c);

    List<ColumnComparison> worst = new ArrayList<>(c.columns());
    worst.sort(Comparator.comparingDouble((ColumnComparison col) -> severity(col, t)).reversed());
    page.heading("p vs q: the worst columns");
    page.note("Binned columns: every bin in value order. Other columns: the " + ColumnComparison.TOP_VALUES
        + " values with the largest share on either side (kept while comparing: never every distinct value), "
        + "in value order for numbers, and \"(other values)\", the rest. Shares of each side's values. Columns "
        + "ranked by how far over a threshold they are, then by JS over its noise floor. Below each chart, the "
        + "values that make most of the divergence, with their shares of KL(p‖q) and JS.");
    int shown = 0;
    for (ColumnComparison col : worst) {
      if (shown == WORST) {
        break;
      }
      shown++;
      page.subheading(label(col) + pValue(col));
      if (col.estimate().reason() != null) {
        page.note("undefined: " + col.estimate().reason());
        continue;
      }
      page.chart(Chart.bars("share of the side's values", List.of("p (input)", "q (reference)"), shares(col),
          List.of()));
      if (col.supportMismatch() > 0) {
        page.note(col.supportMismatch() + " value(s) only in p, e.g. " + String.join(", ", col.onlyInP()));
      }
      if (col.supportMismatchReverse() > 0) {
        page.note(col.supportMismatchReverse() + " value(s) only in q, e.g. " + String.join(", ", col.onlyInQ()));
      }
      contributors(page, col, unit);
    }
    List<List<String>> table = new ArrayList<>();
    for (ColumnComparison col : c.columns()) {
      DivergenceEstimate e = col.estimate();
      table.add(List.of(label(col), Chart.number(col.countP()), Chart.number(col.countQ()), text(e.entropyP()),
          text(e.entropyQ()), text(e.crossEntropy()), text(e.kl()), text(e.klReverse()), text(e.js()), text(e.psi()),
          text(e.hellinger()), e.reason() == null ? "" : e.reason()));
    }
    page.heading("Table (" + unit + ")")
        .table(List.of("column", "count p", "count q", "H(p)", "H(q)", "H(p,q)", "KL(p‖q)", "KL(q‖p)", "JS", "PSI",
            "Hellinger", "undefined because"), table);
    return page.render();
  }

  private static void measure(Html page, Comparison c, String title, String axis, String key, Double max,
      Function<DivergenceEstimate, Double> value, Function<Significance, Double> floor, String about) {
    List<Chart.Bar> bars = new ArrayList<>();
    for (ColumnComparison col : c.columns()) {
      Double v = value.apply(col.estimate());
      Significance s = col.significance();
      Double f = floor == null || s == null ? null : floor.apply(s);
      String why = v != null && v.isInfinite() ? mismatch(col) : col.estimate().reason();
      bars.add(floor == null || s == null ? Chart.Bar.of(label(col) + pValue(col), v, why)
          : new Chart.Bar(label(col) + pValue(col), Arrays.asList(v, f), null, why));
    }
    List<String> series = floor == null ? List.of(key.substring(4)) : List.of(key.substring(4), "noise floor");
    page.subheading(title).note(about + (max == null ? "; no " + key + " threshold." : "; threshold " + key + " = "
        + Chart.number(max) + (key.equals("max-hellinger") ? "" : " " + c.unit()) + "."));
    page.chart(Chart.bars(axis, series, bars,
        max == null ? List.of() : List.of(new Chart.Line(key + " " + Chart.number(max), max))));
  }

  private static void significanceTable(Html page, Comparison c) {
    List<List<String>> rows = new ArrayList<>();
    for (ColumnComparison col : c.columns()) {
      Significance s = col.significance();
      DivergenceEstimate e = col.estimate();
      if (s == null) {
        continue;
      }
      rows.add(List.of(label(col), Chart.number(s.nP()), Chart.number(s.nQ()), text(s.gStatistic()),
          s.df() == null ? "undefined" : String.valueOf(s.df()), text(s.pValue()), text(e.js()), text(s.jsNull()),
          overFloor(e.js(), s.jsNull()), text(e.hellinger())));
    }
    if (!rows.isEmpty()) {
      page.subheading("Two-sample G-test (" + c.unit() + "; G in nats)")
          .table(List.of("column", "n_p", "n_q", "G", "df", "p-value", "JS", "JS noise floor", "JS / floor",
              "Hellinger"), rows);
    }
  }

  /** p vs q bars: every bin in value order, or the top values (in value order for numbers) and the rest. */
  private static List<Chart.Bar> shares(ColumnComparison col) {
    List<Chart.Bar> bars = new ArrayList<>();
    if (!col.histogram().isEmpty()) {
      for (ValueShare v : col.histogram()) {
        bars.add(new Chart.Bar(v.value(), Arrays.asList(v.p(), v.q()), null, null));
      }
      return bars;
    }
    List<ValueShare> top = new ArrayList<>(col.topValues());
    if (top.stream().allMatch(v -> number(v.value()) != null)) {
      top.sort(Comparator.comparing((ValueShare v) -> number(v.value())));
    }
    double restP = 1;
    double restQ = 1;
    for (ValueShare v : top) {
      bars.add(new Chart.Bar(v.value(), Arrays.asList(v.p(), v.q()), null, null));
      restP -= v.p();
      restQ -= v.q();
    }
    if (!top.isEmpty() && (restP > 1e-9 || restQ > 1e-9)) {
      bars.add(new Chart.Bar("(other values)", Arrays.asList(Math.max(0, restP), Math.max(0, restQ)), null, null));
    }
    return bars;
  }

  private static Double number(String value) {
    try {
      return value == null ? null : Double.valueOf(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static void contributors(Html page, ColumnComparison col, String unit) {
    if (col.contributors().isEmpty()) {
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (Contributor x : col.contributors()) {
      rows.add(List.of(x.value(), Chart.number(x.p()), Chart.number(x.q()), Chart.number(x.klTerm()),
          percent(x.klShare()), Chart.number(x.jsTerm()), percent(x.jsShare())));
    }
    page.table(List.of("value", "share of p", "share of q", "KL term (" + unit + ")", "share of KL",
        "JS term (" + unit + ")", "share of JS"), rows);
  }

  private static String percent(Double share) {
    return share == null ? "–" : Chart.number(100 * share) + " %";
  }

  private static String pValue(ColumnComparison col) {
    Significance s = col.significance();
    return s == null || s.pValue() == null ? "" : " (p = " + Chart.number(s.pValue()) + ")";
  }

  private static String overFloor(Double v, Double floor) {
    if (v == null || floor == null) {
      return "undefined";
    }
    return floor == 0 ? (v == 0 ? "0" : "∞") : Chart.number(v / floor);
  }

  /** Why a measure is infinite, for the ∞ marker's label. */
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

  /**
   * How bad a column is: the largest value/threshold ratio of an exceeded threshold (∞ first), else
   * JS over its noise floor (scaled below 1), else JS; undefined last.
   */
  static double severity(ColumnComparison col, Thresholds t) {
    DivergenceEstimate e = col.estimate();
    if (e.js() == null) {
      return -1;
    }
    Significance s = col.significance();
    boolean significant = t.alpha() == null || s != null && s.rejects(t.alpha());
    double worst = 0;
    if (significant) {
      worst = Math.max(worst, ratio(e.kl(), t.maxKl()));
      worst = Math.max(worst, ratio(e.js(), t.maxJs()));
      worst = Math.max(worst, ratio(e.psi(), t.maxPsi()));
      worst = Math.max(worst, ratio(e.hellinger(), t.maxHellinger()));
    }
    if (worst > 1) {
      return 1 + worst;
    }
    if (s != null && s.jsNull() != null && s.jsNull() > 0) {
      double r = e.js() / s.jsNull();
      return r / (1 + r); // in [0, 1): ranks by JS over its noise floor
    }
    return Math.min(1, e.js()) * 0.5;
  }

  /** Kept for callers of the first round: thresholds without a significance level. */
  static double severity(ColumnComparison col, Double maxKl, Double maxJs, Double maxPsi) {
    return severity(col, Thresholds.of(maxKl, maxJs, maxPsi));
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
