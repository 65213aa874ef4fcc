package io.infospark.api;

import io.infospark.core.LogBase;
import io.infospark.logistic.LogisticFit;
import io.infospark.logistic.LogisticOptions;
import io.infospark.logistic.LogisticResult;
import io.infospark.logistic.LogisticScoring;
import io.infospark.logistic.ScoreReport;
import io.infospark.measure.CompareOptions;
import io.infospark.measure.Comparison;
import io.infospark.measure.DistributionComparison;
import io.infospark.measure.EntropyProfile;
import io.infospark.measure.LogLoss;
import io.infospark.measure.LogLossResult;
import io.infospark.measure.MutualInfo;
import io.infospark.measure.MutualInfoOptions;
import io.infospark.measure.MutualInfoTable;
import io.infospark.measure.ProfileOptions;
import io.infospark.measure.Profiler;
import io.infospark.measure.Surprisal;
import io.infospark.measure.ValueDistribution;
import io.infospark.core.AnomalyRule;
import io.infospark.engine.CountResult;
import io.infospark.engine.CountState;
import io.infospark.engine.StateWindow;
import io.infospark.measure.AnomalyCheck;
import io.infospark.measure.StateTarget;
import io.infospark.measure.ResultSink;
import io.infospark.measure.StreamWindow;
import io.infospark.measure.StreamingProfile;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The notebook facade: every analysis of infospark from one static call on a DataFrame: entropy
 * profiles, comparisons, mutual information, surprisal, log-loss, and logistic regression (fit,
 * score, evaluate, load). Every
 * result prints as a readable table ({@code toString}), converts to a DataFrame
 * ({@code toDataFrame(spark)}) and renders as an HTML report with charts
 * ({@link io.infospark.report}). A runnable example (from the repository root, in JShell or a
 * Java notebook with infospark and Spark on the classpath; a test runs it as written):
 *
 * <pre>{@code
 * import org.apache.spark.sql.*;
 * import io.infospark.api.InfoSpark;
 * import io.infospark.core.LogBase;
import io.infospark.logistic.LogisticFit;
import io.infospark.logistic.LogisticOptions;
import io.infospark.logistic.LogisticResult;
import io.infospark.logistic.LogisticScoring;
import io.infospark.logistic.ScoreReport;
 * import io.infospark.measure.*;
 *
 * SparkSession spark = SparkSession.builder().master("local[*]").getOrCreate();
 * Dataset<Row> weather = spark.read().option("header", "true").option("inferSchema", "true").csv(
 *     "data/seattle-weather.csv");
 *
 * // entropy of each column, in bits
 * EntropyProfile profile = InfoSpark.profile(weather,
 *     ProfileOptions.defaults().withColumns("weather", "wind").withBase(LogBase.TWO));
 * System.out.println(profile);
 * profile.toDataFrame(spark).show();
 *
 * // drift of 2015 against 2012: KL both ways, Jensen-Shannon, PSI
 * Comparison drift = InfoSpark.compare(weather.where("year(date) = 2015"), weather.where("year(date) = 2012"),
 *     CompareOptions.defaults().withColumns("weather").withBase(LogBase.TWO));
 * System.out.println(drift);
 *
 * // what each column says about the weather
 * MutualInfoTable mi = InfoSpark.mutualInformation(weather,
 *     MutualInfoOptions.defaults().withTarget("weather").withColumns("wind", "temp_max"));
 * System.out.println(mi);
 * }</pre>
 */
public final class InfoSpark {
  private InfoSpark() {}

  /** Entropy profile of every column, in nats, nulls dropped, floats in 20 equal-width bins. */
  public static EntropyProfile profile(Dataset<Row> df) {
    return profile(df, ProfileOptions.defaults());
  }

  /** Entropy profile with explicit options (columns, base, null policy, weight, binning). */
  public static EntropyProfile profile(Dataset<Row> df, ProfileOptions options) {
    return Profiler.profile(df, options);
  }

  /**
   * Compares the distribution of every column of {@code p} (the data under test) with the same
   * column of {@code q} (the reference): entropies of both, cross-entropy H(p,q), KL(p‖q), KL(q‖p),
   * Jensen–Shannon and PSI, in nats, nulls dropped, no smoothing, floats binned by q's bins.
   */
  public static Comparison compare(Dataset<Row> p, Dataset<Row> q) {
    return compare(p, q, CompareOptions.defaults());
  }

  /** {@link #compare(Dataset, Dataset)} with explicit options (columns, base, nulls, smoothing, bins). */
  public static Comparison compare(Dataset<Row> p, Dataset<Row> q, CompareOptions options) {
    return DistributionComparison.compare(p, q, options);
  }

  /** Compares the distribution of column {@code colP} with that of {@code colQ} (the reference) of one DataFrame. */
  public static Comparison compareColumns(Dataset<Row> df, String colP, String colQ) {
    return compareColumns(df, colP, colQ, CompareOptions.defaults());
  }

  public static Comparison compareColumns(Dataset<Row> df, String colP, String colQ, CompareOptions options) {
    return DistributionComparison.compareColumns(df, colP, colQ, options);
  }

  /**
   * Mutual information, joint and conditional entropies, normalised and Miller–Madow MI and the
   * G-test of every pair of columns, or of every column against {@code options.target()} (then
   * sorted by MI, largest first).
   */
  public static MutualInfoTable mutualInformation(Dataset<Row> df, MutualInfoOptions options) {
    return MutualInfo.measure(df, options);
  }

  /** Every column against {@code target}, sorted by mutual information, largest first; nats. */
  public static MutualInfoTable mutualInformation(Dataset<Row> df, String target) {
    return mutualInformation(df, MutualInfoOptions.defaults().withTarget(target));
  }

  /**
   * The mean log-loss (cross-entropy, in nats) of the probability column against the 0/1 label
   * column, without clipping (a row with p = 0 for label 1 makes it +∞).
   */
  public static LogLossResult logLoss(Dataset<Row> df, String probability, String label) {
    return logLoss(df, probability, label, 0.0, LogBase.E);
  }

  /** The mean log-loss with p clipped to [ε, 1 − ε] (the clipped rows are counted in the result). */
  public static LogLossResult logLoss(Dataset<Row> df, String probability, String label, double epsilon,
      LogBase base) {
    return LogLoss.measure(df, probability, label, epsilon, base);
  }

  /**
   * Adds {@code <column>_surprisal} = −log p(value) for the options' columns (in the options'
   * base), p from df itself. Flags rare values: {@code filter("city_surprisal > 10")}.
   */
  public static Dataset<Row> surprisal(Dataset<Row> df, ProfileOptions options) {
    return Surprisal.add(df, options);
  }

  /** Adds surprisal columns with p from a saved distribution (e.g. yesterday's data). */
  public static Dataset<Row> surprisal(Dataset<Row> df, java.util.List<String> columns,
      ValueDistribution reference, io.infospark.core.LogBase base) {
    return Surprisal.add(df, columns, reference, base, false);
  }

  /**
   * Logistic regression by maximum likelihood or maximum a posteriori: the options name the label,
   * the features and the priors ({@code LogisticOptions.label("y").features("a", "b")
   * .prior(Prior.gaussian(0, 1))}). The result prints its coefficients with standard errors,
   * converts to a DataFrame, scores rows ({@link #scoreLogistic}) and saves as a model
   * ({@code save(spark, dir)}) that {@link #loadLogistic} and the {@code score-logistic} job read.
   */
  public static LogisticResult fitLogistic(Dataset<Row> df, LogisticOptions options) {
    return LogisticFit.fit(df, options);
  }

  /** A model saved by {@code fit-logistic --model DIR} or {@code LogisticResult.save}. */
  public static LogisticResult loadLogistic(SparkSession spark, String dir) {
    return LogisticResult.load(spark, dir);
  }

  /**
   * The rows of df with {@code margin} (z = β₀ + x·β), {@code probability} (of the positive class)
   * and {@code prediction} (1.0 when the probability is at least 0.5) added; a row with a null,
   * NaN or infinite feature gets nulls. An input column of one of these names is an error.
   */
  public static Dataset<Row> scoreLogistic(LogisticResult model, Dataset<Row> df) {
    return LogisticScoring.score(model, df);
  }

  /** As {@link #scoreLogistic(LogisticResult, Dataset)}, the added columns' names after {@code prefix}. */
  public static Dataset<Row> scoreLogistic(LogisticResult model, Dataset<Row> df, String prefix) {
    return LogisticScoring.score(model, df, prefix);
  }

  /** The rows scored, and with the model's label in df: mean log-loss (nats), accuracy and AUC. */
  public static ScoreReport evaluateLogistic(LogisticResult model, Dataset<Row> df) {
    return LogisticScoring.evaluate(model, df);
  }

  /** The value-by-value distribution of the options' columns; {@code save} it to score later data. */
  public static ValueDistribution distribution(Dataset<Row> df, ProfileOptions options) {
    return ValueDistribution.of(df, options);
  }

  // ---- between runs: saved count states, anomalies against history, streams ----------------

  /** Profiles df and saves its exact counts as a state ({@link StateTarget}: folder, run id, date). */
  public static EntropyProfile profile(Dataset<Row> df, ProfileOptions options, StateTarget save) {
    return Profiler.profile(df, options, save);
  }

  /** Compares p with q and saves p's exact counts (with q's bins) as a state. */
  public static Comparison compare(Dataset<Row> p, Dataset<Row> q, CompareOptions options, StateTarget save) {
    return DistributionComparison.compare(p, q, options, save);
  }

  /** Mutual information of df's pairs, saving the exact counts (columns and pairs) as a state. */
  public static MutualInfoTable mutualInformation(Dataset<Row> df, MutualInfoOptions options, StateTarget save) {
    return MutualInfo.measure(df, options, save);
  }

  /** The runs saved in a states folder, oldest first. */
  public static List<CountState.Run> states(SparkSession spark, String states) {
    return CountState.runs(spark, states);
  }

  /**
   * The profile of the runs of a window of saved states (e.g. {@code StateWindow.last(7)}), equal
   * to the profile of the union of their inputs, without reading those inputs. The columns, bins,
   * weight and null policy are the states'; the options give base, estimators and alphabets.
   */
  public static EntropyProfile profileStates(SparkSession spark, String states, StateWindow window,
      ProfileOptions options) {
    try (CountResult counts = CountState.merge(spark, states, window)) {
      return Profiler.profile(counts, options);
    }
  }

  /** Compares p (data) against the merged states of a window as the reference (e.g. the last 28 days). */
  public static Comparison compareToStates(Dataset<Row> p, String states, StateWindow reference,
      CompareOptions options) {
    try (CountResult q = CountState.merge(p.sparkSession(), states, reference);
        CountResult counted = DistributionComparison.countLike(p, q.request(), options)) {
      return DistributionComparison.compare(counted, q, options);
    }
  }

  /** Compares the merged states of a window (under test) against q (data) as the reference. */
  public static Comparison compareStates(String states, StateWindow p, Dataset<Row> q, CompareOptions options) {
    try (CountResult counts = CountState.merge(q.sparkSession(), states, p);
        CountResult counted = DistributionComparison.countLike(q, counts.request(), options)) {
      return DistributionComparison.compare(counts, counted, options);
    }
  }

  /** Compares two windows of saved states (e.g. this week against the four weeks before). */
  public static Comparison compareStates(SparkSession spark, String statesP, StateWindow p, String statesQ,
      StateWindow q, CompareOptions options) {
    try (CountResult cp = CountState.merge(spark, statesP, p); CountResult cq = CountState.merge(spark, statesQ, q)) {
      return DistributionComparison.compare(cp, cq, options);
    }
  }

  /** Mutual information of the pairs of the merged states of a window (saved by mutual information runs). */
  public static MutualInfoTable mutualInformationStates(SparkSession spark, String states, StateWindow window,
      MutualInfoOptions options) {
    try (CountResult counts = CountState.merge(spark, states, window)) {
      return MutualInfo.measure(counts, options);
    }
  }

  /** Merges the runs of a window into one run (a week, a month), then deletes them. */
  public static CountState.Run compactStates(SparkSession spark, String states, StateWindow window, String into) {
    return CountState.compact(spark, states, window, into);
  }

  /**
   * Checks the last run of a results table (the jobs' {@code output} folder, in its format) against
   * the runs before it: one finding per column, metric and rule.
   */
  public static List<AnomalyCheck.Finding> anomalies(SparkSession spark, String history, String format,
      List<AnomalyRule> rules) {
    return AnomalyCheck.check(AnomalyCheck.read(spark, history, format), null, rules);
  }

  /** Starts the running profile of a streaming DataFrame; {@code results} gets it after every micro-batch. */
  public static StreamingQuery profileStream(Dataset<Row> stream, ProfileOptions options, String states,
      String checkpoint, StreamingProfile.Results<EntropyProfile> results) {
    return StreamingProfile.profile(stream, options, states, checkpoint, results);
  }

  /** Starts the running comparison of a streaming DataFrame against reference counts (data or states). */
  public static StreamingQuery compareStream(Dataset<Row> stream, CountResult reference, CompareOptions options,
      String states, String checkpoint, StreamingProfile.Results<Comparison> results) {
    return StreamingProfile.compare(stream, reference, options, states, checkpoint, results);
  }

  /**
   * Starts the running profile of a streaming DataFrame over a window, its result rows written to
   * {@code sink} after every micro-batch: {@code ResultSink.memory("profile")} for a view queried
   * with {@code spark.sql("select … from profile")}, {@code ResultSink.files("parquet", folder)}
   * for a folder that {@code spark.readStream()} reads as a stream, exactly once.
   */
  public static StreamingQuery profileStream(Dataset<Row> stream, ProfileOptions options, StreamWindow window,
      String states, String checkpoint, ResultSink sink) {
    return StreamingProfile.profile(stream, options, window, states, checkpoint, Trigger.ProcessingTime(0L), sink);
  }

  /** Starts the running comparison of a streaming DataFrame over a window, its result rows written to {@code sink}. */
  public static StreamingQuery compareStream(Dataset<Row> stream, CountResult reference, CompareOptions options,
      StreamWindow window, String states, String checkpoint, ResultSink sink) {
    return StreamingProfile.compare(stream, reference, options, window, states, checkpoint,
        Trigger.ProcessingTime(0L), sink);
  }
}
