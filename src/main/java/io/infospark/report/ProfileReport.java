package io.infospark.report;

import io.infospark.core.EntropyEstimate;
import io.infospark.measure.ColumnProfile;
import io.infospark.measure.EntropyProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The HTML report of an entropy profile: entropy, H/ln K and null share per column, and the table. */
public final class ProfileReport {
  private ProfileReport() {}

  /**
   * @param facts what the page header lists (job, input, run id, …), in order
   */
  public static String html(EntropyProfile profile, Map<String, String> facts) {
    String unit = profile.unit();
    Html page = new Html("Entropy profile", facts);
    List<Chart.Bar> entropy = new ArrayList<>();
    List<Chart.Bar> normalized = new ArrayList<>();
    List<Chart.Bar> nulls = new ArrayList<>();
    List<List<String>> table = new ArrayList<>();
    for (ColumnProfile c : profile.columns()) {
      EntropyEstimate e = c.estimate();
      entropy.add(new Chart.Bar(c.column(), java.util.Arrays.asList(e.entropy(), e.maxEntropy()),
          e.stdError() == null ? null : 2 * e.stdError(), e.reason()));
      String whyNormalized = e.normalizedEntropy() != null ? null
          : e.entropy() == null ? e.reason() : "one value seen: H / ln K is 0/0";
      normalized.add(Chart.Bar.of(c.column(), e.normalizedEntropy(), whyNormalized));
      nulls.add(Chart.Bar.of(c.column(), c.rows() > 0 ? c.nulls() / c.rows() : null,
          "no rows"));
      table.add(List.of(c.column(), c.type(), Chart.number(e.total()), Chart.number(c.nulls()),
          String.valueOf(e.distinct()), text(e.entropy()), text(e.millerMadow()), text(e.chaoShen()),
          text(e.stdError()), text(e.normalizedEntropy()), text(e.grassberger()), text(e.jamesStein()),
          e.nsb() == null ? "undefined" : Chart.number(e.nsb()) + " ± " + Chart.number(e.nsbSd()),
          e.coverage() == null ? "undefined" : Chart.number(e.coverage()) + (e.undersampled() ? " (undersampled)" : ""),
          e.alphabet() == null ? "" : String.valueOf(e.alphabet()), e.reason() == null ? "" : e.reason()));
    }
    page.heading("Entropy per column (" + unit + ")")
        .note("Plug-in entropy H with ±2 standard errors, next to ln K, the entropy of the uniform "
            + "distribution on the K values seen (the most H can be). Unit: " + unit + ".")
        .chart(Chart.bars("entropy (" + unit + ")", List.of("H (plug-in)", "ln K (uniform on the values seen)"),
            entropy, List.of()));
    page.heading("Normalised entropy H / ln K")
        .note("0: one value dominates; 1: every value seen equally often. Unit-free.")
        .chart(Chart.bars("H / ln K (unit-free)", List.of("H / ln K"), normalized, List.of()));
    page.heading("Null share")
        .note("Null values / rows. Nulls are not counted in the entropy unless the profile counts "
            + "them as a value (nulls = category).")
        .chart(Chart.bars("nulls / rows", List.of("null share"), nulls, List.of()));
    estimators(page, profile);
    page.heading("Table (" + unit + ")")
        .table(List.of("column", "type", "count", "nulls", "distinct K", "entropy", "Miller–Madow", "Chao–Shen",
            "std. error", "H / ln K", "Grassberger", "James–Stein", "NSB ± sd", "coverage", "alphabet A",
            "undefined because"), table);
    return page.render();
  }

  /**
   * Each column's estimates side by side: the plug-in value with ±2 standard errors, the
   * bias-corrected and small-sample estimators, and NSB with ±2 posterior standard deviations;
   * undersampled columns first, at most {@link #ESTIMATOR_CHARTS}.
   */
  private static void estimators(Html page, EntropyProfile profile) {
    List<ColumnProfile> shown = new ArrayList<>();
    for (ColumnProfile c : profile.columns()) {
      if (Boolean.TRUE.equals(c.estimate().undersampled())) {
        shown.add(c);
      }
    }
    for (ColumnProfile c : profile.columns()) {
      if (!shown.contains(c) && c.estimate().coverage() != null) {
        shown.add(c);
      }
    }
    if (shown.isEmpty()) {
      return;
    }
    int more = Math.max(0, shown.size() - ESTIMATOR_CHARTS);
    page.heading("Estimates side by side (" + profile.unit() + ")")
        .note("The plug-in entropy is biased low when many values are seen once or twice (Good–Turing coverage "
            + "1 − f₁/N below 0.9: undersampled). Grassberger corrects the bias; James–Stein shrinks the "
            + "frequencies towards the uniform; NSB is the posterior mean of H given the counts and the alphabet "
            + "size A, drawn with ±2 posterior standard deviations (the plug-in with ±2 delta-method standard "
            + "errors, which do not see the bias). The line is ln A, the most H can be."
            + (more > 0 ? " Undersampled columns first; " + more + " more in the table." : ""));
    for (ColumnProfile c : shown.subList(0, Math.min(shown.size(), ESTIMATOR_CHARTS))) {
      EntropyEstimate e = c.estimate();
      page.subheading(c.column() + (Boolean.TRUE.equals(e.undersampled()) ? " — undersampled, coverage " : " — coverage ")
          + Chart.number(e.coverage()));
      List<Chart.Bar> rows = new ArrayList<>();
      rows.add(new Chart.Bar("plug-in ± 2 s.e.", java.util.Arrays.asList(e.entropy()),
          e.stdError() == null ? null : 2 * e.stdError(), e.reason()));
      rows.add(Chart.Bar.of("Miller–Madow", e.millerMadow(), e.reason()));
      rows.add(Chart.Bar.of("Chao–Shen", e.chaoShen(), e.reason()));
      rows.add(Chart.Bar.of("Grassberger", e.grassberger(), e.reason()));
      rows.add(Chart.Bar.of("James–Stein", e.jamesStein(), e.reason()));
      rows.add(new Chart.Bar("NSB ± 2 sd", java.util.Arrays.asList(e.nsb()),
          e.nsbSd() == null ? null : 2 * e.nsbSd(), e.reason()));
      List<Chart.Line> lines = e.alphabet() == null || e.alphabet() < 2 ? List.of()
          : List.of(new Chart.Line("ln A", profile.base().fromNats(Math.log(e.alphabet()))));
      page.chart(Chart.bars("entropy (" + profile.unit() + ")", List.of("estimate"), rows, lines));
    }
  }

  /** How many columns get a chart of their estimates. */
  static final int ESTIMATOR_CHARTS = 12;

  static String text(Double v) {
    return v == null ? "undefined" : Chart.number(v);
  }
}
