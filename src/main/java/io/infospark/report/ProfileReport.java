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
          text(e.stdError()), text(e.normalizedEntropy()), e.reason() == null ? "" : e.reason()));
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
    page.heading("Table (" + unit + ")")
        .table(List.of("column", "type", "count", "nulls", "distinct K", "entropy", "Miller–Madow", "Chao–Shen",
            "std. error", "H / ln K", "undefined because"), table);
    return page.render();
  }

  static String text(Double v) {
    return v == null ? "undefined" : Chart.number(v);
  }
}
