package io.infospark.job;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infospark.api.InfoSpark;
import io.infospark.core.DivergenceEstimate;
import io.infospark.core.Significance;
import io.infospark.measure.ColumnComparison;
import io.infospark.measure.CompareOptions;
import io.infospark.measure.Comparison;
import io.infospark.measure.Contributor;
import io.infospark.measure.Thresholds;
import io.infospark.measure.ValueShare;
import io.infospark.report.CompareReport;
import java.sql.Date;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * {@code compare}: the distributions of the same columns of the input (p, the data under test) and
 * the reference (q): entropies, cross-entropy, KL both ways, Jensen–Shannon and PSI. Prints the
 * readable table, appends the per-column table to the history folder {@code output}, writes the
 * summary JSON, and then, when a column exceeds {@code max-kl}, {@code max-js}, {@code max-psi} or
 * {@code max-hellinger} (with {@code alpha}: and the two-sample G-test rejects at alpha), fails
 * with exit code 3 and one line naming the column, the measure and, with alpha, the p-value.
 */
public final class CompareJob implements Job {

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
    List<JobConfig.Key<?>> keys = new ArrayList<>(JobConfig.INPUT_KEYS);
    keys.addAll(JobConfig.REFERENCE_KEYS);
    keys.addAll(List.of(JobConfig.COLUMNS, JobConfig.BASE, JobConfig.NULLS, JobConfig.SMOOTHING,
        JobConfig.BINNING, JobConfig.BINS, JobConfig.BIN_COLUMNS, JobConfig.MAX_KL, JobConfig.MAX_JS,
        JobConfig.MAX_PSI, JobConfig.MAX_HELLINGER, JobConfig.ALPHA, JobConfig.OUTPUT, JobConfig.OUTPUT_FORMAT));
    return keys;
  }

  @Override
  public void run(JobContext context) throws Exception {
    JobConfig c = context.config();
    Dataset<Row> p = Inputs.read(context.spark(), c);
    Dataset<Row> q = Inputs.readReference(context.spark(), c);
    String inputName = Inputs.name(c);
    String referenceName = Inputs.referenceName(c);
    Inputs.requireColumns(p, c.get(JobConfig.COLUMNS), JobConfig.COLUMNS, inputName);
    Inputs.requireColumns(q, c.get(JobConfig.COLUMNS), JobConfig.COLUMNS, referenceName);
    CompareOptions options = CompareOptions.defaults()
        .withColumns(c.get(JobConfig.COLUMNS))
        .withBase(c.get(JobConfig.BASE))
        .withNulls(c.get(JobConfig.NULLS))
        .withSmoothing(c.get(JobConfig.SMOOTHING))
        .withBinning(c.get(JobConfig.BINNING))
        .withBins(c.get(JobConfig.BINS))
        .withBinnedColumns(c.get(JobConfig.BIN_COLUMNS));
    Thresholds thresholds = new Thresholds(c.get(JobConfig.MAX_KL), c.get(JobConfig.MAX_JS), c.get(JobConfig.MAX_PSI),
        c.get(JobConfig.MAX_HELLINGER), c.get(JobConfig.ALPHA));

    Comparison result = InfoSpark.compare(p, q, options);
    List<String> exceeded = result.exceeded(thresholds);
    List<String> noise = result.notSignificant(thresholds);

    if (c.get(JobConfig.SHOW)) {
      context.out().println(result);
      noise.forEach(n -> context.out().println("not significant: " + n));
    }
    if (c.get(JobConfig.OUTPUT) != null) {
      Date runDate = Date.valueOf(context.started().atZone(ZoneOffset.UTC).toLocalDate());
      Dataset<Row> table = result.toDataFrame(context.spark()).withColumn("run_date", functions.lit(runDate));
      if (c.get(JobConfig.OUTPUT_FORMAT).equals("csv")) {
        // csv has no arrays: the example values as one text field
        table = table.withColumn("examples", functions.concat_ws(", ", functions.col("examples")))
            .withColumn("examples_reverse", functions.concat_ws(", ", functions.col("examples_reverse")));
      }
      Path written = HistoryTable.writeRun(table, c.get(JobConfig.OUTPUT), c.runId(), c.get(JobConfig.OUTPUT_FORMAT));
      context.out().println("infospark: wrote " + written);
    }
    ReportFile.write(context, facts -> CompareReport.html(result, thresholds, facts));
    if (c.get(JobConfig.SUMMARY) != null) {
      ObjectNode summary = SummaryWriter.begin(context);
      summary.put("run_id", c.runId());
      summary.put("input", SummaryWriter.redact(inputName));
      summary.put("reference", SummaryWriter.redact(referenceName));
      summary.put("unit", result.unit());
      summary.put("smoothing", result.smoothing());
      if (thresholds.alpha() == null) {
        summary.putNull("alpha");
      } else {
        summary.put("alpha", thresholds.alpha());
      }
      ArrayNode columns = summary.putArray("columns");
      for (ColumnComparison col : result.columns()) {
        summaryOf(col, columns.addObject());
      }
      ArrayNode over = summary.putArray("exceeded");
      exceeded.forEach(over::add);
      ArrayNode quiet = summary.putArray("not_significant");
      noise.forEach(quiet::add);
      SummaryWriter.finish(summary, context, c.get(JobConfig.SUMMARY));
      context.out().println("infospark: wrote " + c.get(JobConfig.SUMMARY));
    }
    if (!exceeded.isEmpty()) {
      throw new ThresholdExceededException(exceeded.get(0)
          + (exceeded.size() > 1 ? " (and " + (exceeded.size() - 1) + " more; see the summary)" : ""));
    }
  }

  /** One column's object of the summary (field names fixed by DESIGN.md §3). */
  static ObjectNode summaryOf(ColumnComparison col, ObjectNode o) {
    DivergenceEstimate e = col.estimate();
    List<String> undefined = new ArrayList<>();
    o.put("column", col.column());
    o.put("type", col.type());
    SummaryWriter.putCount(o, "count_p", col.countP(), undefined);
    SummaryWriter.putCount(o, "count_q", col.countQ(), undefined);
    SummaryWriter.putCount(o, "nulls_p", col.nullsP(), undefined);
    SummaryWriter.putCount(o, "nulls_q", col.nullsQ(), undefined);
    o.put("distinct_p", e.distinctP());
    o.put("distinct_q", e.distinctQ());
    o.put("distinct_union", e.distinctUnion());
    SummaryWriter.putNumber(o, "entropy_p", e.entropyP(), undefined);
    SummaryWriter.putNumber(o, "entropy_q", e.entropyQ(), undefined);
    SummaryWriter.putNumber(o, "cross_entropy", e.crossEntropy(), undefined);
    SummaryWriter.putNumber(o, "kl", e.kl(), undefined);
    SummaryWriter.putNumber(o, "kl_reverse", e.klReverse(), undefined);
    SummaryWriter.putNumber(o, "js", e.js(), undefined);
    SummaryWriter.putNumber(o, "psi", e.psi(), undefined);
    o.put("support_mismatch", col.supportMismatch());
    ArrayNode ex = o.putArray("examples");
    col.onlyInP().forEach(ex::add);
    o.put("support_mismatch_reverse", col.supportMismatchReverse());
    ArrayNode exr = o.putArray("examples_reverse");
    col.onlyInQ().forEach(exr::add);
    o.put("binning", col.binning() == null ? "none" : col.binning());
    SummaryWriter.putNumber(o, "hellinger", e.hellinger(), undefined);
    Significance s = col.significance();
    if (s != null) {
      SummaryWriter.putCount(o, "n_p", s.nP(), undefined);
      SummaryWriter.putCount(o, "n_q", s.nQ(), undefined);
      SummaryWriter.putNumber(o, "g_statistic", s.gStatistic(), undefined);
      SummaryWriter.putWhole(o, "df", s.df(), undefined);
      SummaryWriter.putNumber(o, "p_value", s.pValue(), undefined);
      SummaryWriter.putNumber(o, "js_null", s.jsNull(), undefined);
      SummaryWriter.putNumber(o, "kl_null", s.klNull(), undefined);
      SummaryWriter.putNumber(o, "psi_null", s.psiNull(), undefined);
    }
    ArrayNode why = o.putArray("contributors");
    for (Contributor x : col.contributors()) {
      ObjectNode v = why.addObject();
      v.put("value", x.value());
      v.put("p", x.p());
      v.put("q", x.q());
      List<String> none = new ArrayList<>();
      SummaryWriter.putNumber(v, "kl_term", x.klTerm(), none);
      SummaryWriter.putNumber(v, "kl_share", x.klShare(), none);
      SummaryWriter.putNumber(v, "js_term", x.jsTerm(), none);
      SummaryWriter.putNumber(v, "js_share", x.jsShare(), none);
    }
    if (!col.histogram().isEmpty()) {
      ArrayNode bins = o.putArray("histogram");
      for (ValueShare v : col.histogram()) {
        bins.addObject().put("value", v.value()).put("p", v.p()).put("q", v.q());
      }
    }
    SummaryWriter.putReason(o, e.reason() != null ? e.reason() : s != null ? s.reason() : null, undefined);
    return o;
  }
}
