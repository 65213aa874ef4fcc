package io.infospark.job;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infospark.measure.CountOptions;
import io.infospark.result.ResultTable;
import java.io.IOException;
import java.sql.Date;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;

/**
 * The shape of every job, in one place: compute the result (read, check, run) → print its text
 * table ({@code show}) → save what it keeps (a model) → append its table to the history folder
 * ({@code output}, with a {@code run_date}) → write the report ({@code report}) → write the
 * summary JSON ({@code summary}: job, parameters, timings, {@code run_id}, {@code input}, then the
 * result's fields) → the verdict (exit 3 over a threshold, exit 4 when a fit did not converge).
 * A job supplies only what differs; a result that is a {@link ResultTable} needs no more than
 * {@link #compute}, {@link #report} and the fields above its items ({@link #summarize}).
 *
 * <p>Whatever the verdict, the report and the summary are written first, so a failing check
 * still says why; a result that is not {@link #kept} (a fit that did not converge) replaces no
 * model and writes no history.
 *
 * @param <R> the job's result
 */
abstract class ResultJob<R> implements Job {

  /** Reads the inputs, checks the columns and keys, and computes the result. */
  protected abstract R compute(JobContext context) throws Exception;

  /** The self-contained HTML page of the result, from the header facts. */
  protected abstract String report(R result, Map<String, String> facts, JobContext context);

  /**
   * The summary's fields after {@code run_id} and {@code input}. For a {@link ResultTable} the
   * default writes {@code unit} and the items' array; a job adds its own fields around them.
   */
  protected void summarize(R result, ObjectNode summary, JobContext context) {
    if (result instanceof ResultTable<?> table) {
      summary.put("unit", table.unit());
      items(table, summary.putArray(table.itemsName()));
    } else {
      throw new IllegalStateException(name() + ": a result that is not a table describes its own summary");
    }
  }

  /** The rows appended to the history folder, without {@code run_date}; null: nothing to append. */
  protected Dataset<Row> history(R result, JobContext context) {
    return result instanceof ResultTable<?> table ? table.toDataFrame(context.spark()) : null;
  }

  /** The name of the history table's date column ({@code run_date}). */
  protected String runDateColumn(JobContext context) {
    return "run_date";
  }

  /** Prints the result for a person ({@code show}); by default its text table. */
  protected void show(R result, JobContext context) {
    if (context.config().get(JobConfig.SHOW)) {
      context.out().println(result);
    }
  }

  /** What the summary's {@code input} names: the input path or table. */
  protected String inputName(JobContext context) {
    return Inputs.name(context.config());
  }

  /** Whether the result replaces earlier outputs (model, history); else only report and summary. */
  protected boolean kept(R result) {
    return true;
  }

  /** Saves what the result keeps beside the history (a model); nothing by default. */
  protected void save(R result, JobContext context) throws IOException {}

  /** Throws when the result fails the run (threshold exceeded, fit not converged); after everything is written. */
  protected void verdict(R result, JobContext context) throws Exception {}

  @Override
  public final void run(JobContext context) throws Exception {
    JobConfig c = context.config();
    R result = compute(context);
    show(result, context);
    io.infospark.measure.AnomalyTable anomalies = null;
    if (kept(result)) {
      save(result, context);
      Dataset<Row> rows = c.get(JobConfig.OUTPUT) == null ? null : history(result, context);
      if (rows != null) {
        writeHistory(rows, context, c.runId());
        if (c.accepted().contains(JobConfig.CHECK_ANOMALIES) && c.get(JobConfig.CHECK_ANOMALIES)) {
          anomalies = AnomaliesJob.check(context, c.get(JobConfig.OUTPUT), c.get(JobConfig.OUTPUT_FORMAT), c.runId());
          if (c.get(JobConfig.SHOW)) {
            context.out().println(anomalies);
          }
        }
      }
    }
    ReportFile.write(context, facts -> report(result, facts, context));
    if (c.get(JobConfig.SUMMARY) != null) {
      ObjectNode summary = SummaryWriter.begin(context);
      summary.put("run_id", c.runId());
      summary.put("input", SummaryWriter.redact(inputName(context)));
      StateKeys.summarize(context, summary);
      summarize(result, summary, context);
      if (anomalies != null) {
        AnomaliesJob.summarizeCheck(anomalies, summary.putObject("anomaly_check"));
      }
      SummaryWriter.finish(summary, context, c.get(JobConfig.SUMMARY));
      context.out().println("infospark: wrote " + c.get(JobConfig.SUMMARY));
    }
    verdict(result, context);
    if (anomalies != null) {
      AnomaliesJob.failOnAnomalies(anomalies);
    }
  }

  /** Appends {@code rows} with the run's date as the partition {@code runId} (csv: lists as text). */
  final void writeHistory(Dataset<Row> rows, JobContext context, String runId) throws IOException {
    JobConfig c = context.config();
    Date runDate = Date.valueOf(context.started().atZone(ZoneOffset.UTC).toLocalDate());
    Dataset<Row> table = rows.withColumn(runDateColumn(context), functions.lit(runDate));
    if (c.get(JobConfig.OUTPUT_FORMAT).equals("csv")) {
      for (StructField f : table.schema().fields()) {
        if (f.dataType() instanceof ArrayType) { // csv has no arrays: the values as one text field
          table = table.withColumn(f.name(),
              functions.concat_ws(", ", functions.col("`" + f.name().replace("`", "``") + "`")));
        }
      }
    }
    Path written = HistoryTable.writeRun(table, c.get(JobConfig.OUTPUT), runId, c.get(JobConfig.OUTPUT_FORMAT));
    context.out().println("infospark: wrote " + written);
  }

  /** {@code options} with the keys every count-based job shares: columns, base, nulls, binning, bins. */
  static <O extends CountOptions<O>> O counting(O options, JobConfig c) {
    return options.withColumns(c.get(JobConfig.COLUMNS))
        .withBase(c.get(JobConfig.BASE))
        .withNulls(c.get(JobConfig.NULLS))
        .withBinning(c.get(JobConfig.BINNING))
        .withBins(c.get(JobConfig.BINS))
        .withBinRanges(c.get(JobConfig.BIN_RANGE));
  }

  /** The items of a table, one summary object each. */
  static <T> void items(ResultTable<T> table, ArrayNode array) {
    for (T item : table.items()) {
      table.fields().summary(item, array.addObject());
    }
  }
}
