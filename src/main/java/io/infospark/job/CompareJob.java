package io.infospark.job;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infospark.api.InfoSpark;
import io.infospark.measure.CompareOptions;
import io.infospark.measure.Comparison;
import io.infospark.measure.Thresholds;
import io.infospark.report.CompareReport;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code compare}: the distributions of the same columns of the input (p, the data under test) and
 * the reference (q): entropies, cross-entropy, KL both ways, Jensen–Shannon and PSI. Prints the
 * readable table, appends the per-column table to the history folder {@code output}, writes the
 * summary JSON, and then, when a column exceeds {@code max-kl}, {@code max-js}, {@code max-psi} or
 * {@code max-hellinger} (with {@code alpha}: and the two-sample G-test rejects at alpha), fails
 * with exit code 3 and one line naming the column, the measure and, with alpha, the p-value.
 */
public final class CompareJob extends ResultJob<Comparison> {

  @Override
  public String name() {
    return "compare";
  }

  @Override
  public String description() {
    return "compare column distributions of input (p) and reference (q): cross-entropy, KL, JS, PSI, Hellinger, "
        + "G-test and noise floors; exit 3 over a threshold";
  }

  @Override
  public List<JobConfig.Key<?>> keys() {
    List<JobConfig.Key<?>> keys = JobConfig.inputAnd(JobConfig.COLUMNS, JobConfig.BASE, JobConfig.NULLS,
        JobConfig.SMOOTHING, JobConfig.BINNING, JobConfig.BINS, JobConfig.BIN_COLUMNS, JobConfig.MAX_KL,
        JobConfig.MAX_JS, JobConfig.MAX_PSI, JobConfig.MAX_HELLINGER, JobConfig.ALPHA, JobConfig.OUTPUT,
        JobConfig.OUTPUT_FORMAT, JobConfig.CHECK_ANOMALIES, JobConfig.RULES, JobConfig.LOOKBACK, JobConfig.K,
        JobConfig.MAX_CHANGE);
    keys.addAll(JobConfig.INPUT_KEYS.size(), JobConfig.REFERENCE_KEYS);
    return keys;
  }

  private static Thresholds thresholds(JobConfig c) {
    return new Thresholds(c.get(JobConfig.MAX_KL), c.get(JobConfig.MAX_JS), c.get(JobConfig.MAX_PSI),
        c.get(JobConfig.MAX_HELLINGER), c.get(JobConfig.ALPHA));
  }

  @Override
  protected Comparison compute(JobContext context) {
    JobConfig c = context.config();
    thresholds(c); // checked before the work
    Dataset<Row> p = Inputs.readWithColumns(context.spark(), c, JobConfig.COLUMNS);
    Dataset<Row> q = Inputs.readReference(context.spark(), c);
    Inputs.requireColumns(q, c.get(JobConfig.COLUMNS), JobConfig.COLUMNS, Inputs.referenceName(c));
    return InfoSpark.compare(p, q, counting(CompareOptions.defaults(), c)
        .withSmoothing(c.get(JobConfig.SMOOTHING))
        .withBinnedColumns(c.get(JobConfig.BIN_COLUMNS)));
  }

  @Override
  protected void show(Comparison result, JobContext context) {
    super.show(result, context);
    if (context.config().get(JobConfig.SHOW)) {
      result.notSignificant(thresholds(context.config())).forEach(n -> context.out().println("not significant: " + n));
    }
  }

  @Override
  protected String report(Comparison result, Map<String, String> facts, JobContext context) {
    return CompareReport.html(result, thresholds(context.config()), facts);
  }

  @Override
  protected void summarize(Comparison result, ObjectNode summary, JobContext context) {
    JobConfig c = context.config();
    Thresholds thresholds = thresholds(c);
    summary.put("reference", SummaryWriter.redact(Inputs.referenceName(c)));
    summary.put("smoothing", result.smoothing());
    if (thresholds.alpha() == null) {
      summary.putNull("alpha");
    } else {
      summary.put("alpha", thresholds.alpha());
    }
    super.summarize(result, summary, context);
    ArrayNode over = summary.putArray("exceeded");
    result.exceeded(thresholds).forEach(over::add);
    ArrayNode quiet = summary.putArray("not_significant");
    result.notSignificant(thresholds).forEach(quiet::add);
  }

  @Override
  protected void verdict(Comparison result, JobContext context) {
    List<String> exceeded = result.exceeded(thresholds(context.config()));
    if (!exceeded.isEmpty()) {
      throw new ThresholdExceededException(exceeded.get(0)
          + (exceeded.size() > 1 ? " (and " + (exceeded.size() - 1) + " more; see the summary)" : ""));
    }
  }
}
