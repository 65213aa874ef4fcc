package io.infospark.report;

import io.infospark.measure.AnomalyCheck;
import io.infospark.measure.AnomalyTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTML report of an anomaly check: the verdict, then each metric's history with the band each
 * run was judged against and the anomalies marked (one chart per column, metric and rule), then the
 * table of the checked run.
 */
public final class AnomalyReport {
  private AnomalyReport() {}

  public static String html(AnomalyTable t, Map<String, String> facts) {
    Html page = new Html("Anomalies of run " + t.checkedRun() + " against its history", facts);
    List<AnomalyCheck.Finding> anomalies = t.anomalies();
    page.status(anomalies.isEmpty() ? "No metric outside its band."
        : anomalies.size() + " metric" + (anomalies.size() == 1 ? "" : "s") + " outside the band: "
            + String.join("; ", anomalies.stream().map(AnomalyCheck.Finding::describe).toList()), !anomalies.isEmpty());
    page.note("Each run is checked against the runs before it; the shaded bar is the band of usual values for that "
        + "run, a large red point a value outside it. Entropies and divergences in " + t.unit()
        + "; distinct values a count; null share and coverage fractions.");
    Map<String, List<AnomalyCheck.Finding>> series = new LinkedHashMap<>();
    for (AnomalyCheck.Finding f : t.trail()) {
      series.computeIfAbsent(f.column() + "\u0000" + f.metric() + "\u0000" + f.rule(), k -> new ArrayList<>()).add(f);
    }
    String heading = null;
    for (List<AnomalyCheck.Finding> s : series.values()) {
      AnomalyCheck.Finding first = s.get(0);
      String h = "Column " + first.column() + ": " + first.metric();
      if (!h.equals(heading)) {
        page.heading(h);
        heading = h;
      }
      int n = s.size();
      List<String> runs = new ArrayList<>();
      double[] ys = new double[n];
      Double[] lower = new Double[n];
      Double[] upper = new Double[n];
      boolean[] anomaly = new boolean[n];
      for (int i = 0; i < n; i++) {
        AnomalyCheck.Finding f = s.get(i);
        runs.add(f.runId());
        ys[i] = f.value();
        lower[i] = f.lower();
        upper[i] = f.upper();
        anomaly[i] = f.anomaly();
      }
      page.subheading(first.rule()).chart(Chart.history(first.metric(), runs, ys, lower, upper, anomaly));
    }
    List<List<String>> table = new ArrayList<>();
    for (AnomalyCheck.Finding f : t.items()) {
      table.add(List.of(f.column(), f.metric(), Chart.number(f.value()), f.lower() == null ? "" : Chart.number(f.lower()),
          f.upper() == null ? "" : Chart.number(f.upper()), f.reason() != null ? "not checked" : f.anomaly() ? "ANOMALY"
              : "no", String.valueOf(f.history().length), f.rule(), f.reason() == null ? "" : f.reason()));
    }
    page.heading("Run " + t.checkedRun())
        .table(List.of("column", "metric", "value", "lower", "upper", "anomaly", "earlier runs", "rule", "reason"), table);
    return page.render();
  }
}
