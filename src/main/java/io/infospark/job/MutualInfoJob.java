package io.infospark.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infospark.api.InfoSpark;
import io.infospark.measure.MutualInfo;
import io.infospark.measure.MutualInfoOptions;
import io.infospark.measure.MutualInfoTable;
import io.infospark.report.MutualInfoReport;
import java.util.List;
import java.util.Map;

/**
 * {@code mutual-info}: mutual information of every pair of the columns, or of every column against
 * {@code target} (sorted by mutual information, largest first), with joint and conditional
 * entropies, normalised and Miller–Madow MI and the G-test. Prints the readable table, appends
 * the pair table to the history folder {@code output}, and writes the summary JSON.
 */
public final class MutualInfoJob extends ResultJob<MutualInfoTable> {

  @Override
  public String name() {
    return "mutual-info";
  }

  @Override
  public String description() {
    return "mutual information of column pairs or of every column against a target, with G-test p-values";
  }

  @Override
  public List<JobConfig.Key<?>> keys() {
    List<JobConfig.Key<?>> keys = JobConfig.inputAnd(JobConfig.COLUMNS, JobConfig.TARGET, JobConfig.BASE,
        JobConfig.NULLS, JobConfig.BINNING, JobConfig.BINS, JobConfig.OUTPUT, JobConfig.OUTPUT_FORMAT);
    keys.addAll(JobConfig.STATE_KEYS);
    return keys;
  }

  @Override
  protected MutualInfoTable compute(JobContext context) {
    JobConfig c = context.config();
    MutualInfoOptions options = counting(MutualInfoOptions.defaults(), c).withTarget(c.get(JobConfig.TARGET));
    if (!StateKeys.INPUT.given(c)) {
      return InfoSpark.mutualInformation(Inputs.readWithColumns(context.spark(), c, JobConfig.COLUMNS,
          JobConfig.TARGET), options, StateKeys.target(context));
    }
    return StateKeys.analyseStates(context, counts -> MutualInfo.measure(counts, options));
  }


  @Override
  protected String report(MutualInfoTable result, Map<String, String> facts, JobContext context) {
    return MutualInfoReport.html(result, facts);
  }

  @Override
  protected void summarize(MutualInfoTable result, ObjectNode summary, JobContext context) {
    if (result.target() != null) {
      summary.put("target", result.target());
    }
    super.summarize(result, summary, context);
  }
}
