package io.infospark.job;

import io.infospark.api.InfoSpark;
import io.infospark.measure.Profiler;
import io.infospark.measure.EntropyProfile;
import io.infospark.measure.ProfileOptions;
import io.infospark.report.ProfileReport;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code profile}: the entropy profile of every (or the named) columns of one input. Prints the
 * readable table, appends the per-column table to the history folder {@code output} as partition
 * {@code run_id=<id>} (with a {@code run_date} column), and writes the summary JSON.
 */
public final class ProfileJob extends ResultJob<EntropyProfile> {
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
    List<JobConfig.Key<?>> keys = JobConfig.inputAnd(JobConfig.COLUMNS, JobConfig.BASE, JobConfig.NULLS,
        JobConfig.WEIGHT, JobConfig.BINNING, JobConfig.BINS, JobConfig.ALPHABET, JobConfig.OUTPUT,
        JobConfig.OUTPUT_FORMAT);
    keys.addAll(JobConfig.STATE_KEYS);
    keys.addAll(JobConfig.ANOMALY_CHECK_KEYS);
    return keys;
  }

  @Override
  protected EntropyProfile compute(JobContext context) {
    JobConfig c = context.config();
    ProfileOptions options = counting(ProfileOptions.defaults(), c)
        .withWeight(c.get(JobConfig.WEIGHT))
        .withAlphabets(c.get(JobConfig.ALPHABET));
    if (!StateKeys.INPUT.given(c)) {
      Dataset<Row> df = Inputs.readWithColumns(context.spark(), c, JobConfig.COLUMNS, JobConfig.WEIGHT);
      return StateKeys.saves(c) ? InfoSpark.profile(df, options, StateKeys.target(context)) : profiler.apply(df, options);
    }
    return StateKeys.analyseStates(context, counts -> Profiler.profile(counts, options));
  }

  @Override
  protected String report(EntropyProfile profile, Map<String, String> facts, JobContext context) {
    return ProfileReport.html(profile, facts);
  }
}
