package io.infospark.job;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infospark.api.InfoSpark;
import io.infospark.core.EntropyEstimate;
import io.infospark.measure.ColumnProfile;
import io.infospark.measure.EntropyProfile;
import io.infospark.measure.ProfileOptions;
import io.infospark.report.ProfileReport;
import java.sql.Date;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * {@code profile}: the entropy profile of every (or the named) columns of one input. Prints the
 * readable table, appends the per-column table to the history folder {@code output} as partition
 * {@code run_id=<id>} (with a {@code run_date} column), and writes the summary JSON.
 */
public final class ProfileJob implements Job {
  private final BiFunction<Dataset<Row>, ProfileOptions, EntropyProfile> profiler;

  public ProfileJob() {
    this(InfoSpark::profile);
  }

  /** With another profiler: for tests of the job's plumbing. */
  ProfileJob(BiFunction<Dataset<Row>, ProfileOptions, EntropyProfile> profiler) {
    this.profiler = profiler;
  }

  @Override
  public String name() {
    return "profile";
  }

  @Override
  public String description() {
    return "entropy profile of columns (entropy, Miller-Madow, Chao-Shen, standard error; Grassberger, "
        + "James-Stein, NSB and coverage for small samples)";
  }

  @Override
  public List<JobConfig.Key<?>> keys() {
    List<JobConfig.Key<?>> keys = new ArrayList<>(JobConfig.INPUT_KEYS);
    keys.addAll(List.of(JobConfig.COLUMNS, JobConfig.BASE, JobConfig.NULLS, JobConfig.WEIGHT,
        JobConfig.BINNING, JobConfig.BINS, JobConfig.ALPHABET, JobConfig.OUTPUT, JobConfig.OUTPUT_FORMAT));
    return keys;
  }

  @Override
  public void run(JobContext context) throws Exception {
    JobConfig c = context.config();
    Dataset<Row> df = Inputs.read(context.spark(), c);
    String inputName = Inputs.name(c);
    Inputs.requireColumns(df, c.get(JobConfig.COLUMNS), JobConfig.COLUMNS, inputName);
    if (c.get(JobConfig.WEIGHT) != null) {
      Inputs.requireColumns(df, List.of(c.get(JobConfig.WEIGHT)), JobConfig.WEIGHT, inputName);
    }
    ProfileOptions options = ProfileOptions.defaults()
        .withColumns(c.get(JobConfig.COLUMNS))
        .withBase(c.get(JobConfig.BASE))
        .withNulls(c.get(JobConfig.NULLS))
        .withWeight(c.get(JobConfig.WEIGHT))
        .withBinning(c.get(JobConfig.BINNING))
        .withBins(c.get(JobConfig.BINS))
        .withAlphabets(c.get(JobConfig.ALPHABET));

    EntropyProfile profile = profiler.apply(df, options);

    if (c.get(JobConfig.SHOW)) {
      context.out().println(profile);
    }
    if (c.get(JobConfig.OUTPUT) != null) {
      Date runDate = Date.valueOf(context.started().atZone(ZoneOffset.UTC).toLocalDate());
      Dataset<Row> table = profile.toDataFrame(context.spark()).withColumn("run_date", functions.lit(runDate));
      Path written = HistoryTable.writeRun(table, c.get(JobConfig.OUTPUT), c.runId(), c.get(JobConfig.OUTPUT_FORMAT));
      context.out().println("infospark: wrote " + written);
    }
    ReportFile.write(context, facts -> ProfileReport.html(profile, facts));
    if (c.get(JobConfig.SUMMARY) != null) {
      ObjectNode summary = SummaryWriter.begin(context);
      summary.put("run_id", c.runId());
      summary.put("input", SummaryWriter.redact(inputName));
      summary.put("unit", profile.unit());
      ArrayNode columns = summary.putArray("columns");
      for (ColumnProfile p : profile.columns()) {
        summaryOf(p, columns.addObject());
      }
      SummaryWriter.finish(summary, context, c.get(JobConfig.SUMMARY));
      context.out().println("infospark: wrote " + c.get(JobConfig.SUMMARY));
    }
  }

  /** One column's object of the summary (field names fixed by DESIGN.md §3). */
  static ObjectNode summaryOf(ColumnProfile p, ObjectNode o) {
    EntropyEstimate e = p.estimate();
    List<String> undefined = new ArrayList<>();
    o.put("column", p.column());
    o.put("type", p.type());
    SummaryWriter.putCount(o, "rows", p.rows(), undefined);
    SummaryWriter.putCount(o, "count", e.total(), undefined);
    SummaryWriter.putCount(o, "nulls", p.nulls(), undefined);
    o.put("distinct", e.distinct());
    SummaryWriter.putNumber(o, "entropy", e.entropy(), undefined);
    SummaryWriter.putNumber(o, "miller_madow", e.millerMadow(), undefined);
    SummaryWriter.putNumber(o, "chao_shen", e.chaoShen(), undefined);
    SummaryWriter.putNumber(o, "std_error", e.stdError(), undefined);
    SummaryWriter.putNumber(o, "max_entropy", e.maxEntropy(), undefined);
    SummaryWriter.putNumber(o, "normalized_entropy", e.normalizedEntropy(), undefined);
    SummaryWriter.putNumber(o, "coding_bound_bits", e.codingBoundBits(), undefined);
    SummaryWriter.putNumber(o, "grassberger", e.grassberger(), undefined);
    SummaryWriter.putNumber(o, "james_stein", e.jamesStein(), undefined);
    SummaryWriter.putNumber(o, "nsb", e.nsb(), undefined);
    SummaryWriter.putNumber(o, "nsb_sd", e.nsbSd(), undefined);
    SummaryWriter.putNumber(o, "coverage", e.coverage(), undefined);
    SummaryWriter.putOptional(o, "undersampled", e.undersampled());
    SummaryWriter.putOptional(o, "alphabet", e.alphabet());
    o.put("binning", p.binning() == null ? "none" : p.binning()); // "none": counted as categories
    SummaryWriter.putReason(o, e.reason(), undefined);
    return o;
  }
}
