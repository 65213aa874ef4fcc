package io.infospark.measure;

import io.infospark.result.Fields;
import java.util.List;
import java.util.Locale;

/**
 * The findings of an anomaly check: one per column, metric and rule, for the run checked; and, for
 * a report, the same check of every earlier run against the runs before it (the {@link #trail}).
 */
public final class AnomalyTable extends io.infospark.result.ResultTable<AnomalyCheck.Finding> {
  private static final long serialVersionUID = 1L;

  /** One finding's fields: the history table's columns, the summary's {@code findings[]}, the text table. */
  public static final Fields<AnomalyCheck.Finding> FIELDS = Fields.<AnomalyCheck.Finding>builder()
      .text("column", AnomalyCheck.Finding::column).shown("column")
      .text("metric", AnomalyCheck.Finding::metric).shown("metric")
      .text("checked_run", AnomalyCheck.Finding::runId)
      .number("value", AnomalyCheck.Finding::value).shown("value")
      .number("lower", AnomalyCheck.Finding::lower).shown("lower")
      .number("upper", AnomalyCheck.Finding::upper).shown("upper")
      .flag("anomaly", f -> f.reason() == null ? f.anomaly() : null).shown("anomaly", f -> f.reason() != null
          ? "not checked" : f.anomaly() ? "ANOMALY" : "no")
      .whole("earlier_runs", f -> (long) f.history().length).shown("runs")
      .text("rule", AnomalyCheck.Finding::rule).shown("rule")
      .reason(AnomalyCheck.Finding::reason)
      .build();

  private final String unit;
  private final String checkedRun;
  private final List<AnomalyCheck.Finding> trail;

  /**
   * @param unit the unit of the history's information measures (null: unknown)
   * @param findings the checked run's findings
   * @param trail the findings of every run of the history against the runs before it (for plots)
   */
  public AnomalyTable(String unit, List<AnomalyCheck.Finding> findings, List<AnomalyCheck.Finding> trail) {
    super("findings", findings);
    this.unit = unit == null ? "unknown" : unit;
    this.checkedRun = findings.isEmpty() ? null : findings.get(0).runId();
    this.trail = List.copyOf(trail);
  }

  @Override
  public Fields<AnomalyCheck.Finding> fields() {
    return FIELDS;
  }

  /** The unit of the entropies and divergences checked (distinct counts and shares have none). */
  @Override
  public String unit() {
    return unit;
  }

  /** The run checked. */
  public String checkedRun() {
    return checkedRun;
  }

  /** The findings outside their band. */
  public List<AnomalyCheck.Finding> anomalies() {
    return items().stream().filter(AnomalyCheck.Finding::anomaly).toList();
  }

  /** Every run of the history checked against the runs before it, oldest first. */
  public List<AnomalyCheck.Finding> trail() {
    return trail;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(FIELDS.table(items(), Fields.MAIN));
    long n = anomalies().size();
    sb.append(String.format(Locale.ROOT, "run %s: %d anomal%s in %d checks; unit of entropies and divergences: %s",
        checkedRun, n, n == 1 ? "y" : "ies", items().size(), unit));
    return sb.toString();
  }
}
