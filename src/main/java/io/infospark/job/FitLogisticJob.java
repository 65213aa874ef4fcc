package io.infospark.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infospark.core.BadInputException;
import io.infospark.core.logistic.Prior;
import io.infospark.logistic.LogisticFit;
import io.infospark.logistic.LogisticOptions;
import io.infospark.logistic.LogisticResult;
import io.infospark.logistic.ScaleChoice;
import io.infospark.report.LogisticReport;
import java.sql.Date;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * {@code fit-logistic}: logistic regression by MLE or MAP (DESIGN.md §2). Reads the input, fits,
 * prints the coefficient table, saves the model ({@code model}), appends the coefficient table to
 * the history folder {@code output}, and writes the summary JSON. Math: none here; the prior
 * syntax is parsed by {@link Prior#parse}.
 */
public final class FitLogisticJob implements Job {

  @Override
  public String name() {
    return "fit-logistic";
  }

  @Override
  public String description() {
    return "logistic regression by maximum likelihood or with Gaussian/Laplace/t priors, with standard errors; prior "
        + "scales chosen by the evidence or cross-validation, paths of scales";
  }

  @Override
  public List<JobConfig.Key<?>> keys() {
    List<JobConfig.Key<?>> keys = new ArrayList<>(JobConfig.INPUT_KEYS);
    keys.addAll(List.of(JobConfig.LABEL, JobConfig.POSITIVE, JobConfig.FEATURES, JobConfig.WEIGHT, JobConfig.PRIOR,
        JobConfig.PRIOR_MEAN, JobConfig.PRIORS, JobConfig.PRIOR_MODEL, JobConfig.PATH, JobConfig.FOLDS, JobConfig.RULE, JobConfig.SEED, JobConfig.NA, JobConfig.STANDARDIZE,
        JobConfig.MAX_ITERATIONS, JobConfig.TOLERANCE, JobConfig.MODEL, JobConfig.OUTPUT, JobConfig.OUTPUT_FORMAT));
    return keys;
  }

  @Override
  public void run(JobContext context) throws Exception {
    JobConfig c = context.config();
    if (c.get(JobConfig.LABEL) == null) {
      throw new BadInputException("label: required by fit-logistic (the 0/1 or two-class column to predict)");
    }
    if (c.get(JobConfig.FEATURES).isEmpty()) {
      throw new BadInputException("features: required by fit-logistic (comma-separated feature columns)");
    }
    if (c.get(JobConfig.MODEL) != null) {
      OutputPaths.requireFolder(context.spark(), JobConfig.MODEL.name(), c.get(JobConfig.MODEL));
    }
    Dataset<Row> df = Inputs.read(context.spark(), c);
    String inputName = Inputs.name(c);
    List<String> features = c.get(JobConfig.FEATURES);
    Inputs.requireColumns(df, features, JobConfig.FEATURES, inputName);
    Inputs.requireColumns(df, List.of(c.get(JobConfig.LABEL)), JobConfig.LABEL, inputName);
    if (c.get(JobConfig.WEIGHT) != null) {
      Inputs.requireColumns(df, List.of(c.get(JobConfig.WEIGHT)), JobConfig.WEIGHT, inputName);
    }
    LogisticOptions options = LogisticOptions.label(c.get(JobConfig.LABEL))
        .features(features)
        .weight(c.get(JobConfig.WEIGHT))
        .na(c.get(JobConfig.NA))
        .standardize(c.get(JobConfig.STANDARDIZE));
    if (c.get(JobConfig.POSITIVE) != null) {
      options.positive(c.get(JobConfig.POSITIVE));
    }
    if (c.get(JobConfig.MAX_ITERATIONS) != null) {
      options.maxIterations(c.get(JobConfig.MAX_ITERATIONS));
    }
    if (c.get(JobConfig.TOLERANCE) != null) {
      options.tolerance(c.get(JobConfig.TOLERANCE));
    }
    applyPriors(c, options, features, context);

    LogisticResult result = LogisticFit.fit(df, options);

    if (c.get(JobConfig.SHOW)) {
      context.out().println(result);
    } else {
      for (String note : result.determinedByPrior()) {
        context.out().println("infospark: note: " + note);
      }
    }
    String model = c.get(JobConfig.MODEL);
    if (!result.converged()) {
      // DESIGN.md §3: exit 4, the summary says why, an earlier model is not replaced
      ReportFile.write(context, facts -> LogisticReport.html(result, facts));
      writeSummary(context, result, inputName);
      throw new FitNotConvergedException("fit-logistic: the fit did not converge (" + result.message() + ") after "
          + result.iterations() + " iterations" + (model == null ? "" : "; the model in " + model + " was not replaced")
          + (c.get(JobConfig.OUTPUT) == null ? "" : "; nothing was written to " + c.get(JobConfig.OUTPUT)));
    }
    if (model != null) {
      result.save(context.spark(), model);
      context.out().println("infospark: wrote model " + model);
    }
    if (c.get(JobConfig.OUTPUT) != null) {
      Date runDate = Date.valueOf(context.started().atZone(ZoneOffset.UTC).toLocalDate());
      Dataset<Row> table = result.toDataFrame(context.spark()).withColumn("run_date", functions.lit(runDate));
      Path written = HistoryTable.writeRun(table, c.get(JobConfig.OUTPUT), c.runId(), c.get(JobConfig.OUTPUT_FORMAT));
      context.out().println("infospark: wrote " + written);
    }
    ReportFile.write(context, facts -> LogisticReport.html(result, facts));
    writeSummary(context, result, inputName);
  }

  private static void writeSummary(JobContext context, LogisticResult result, String inputName) throws java.io.IOException {
    JobConfig c = context.config();
    if (c.get(JobConfig.SUMMARY) == null) {
      return;
    }
    ObjectNode summary = SummaryWriter.begin(context);
    summary.put("run_id", c.runId());
    summary.put("input", SummaryWriter.redact(inputName));
    summary.put("unit", "nats");
    SummaryWriter.putMap(summary, result.toSummary());
    if (!result.converged()) {
      String earlier = summary.has("reason") ? "; " + summary.get("reason").asText() : "";
      summary.put("reason", "the fit did not converge: " + result.message() + earlier);
    }
    SummaryWriter.finish(summary, context, c.get(JobConfig.SUMMARY));
    context.out().println("infospark: wrote " + c.get(JobConfig.SUMMARY));
  }

  /**
   * prior (one for every coefficient) with prior-mean (one value, or one per feature in feature
   * order), then prior-model (yesterday's posterior), then priors (per coefficient by name): a later
   * source overrides an earlier one for the coefficients it names.
   */
  private static void applyPriors(JobConfig c, LogisticOptions options, List<String> features, JobContext context) {
    List<Double> means = c.get(JobConfig.PRIOR_MEAN);
    String spec = c.get(JobConfig.PRIOR);
    if (means.size() > 1 && means.size() != features.size()) {
      throw new BadInputException("prior-mean: expected one value or one per feature (" + features.size()
          + ": " + String.join(", ", features) + ") but got " + means.size());
    }
    ScaleChoice.Spec parsed = ScaleChoice.parse(spec, means.size() == 1 ? means.get(0) : 0.0, "prior");
    options.prior(parsed.prior()).choose(parsed.choice());
    if (means.size() > 1) {
      // per-feature means: the prior of each numeric feature's coefficient, by name
      if (parsed.choice() != ScaleChoice.GIVEN || c.get(JobConfig.PATH) != null) {
        throw new BadInputException("prior-mean: one mean per feature cannot go with a path or a chosen scale (" + spec
            + "); give one mean for all");
      }
      for (int j = 0; j < features.size(); j++) {
        options.prior(features.get(j), Prior.parse(spec, means.get(j), "prior-mean"));
      }
    }
    if (c.get(JobConfig.PATH) != null) {
      options.path(c.get(JobConfig.PATH));
    }
    options.folds(c.get(JobConfig.FOLDS)).rule(c.get(JobConfig.RULE)).seed(c.get(JobConfig.SEED));
    if (c.get(JobConfig.PRIOR_MODEL) != null) {
      LogisticResult previous;
      try {
        previous = LogisticResult.load(context.spark(), c.get(JobConfig.PRIOR_MODEL));
      } catch (BadInputException e) {
        throw new BadInputException("prior-model: " + e.getMessage(), e);
      }
      options.priorsFrom(previous, false);
    }
    for (Map.Entry<String, String> e : c.get(JobConfig.PRIORS).entrySet()) {
      String name = e.getKey();
      boolean known = name.equals("(intercept)") || features.stream()
          .anyMatch(f -> name.equals(f) || name.startsWith(f + "="));
      if (!known) {
        throw new BadInputException("priors: '" + name + "' is not a coefficient of this fit; expected a feature ("
            + String.join(", ", features) + "), feature=level of a string feature, or (intercept)");
      }
      options.prior(name, Prior.parse(e.getValue(), 0.0, "priors"));
    }
  }
}
