package io.infospark.report;

import io.infospark.core.MutualInfoEstimate;
import io.infospark.measure.MutualInfoTable;
import io.infospark.measure.PairInformation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The HTML report of mutual information: I(X;Y) and normalised MI per pair, and the table. */
public final class MutualInfoReport {
  private MutualInfoReport() {}

  public static String html(MutualInfoTable t, Map<String, String> facts) {
    String unit = t.unit();
    Html page = new Html(t.target() == null ? "Mutual information of every pair" : "Mutual information with "
        + t.target(), facts);
    List<Chart.Bar> mi = new ArrayList<>();
    List<Chart.Bar> nmi = new ArrayList<>();
    List<List<String>> table = new ArrayList<>();
    for (PairInformation p : t.pairs()) {
      MutualInfoEstimate e = p.estimate();
      String label = t.target() == null ? p.x() + " ~ " + p.y() : p.x();
      mi.add(new Chart.Bar(label, java.util.Arrays.asList(e.mutualInformation(), e.miMillerMadow(), e.miGrassberger(),
          e.miJamesStein()), null, e.reason()));
      nmi.add(Chart.Bar.of(label, e.normalizedMi(), e.reason() != null ? e.reason() : "both columns constant"));
      table.add(List.of(p.x(), p.y(), String.valueOf(e.total()), text(e.mutualInformation()), text(e.normalizedMi()),
          text(e.jointEntropy()), text(e.conditionalEntropyYGivenX()), text(e.gStatistic()),
          e.df() == null ? "undefined" : String.valueOf(e.df()), text(e.pValue()), text(e.miGrassberger()),
          text(e.miJamesStein()), e.coverageXY() == null ? "undefined" : Chart.number(e.coverageXY())
              + (e.undersampled() ? " (undersampled)" : ""), e.reason() == null ? "" : e.reason()));
    }
    page.heading("Mutual information I(X;Y) (" + unit + ")")
        .note("How much knowing one column tells about the other; 0 for independent columns. "
            + "Plug-in estimate next to the Miller–Madow corrected one and to H(X) + H(Y) − H(X,Y) with the "
            + "Grassberger and the James–Stein entropies: the plug-in I is biased up when the pairs are "
            + "undersampled (coverage of the pairs below 0.9). Unit: " + unit + ".")
        .chart(Chart.bars("I(X;Y) (" + unit + ")", List.of("I (plug-in)", "I (Miller–Madow)", "I (Grassberger)",
            "I (James–Stein)"), mi, List.of()));
    page.heading("Normalised mutual information 2I / (H(X) + H(Y))")
        .chart(Chart.bars("normalised MI (unit-free)", List.of("NMI"), nmi, List.of()));
    page.heading("Table (" + unit + "; G in nats)")
        .table(List.of("x", "y", "rows", "I(X;Y)", "NMI", "H(X,Y)", "H(Y|X)", "G", "df", "p-value",
            "I (Grassberger)", "I (James–Stein)", "coverage of pairs", "undefined because"), table);
    return page.render();
  }

  private static String text(Double v) {
    return v == null ? "undefined" : Chart.number(v);
  }
}
