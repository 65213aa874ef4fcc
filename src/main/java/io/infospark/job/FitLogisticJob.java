package io.infospark.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infospark.api.InfoSpark;
import io.infospark.core.BadInputException;
import io.infospark.logistic.LogisticOptions;
import io.infospark.logistic.LogisticPriors;
import io.infospark.logistic.LogisticResult;
import io.infospark.report.LogisticReport;
import io.infospark.result.SummaryJson;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code fit-logistic}: logistic regression by MLE or MAP. Reads the input, fits, prints the
 * coefficient table, saves the model ({@code model}), appends the coefficient table to the history
 * folder {@code output}, and writes the summary JSON. A fit that did not converge writes its report
 * and summary, replaces no model, writes no history, and exits 4. Math: none here; the priors'
 * sources are combined by {@link LogisticPriors}.
 */
public final class FitLogisticJob extends ResultJob<LogisticResult> {

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
    return JobConfig.inputAnd(JobConfig.LABEL, JobConfig.POSITIVE, JobConfig.FEATURES, JobConfig.WEIGHT,
        JobConfig.PRIOR, JobConfig.PRIOR_MEAN, JobConfig.PRIORS, JobConfig.PRIOR_MODEL, JobConfig.PATH, JobConfig.FOLDS,
        JobConfig.RULE, JobConfig.SEED, JobConfig.NA, JobConfig.STANDARDIZE, JobConfig.MAX_ITERATIONS,
        JobConfig.TOLERANCE, JobConfig.MODEL, JobConfig.OUTPUT, JobConfig.OUTPUT_FORMAT);
  }

  @Override
  protected LogisticResult compute(JobContext context) {
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
    Dataset<Row> df = Inputs.readWithColumns(context.spark(), c, JobConfig.FEATURES, JobConfig.LABEL,
        JobConfig.WEIGHT);
    LogisticOptions options = LogisticOptions.label(c.get(JobConfig.LABEL))
        .features(c.get(JobConfig.FEATURES))
        .weight(c.get(JobConfig.WEIGHT))
        .na(c.get(JobConfig.NA))
        .standardize(c.get(JobConfig.STANDARDIZE))
        .folds(c.get(JobConfig.FOLDS))
        .rule(c.get(JobConfig.RULE))
        .seed(c.get(JobConfig.SEED));
    if (c.get(JobConfig.POSITIVE) != null) {
      options.positive(c.get(JobConfig.POSITIVE));
    }
    if (c.get(JobConfig.MAX_ITERATIONS) != null) {
      options.maxIterations(c.get(JobConfig.MAX_ITERATIONS));
    }
    if (c.get(JobConfig.TOLERANCE) != null) {
      options.tolerance(c.get(JobConfig.TOLERANCE));
    }
    if (c.get(JobConfig.PATH) != null) {
      options.path(c.get(JobConfig.PATH));
    }
    LogisticResult previous = c.get(JobConfig.PRIOR_MODEL) == null ? null
        : LogisticPriors.previous(context.spark(), c.get(JobConfig.PRIOR_MODEL));
    LogisticPriors.apply(options, c.get(JobConfig.PRIOR), c.get(JobConfig.PRIOR_MEAN), c.get(JobConfig.PATH) != null,
        previous, c.get(JobConfig.PRIORS));
    return InfoSpark.fitLogistic(df, options);
  }

  @Override
  protected void show(LogisticResult result, JobContext context) {
    if (context.config().get(JobConfig.SHOW)) {
      context.out().println(result);
    } else {
      for (String note : result.determinedByPrior()) {
        context.out().println("infospark: note: " + note);
      }
    }
  }

  /** Only a converged fit replaces the model and writes history (exit 4 otherwise). */
  @Override
  protected boolean kept(LogisticResult result) {
    return result.converged();
  }

  @Override
  protected void save(LogisticResult result, JobContext context) throws IOException {
    String model = context.config().get(JobConfig.MODEL);
    if (model != null) {
      result.save(context.spark(), model);
      context.out().println("infospark: wrote model " + model);
    }
  }

  @Override
  protected Dataset<Row> history(LogisticResult result, JobContext context) {
    return result.toDataFrame(context.spark());
  }

  @Override
  protected String report(LogisticResult result, Map<String, String> facts, JobContext context) {
    return LogisticReport.html(result, facts);
  }

  @Override
  protected void summarize(LogisticResult result, ObjectNode summary, JobContext context) {
    summary.put("unit", "nats");
    SummaryJson.putMap(summary, result.toSummary());
    if (!result.converged()) {
      String earlier = summary.has("reason") ? "; " + summary.get("reason").asText() : "";
      summary.put("reason", "the fit did not converge: " + result.message() + earlier);
    }
  }

  @Override
  protected void verdict(LogisticResult result, JobContext context) {
    if (!result.converged()) {
      JobConfig c = context.config();
      String model = c.get(JobConfig.MODEL);
      throw new FitNotConvergedException("fit-logistic: the fit did not converge (" + result.message() + ") after "
          + result.iterations() + " iterations" + (model == null ? "" : "; the model in " + model + " was not replaced")
          + (c.get(JobConfig.OUTPUT) == null ? "" : "; nothing was written to " + c.get(JobConfig.OUTPUT)));
    }
  }
}
