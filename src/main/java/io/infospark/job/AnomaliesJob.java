package io.infospark.job;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infospark.core.AnomalyRule;
import io.infospark.core.BadInputException;
import io.infospark.measure.AnomalyCheck;
import io.infospark.measure.AnomalyTable;
import io.infospark.report.AnomalyReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code anomalies}: the last run (or {@code check-run}) of a history table — the {@code output}
 * of earlier profile or compare runs — against the runs before it, by the {@code rules}. Prints the
 * findings, appends them to its own {@code output}, writes the summary and the report (each metric's
 * history with its bands, the anomalies marked), and fails with exit code 3 and one line naming the
 * column, metric, value and band when a metric lies outside its band. A history too short for a
 * rule is a reason in the findings, not a failure.
 */
public final class AnomaliesJob extends ResultJob<AnomalyTable> {

  @Override
  public String name() {
    return "anomalies";
  }

  @Override
  public String description() {
    return "check the last run of a profile or compare history against the runs before it (rolling mean ± k sd, "
        + "standard errors, rate of change); exit 3 on an anomaly";
  }

  @Override
  public List<JobConfig.Key<?>> keys() {
    return List.of(JobConfig.HISTORY, JobConfig.HISTORY_FORMAT, JobConfig.CHECK_RUN, JobConfig.RULES,
        JobConfig.LOOKBACK, JobConfig.K, JobConfig.MAX_CHANGE, JobConfig.OUTPUT, JobConfig.OUTPUT_FORMAT);
  }

  /** The rules of the {@code rules}, {@code lookback}, {@code k} and {@code max-change} keys. */
  static List<AnomalyRule> rules(JobConfig c) {
    List<AnomalyRule> rules = new ArrayList<>();
    for (String r : c.get(JobConfig.RULES)) {
      switch (r) {
        case "rolling" -> rules.add(AnomalyRule.rollingBand(c.get(JobConfig.LOOKBACK), c.get(JobConfig.K)));
        case "standard-error" -> rules.add(AnomalyRule.standardError(c.get(JobConfig.LOOKBACK), c.get(JobConfig.K)));
        default -> rules.add(AnomalyRule.rateOfChange(c.get(JobConfig.MAX_CHANGE)));
      }
    }
    return rules;
  }

  /**
   * Run {@code runId} (null: the last) of the history table in {@code folder} against the runs
   * before it, with every earlier run checked likewise for the report's plots.
   */
  static AnomalyTable check(JobContext context, String folder, String format, String runId) {
    List<AnomalyRule> rules = rules(context.config());
    AnomalyCheck.History h = AnomalyCheck.History.of(AnomalyCheck.read(context.spark(), folder, format));
    if (runId != null && !h.runIds().contains(runId)) {
      throw new BadInputException("check-run: run '" + runId + "' is not in the history " + folder + "; expected one of "
          + "its " + h.runIds().size() + " runs (" + h.runIds().get(0) + " … " + h.runIds().get(h.runIds().size() - 1)
          + ")");
    }
    List<AnomalyCheck.Finding> findings = h.check(runId, rules);
    String checked = runId == null ? h.runIds().get(h.runIds().size() - 1) : runId;
    List<AnomalyCheck.Finding> trail = new ArrayList<>();
    for (String run : h.runIds()) {
      trail.addAll(run.equals(checked) ? findings : h.check(run, rules));
      if (run.equals(checked)) {
        break;
      }
    }
    return new AnomalyTable(h.unit(), findings, trail);
  }

  /** Exit 3 naming the first anomaly (column, metric, value, band, rule) and how many more there are. */
  static void failOnAnomalies(AnomalyTable t) {
    List<AnomalyCheck.Finding> a = t.anomalies();
    if (!a.isEmpty()) {
      throw new ThresholdExceededException("anomaly: " + a.get(0).describe()
          + (a.size() > 1 ? " (and " + (a.size() - 1) + " more; see the summary)" : ""));
    }
  }

  /** The summary fields of a check: the run, the rules, how many anomalies and which, then the findings. */
  static void summarizeCheck(AnomalyTable t, ObjectNode node) {
    node.put("checked_run", t.checkedRun());
    node.put("unit", t.unit());
    node.put("anomalies", t.anomalies().size());
    ArrayNode lines = node.putArray("anomalous");
    t.anomalies().forEach(f -> lines.add(f.describe()));
    items(t, node.putArray(t.itemsName()));
  }

  @Override
  protected AnomalyTable compute(JobContext context) {
    JobConfig c = context.config();
    if (c.get(JobConfig.HISTORY) == null) {
      throw new BadInputException("history: missing; give --history FOLDER, the output folder of earlier profile or "
          + "compare runs");
    }
    rules(c); // checked before the work
    return check(context, c.get(JobConfig.HISTORY), c.get(JobConfig.HISTORY_FORMAT), c.get(JobConfig.CHECK_RUN));
  }

  @Override
  protected String inputName(JobContext context) {
    return context.config().get(JobConfig.HISTORY);
  }

  @Override
  protected void summarize(AnomalyTable result, ObjectNode summary, JobContext context) {
    summarizeCheck(result, summary);
  }

  @Override
  protected String report(AnomalyTable result, Map<String, String> facts, JobContext context) {
    return AnomalyReport.html(result, facts);
  }

  @Override
  protected void verdict(AnomalyTable result, JobContext context) {
    failOnAnomalies(result);
  }
}
