package io.infospark.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infospark.core.BadInputException;
import io.infospark.logistic.LogisticResult;
import io.infospark.logistic.LogisticScoring;
import io.infospark.logistic.ScoreReport;
import io.infospark.report.LogisticReport;
import java.sql.Date;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * {@code score-logistic}: applies a model saved by {@code fit-logistic} to the input, appends the
 * input rows with {@code margin}, {@code probability} and {@code prediction} (and {@code run_date};
 * all after {@code prefix}) to the history folder {@code output}, and, when the input has the
 * model's label, reports log-loss, accuracy and AUC in the summary JSON. An input column named
 * like an added column, or {@code run_id} (the history table's partition column), is an error:
 * nothing is overwritten.
 */
public final class ScoreLogisticJob implements Job {

  @Override
  public String name() {
    return "score-logistic";
  }

  @Override
  public String description() {
    return "score rows with a saved logistic model; log-loss, accuracy and AUC when the label is present";
  }

  @Override
  public List<JobConfig.Key<?>> keys() {
    List<JobConfig.Key<?>> keys = new ArrayList<>(JobConfig.INPUT_KEYS);
    keys.addAll(List.of(JobConfig.MODEL, JobConfig.PREFIX, JobConfig.OUTPUT, JobConfig.OUTPUT_FORMAT));
    return keys;
  }

  @Override
  public void run(JobContext context) throws Exception {
    JobConfig c = context.config();
    if (c.get(JobConfig.MODEL) == null) {
      throw new BadInputException("model: required by score-logistic (a folder written by fit-logistic --model)");
    }
    LogisticResult model = LogisticResult.load(context.spark(), c.get(JobConfig.MODEL));
    Dataset<Row> df = Inputs.read(context.spark(), c);
    String prefix = c.get(JobConfig.PREFIX);
    Dataset<Row> scored = LogisticScoring.score(model, df, prefix);
    if (c.get(JobConfig.OUTPUT) != null) {
      String advice = prefix.isEmpty() ? " (or set prefix)" : "";
      LogisticScoring.requireFree(df, prefix + "run_date", advice);
      for (String col : df.columns()) {
        if (col.equalsIgnoreCase(HistoryTable.PARTITION_COLUMN)) {
          throw new BadInputException("the input already has a column '" + col + "'; the output history table is"
              + " partitioned by " + HistoryTable.PARTITION_COLUMN + " and never replaces an input column: rename that column");
        }
      }
      Date runDate = Date.valueOf(context.started().atZone(ZoneOffset.UTC).toLocalDate());
      Path written = HistoryTable.writeRun(scored.withColumn(prefix + "run_date", functions.lit(runDate)),
          c.get(JobConfig.OUTPUT), c.runId(), c.get(JobConfig.OUTPUT_FORMAT));
      context.out().println("infospark: wrote " + written);
    }
    ScoreReport report = LogisticScoring.evaluate(model, df);
    if (c.get(JobConfig.SHOW)) {
      context.out().println(report);
    }
    ReportFile.write(context, facts -> LogisticReport.scoring(report, model, facts));
    if (c.get(JobConfig.SUMMARY) != null) {
      ObjectNode summary = SummaryWriter.begin(context);
      summary.put("run_id", c.runId());
      summary.put("input", SummaryWriter.redact(Inputs.name(c)));
      summary.put("model", SummaryWriter.redact(c.get(JobConfig.MODEL)));
      io.infospark.result.SummaryJson.putMap(summary, report.toSummary());
      SummaryWriter.finish(summary, context, c.get(JobConfig.SUMMARY));
      context.out().println("infospark: wrote " + c.get(JobConfig.SUMMARY));
    }
  }
}
