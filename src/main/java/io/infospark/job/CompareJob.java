package io.infospark.job;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infospark.api.InfoSpark;
import io.infospark.engine.CountRequest;
import io.infospark.engine.CountResult;
import io.infospark.engine.CountState;
import io.infospark.engine.ValueCounter;
import io.infospark.measure.DistributionComparison;
import io.infospark.measure.CompareOptions;
import io.infospark.measure.Comparison;
import io.infospark.measure.Thresholds;
import io.infospark.report.CompareReport;
import java.util.ArrayList;
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
        JobConfig.OUTPUT_FORMAT);
    keys.addAll(JobConfig.INPUT_KEYS.size(), JobConfig.REFERENCE_KEYS);
    keys.addAll(JobConfig.STATE_KEYS);
    keys.addAll(JobConfig.REFERENCE_STATE_KEYS);
    keys.addAll(JobConfig.ANOMALY_CHECK_KEYS);
    return keys;
  }

  /** The thresholds of the max-* and alpha keys. */
  static Thresholds thresholds(JobConfig c) {
    return new Thresholds(c.get(JobConfig.MAX_KL), c.get(JobConfig.MAX_JS), c.get(JobConfig.MAX_PSI),
        c.get(JobConfig.MAX_HELLINGER), c.get(JobConfig.ALPHA));
  }

  @Override
  protected Comparison compute(JobContext context) {
    JobConfig c = context.config();
    thresholds(c); // checked before the work
    CompareOptions options = counting(CompareOptions.defaults(), c)
        .withSmoothing(c.get(JobConfig.SMOOTHING))
        .withBinnedColumns(c.get(JobConfig.BIN_COLUMNS));
    boolean pStates = StateKeys.INPUT.given(c);
    boolean qStates = StateKeys.REFERENCE.given(c);
    if (!pStates && !qStates) {
      Dataset<Row> p = Inputs.readWithColumns(context.spark(), c, JobConfig.COLUMNS);
      Dataset<Row> q = Inputs.readReference(context.spark(), c);
      Inputs.requireColumns(q, c.get(JobConfig.COLUMNS), JobConfig.COLUMNS, Inputs.referenceName(c));
      return InfoSpark.compare(p, q, options, StateKeys.target(context));
    }
    // either side (or both) from the merged states of a window, data counted like them and added
    List<AutoCloseable> open = new ArrayList<>();
    try {
      CountResult ps = pStates ? keep(open, StateKeys.INPUT.merge(context)) : null;
      CountResult qs = qStates ? keep(open, StateKeys.REFERENCE.merge(context)) : null;
      CountRequest like = qs != null ? qs.request() : ps.request();
      StateKeys.requireCountedLike(c, like, c.get(qs != null ? JobConfig.REFERENCE_STATES : JobConfig.STATES));
      CountResult pd = c.has(JobConfig.INPUT) || c.has(JobConfig.TABLE)
          ? keep(open, DistributionComparison.countLike(Inputs.read(context.spark(), c), like, options)) : null;
      CountResult qd = c.has(JobConfig.REFERENCE) || c.has(JobConfig.REFERENCE_TABLE)
          ? keep(open, DistributionComparison.countLike(Inputs.readReference(context.spark(), c), like, options)) : null;
      Comparison result = DistributionComparison.compare(sum(open, ps, pd), sum(open, qs, qd), options);
      if (StateKeys.saves(c)) {
        StateKeys.save(pd, CountState.Side.ALL, context);
      }
      return result;
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        try {
          open.get(i).close();
        } catch (Exception e) {
          // closing releases cached counts only
        }
      }
    }
  }

  private static CountResult keep(List<AutoCloseable> open, CountResult counts) {
    open.add(counts);
    return counts;
  }

  /** One side: its states, its data, or both added. */
  private static CountResult sum(List<AutoCloseable> open, CountResult states, CountResult data) {
    return states == null ? data : data == null ? states : keep(open, ValueCounter.add(states, data));
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
