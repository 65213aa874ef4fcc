package io.infospark.job;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infospark.api.InfoSpark;
import io.infospark.core.MutualInfoEstimate;
import io.infospark.measure.MutualInfoOptions;
import io.infospark.measure.MutualInfoTable;
import io.infospark.report.MutualInfoReport;
import io.infospark.measure.PairInformation;
import java.sql.Date;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * {@code mutual-info}: mutual information of every pair of the columns, or of every column against
 * {@code target} (sorted by mutual information, largest first), with joint and conditional
 * entropies, normalised and Miller–Madow MI and the G-test. Prints the readable table, appends
 * the pair table to the history folder {@code output}, and writes the summary JSON.
 */
public final class MutualInfoJob implements Job {

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
    List<JobConfig.Key<?>> keys = new ArrayList<>(JobConfig.INPUT_KEYS);
    keys.addAll(List.of(JobConfig.COLUMNS, JobConfig.TARGET, JobConfig.BASE, JobConfig.NULLS, JobConfig.BINNING,
        JobConfig.BINS, JobConfig.OUTPUT, JobConfig.OUTPUT_FORMAT));
    return keys;
  }

  @Override
  public void run(JobContext context) throws Exception {
    JobConfig c = context.config();
    Dataset<Row> df = Inputs.read(context.spark(), c);
    String inputName = Inputs.name(c);
    Inputs.requireColumns(df, c.get(JobConfig.COLUMNS), JobConfig.COLUMNS, inputName);
    if (c.get(JobConfig.TARGET) != null) {
      Inputs.requireColumns(df, List.of(c.get(JobConfig.TARGET)), JobConfig.TARGET, inputName);
    }
    MutualInfoOptions options = MutualInfoOptions.defaults()
        .withColumns(c.get(JobConfig.COLUMNS))
        .withTarget(c.get(JobConfig.TARGET))
        .withBase(c.get(JobConfig.BASE))
        .withNulls(c.get(JobConfig.NULLS))
        .withBinning(c.get(JobConfig.BINNING))
        .withBins(c.get(JobConfig.BINS));

    MutualInfoTable result = InfoSpark.mutualInformation(df, options);

    if (c.get(JobConfig.SHOW)) {
      context.out().println(result);
    }
    if (c.get(JobConfig.OUTPUT) != null) {
      Date runDate = Date.valueOf(context.started().atZone(ZoneOffset.UTC).toLocalDate());
      Dataset<Row> table = result.toDataFrame(context.spark()).withColumn("run_date", functions.lit(runDate));
      Path written = HistoryTable.writeRun(table, c.get(JobConfig.OUTPUT), c.runId(), c.get(JobConfig.OUTPUT_FORMAT));
      context.out().println("infospark: wrote " + written);
    }
    ReportFile.write(context, facts -> MutualInfoReport.html(result, facts));
    if (c.get(JobConfig.SUMMARY) != null) {
      ObjectNode summary = SummaryWriter.begin(context);
      summary.put("run_id", c.runId());
      summary.put("input", SummaryWriter.redact(inputName));
      summary.put("unit", result.unit());
      if (result.target() != null) {
        summary.put("target", result.target());
      }
      ArrayNode pairs = summary.putArray("pairs");
      for (PairInformation p : result.pairs()) {
        summaryOf(p, pairs.addObject());
      }
      SummaryWriter.finish(summary, context, c.get(JobConfig.SUMMARY));
      context.out().println("infospark: wrote " + c.get(JobConfig.SUMMARY));
    }
  }

  /** One pair's object of the summary (field names fixed by DESIGN.md §3). */
  static ObjectNode summaryOf(PairInformation p, ObjectNode o) {
    MutualInfoEstimate e = p.estimate();
    List<String> undefined = new ArrayList<>();
    o.put("x", p.x());
    o.put("y", p.y());
    o.put("count", e.total());
    o.put("rows_dropped", p.rowsDropped());
    o.put("distinct_x", e.distinctX());
    o.put("distinct_y", e.distinctY());
    o.put("distinct_xy", e.distinctXY());
    SummaryWriter.putNumber(o, "entropy_x", e.entropyX(), undefined);
    SummaryWriter.putNumber(o, "entropy_y", e.entropyY(), undefined);
    SummaryWriter.putNumber(o, "mutual_information", e.mutualInformation(), undefined);
    SummaryWriter.putNumber(o, "joint_entropy", e.jointEntropy(), undefined);
    SummaryWriter.putNumber(o, "conditional_entropy_y_given_x", e.conditionalEntropyYGivenX(), undefined);
    SummaryWriter.putNumber(o, "conditional_entropy_x_given_y", e.conditionalEntropyXGivenY(), undefined);
    SummaryWriter.putNumber(o, "normalized_mi", e.normalizedMi(), undefined);
    SummaryWriter.putNumber(o, "mi_miller_madow", e.miMillerMadow(), undefined);
    SummaryWriter.putNumber(o, "g_statistic", e.gStatistic(), undefined);
    SummaryWriter.putWhole(o, "df", e.df(), undefined);
    SummaryWriter.putNumber(o, "p_value", e.pValue(), undefined);
    SummaryWriter.putNumber(o, "mi_grassberger", e.miGrassberger(), undefined);
    SummaryWriter.putNumber(o, "mi_james_stein", e.miJamesStein(), undefined);
    SummaryWriter.putNumber(o, "coverage_xy", e.coverageXY(), undefined);
    SummaryWriter.putOptional(o, "undersampled", e.undersampled());
    SummaryWriter.putReason(o, e.reason(), undefined);
    return o;
  }
}
