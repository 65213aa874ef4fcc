package io.infospark.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infospark.api.InfoSpark;
import io.infospark.core.BadInputException;
import io.infospark.logistic.LogisticResult;
import io.infospark.logistic.LogisticScoring;
import io.infospark.logistic.ScoreReport;
import io.infospark.report.LogisticReport;
import io.infospark.result.SummaryJson;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code score-logistic}: applies a model saved by {@code fit-logistic} to the input, appends the
 * input rows with {@code margin}, {@code probability} and {@code prediction} (and {@code run_date};
 * all after {@code prefix}) to the history folder {@code output}, and, when the input has the
 * model's label, reports log-loss, accuracy and AUC in the summary JSON. An input column named
 * like an added column, or {@code run_id} (the history table's partition column), is an error:
 * nothing is overwritten.
 */
public final class ScoreLogisticJob extends ResultJob<ScoreLogisticJob.Scored> {

  /** A model, the input rows it scored, and how well it did where the label is known. */
  record Scored(LogisticResult model, Dataset<Row> rows, ScoreReport report) {
    @Override
    public String toString() {
      return report.toString();
    }
  }

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
    return JobConfig.inputAnd(JobConfig.MODEL, JobConfig.PREFIX, JobConfig.OUTPUT, JobConfig.OUTPUT_FORMAT);
  }

  @Override
  protected Scored compute(JobContext context) {
    JobConfig c = context.config();
    if (c.get(JobConfig.MODEL) == null) {
      throw new BadInputException("model: required by score-logistic (a folder written by fit-logistic --model)");
    }
    LogisticResult model = InfoSpark.loadLogistic(context.spark(), c.get(JobConfig.MODEL));
    Dataset<Row> df = Inputs.read(context.spark(), c);
    String prefix = c.get(JobConfig.PREFIX);
    Dataset<Row> scored = InfoSpark.scoreLogistic(model, df, prefix);
    if (c.get(JobConfig.OUTPUT) != null) {
      LogisticScoring.requireFree(df, runDateColumn(context), prefix.isEmpty() ? " (or set prefix)" : "");
      for (String col : df.columns()) {
        if (col.equalsIgnoreCase(HistoryTable.PARTITION_COLUMN)) {
          throw new BadInputException("the input already has a column '" + col + "'; the output history table is"
              + " partitioned by " + HistoryTable.PARTITION_COLUMN + " and never replaces an input column: rename that column");
        }
      }
    }
    return new Scored(model, scored, InfoSpark.evaluateLogistic(model, df));
  }

  @Override
  protected Dataset<Row> history(Scored result, JobContext context) {
    return result.rows();
  }

  @Override
  protected String runDateColumn(JobContext context) {
    return context.config().get(JobConfig.PREFIX) + "run_date";
  }

  @Override
  protected String report(Scored result, Map<String, String> facts, JobContext context) {
    return LogisticReport.scoring(result.report(), result.model(), facts);
  }

  @Override
  protected void summarize(Scored result, ObjectNode summary, JobContext context) {
    summary.put("model", SummaryWriter.redact(context.config().get(JobConfig.MODEL)));
    SummaryJson.putMap(summary, result.report().toSummary());
  }
}
