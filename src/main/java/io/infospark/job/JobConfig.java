package io.infospark.job;

import io.infospark.core.BadInputException;
import io.infospark.core.LogBase;
import io.infospark.logistic.LogisticOptions;
import io.infospark.measure.Binning;
import io.infospark.measure.NullPolicy;
import io.infospark.measure.ProfileOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The configuration of one job run. This class owns every key of every job: its name, default,
 * help text, parsing and validation. Values come from a job file ({@code key = value} lines,
 * whole-line {@code #} comments, nothing else: no substitution, no includes) and from
 * {@code --key value} flags, which override the file.
 *
 * <p>Everything is validated when the configuration is built, before Spark starts: an unknown or
 * misspelt key, or a bad value, is a {@link BadInputException} naming the key and where it came
 * from.
 */
public final class JobConfig {

  /** A configuration key: name, default (text, or null for none), help, and parser. */
  public static final class Key<T> {
    private final String name;
    private final String defaultValue;
    private final String help;
    private final Function<String, T> parser;

    private Key(String name, String defaultValue, String help, Function<String, T> parser) {
      this.name = name;
      this.defaultValue = defaultValue;
      this.help = help;
      this.parser = parser;
    }

    public String name() {
      return name;
    }

    public String defaultValue() {
      return defaultValue;
    }

    public String help() {
      return help;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final Map<String, Key<?>> ALL = new LinkedHashMap<>();
  private static final List<String> FORMATS = List.of("csv", "parquet", "json", "orc");
  private static final Pattern RUN_ID_SYNTAX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final DateTimeFormatter RUN_ID_CLOCK =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  // ---- keys every job accepts ----
  public static final Key<String> JOB = key("job", null,
      "the job to run; the first argument, or the 'job = …' line of a job file", JobConfig::text);
  public static final Key<String> SUMMARY = key("summary", null,
      "path of the JSON summary to write (replaced atomically)", JobConfig::text);
  public static final Key<String> REPORT = key("report", null,
      "path of a self-contained HTML report with charts, next to the summary (replaced atomically)",
      JobConfig::text);
  public static final Key<String> RUN_ID = key("run-id", null,
      "id of this run, the output partition run_id=<id>; letters, digits, '.', '_', '-' "
          + "(default: the start time, e.g. 20260101T120000Z)", JobConfig::runId);
  public static final Key<Boolean> SHOW = key("show", "true",
      "print the readable result table: true or false", t -> bool("show", t));
  public static final Key<Boolean> PROGRESS = key("progress", null,
      "show the job's progress on stderr: true or false (default: true when stderr is a terminal)",
      t -> bool("progress", t));
  public static final Key<String> MASTER = key("master", null,
      "Spark master when none is configured (default local[*]; ignored under spark-submit)",
      JobConfig::text);
  public static final Key<String> APP_NAME = key("app-name", null,
      "Spark application name (default infospark-<job>)", JobConfig::text);

  // ---- input ----
  public static final Key<String> INPUT = key("input", null,
      "input path (file, folder or glob); relative paths are relative to the current directory",
      JobConfig::text);
  public static final Key<String> FORMAT = key("format", null,
      "input format: csv, parquet, json or orc (default: from the input's extension, else parquet)",
      t -> oneOf("format", t, FORMATS));
  public static final Key<String> TABLE = key("table", null,
      "input table or view name, instead of input", JobConfig::text);
  public static final Key<String> DELIMITER = key("delimiter", null,
      "field separator of CSV input: one character, or \\t for tab (default ',')", JobConfig::delimiter);
  public static final Key<Boolean> MERGE_SCHEMA = key("merge-schema", "false",
      "Parquet or ORC files with different columns: true reads the union of their columns (null where a file "
          + "lacks one); false refuses them", t -> bool("merge-schema", t));

  // ---- output ----
  public static final Key<String> OUTPUT = key("output", null,
      "folder of the result history table; each run writes output/run_id=<id>/", JobConfig::text);
  public static final Key<String> OUTPUT_FORMAT = key("output-format", "parquet",
      "format of the result table: parquet, csv, json or orc", t -> oneOf("output-format", t, FORMATS));

  // ---- measures ----
  public static final Key<List<String>> COLUMNS = key("columns", "",
      "columns to measure, comma-separated (default: every column but the weight)", JobConfig::list);
  public static final Key<LogBase> BASE = key("base", "e",
      "log base of every result: e (nats), 2 (bits) or 10 (hartleys)", t -> LogBase.parse(t, "base"));
  public static final Key<NullPolicy> NULLS = key("nulls", "drop",
      "null values: drop (counted and reported) or category (null is a value)",
      t -> NullPolicy.parse(t, "nulls"));
  public static final Key<String> WEIGHT = key("weight", null,
      "column of non-negative row weights (default: every row counts 1)", JobConfig::text);
  public static final Key<Binning> BINNING = key("binning", "equal-width",
      "how floating-point columns are discretised: equal-width, quantile, exact, or (compare) pooled-quantile: "
          + "the quantiles of both sides pooled",
      t -> Binning.parse(t, "binning"));
  public static final Key<Integer> BINS = key("bins", String.valueOf(ProfileOptions.DEFAULT_BINS),
      "number of bins for floating-point columns, 1 to 1000000", JobConfig::bins);

  public static final Key<Map<String, Long>> ALPHABET = key("alphabet", "",
      "declared alphabet sizes (number of possible values) for NSB and the James-Stein target, "
          + "'column=size' entries separated by ',': 'letter=26,zip=100000' (booleans and binned numbers "
          + "have theirs)", JobConfig::alphabets);

  // ---- compare: the reference side (q) and thresholds ----
  public static final Key<String> REFERENCE = key("reference", null,
      "reference input path (q) of a comparison, read like input", JobConfig::text);
  public static final Key<String> REFERENCE_FORMAT = key("reference-format", null,
      "reference format: csv, parquet, json or orc (default: from the reference's extension, else parquet)",
      t -> oneOf("reference-format", t, FORMATS));
  public static final Key<String> REFERENCE_TABLE = key("reference-table", null,
      "reference table or view name, instead of reference", JobConfig::text);
  public static final Key<Double> SMOOTHING = key("smoothing", "0",
      "pseudo-count added to every value of the union of both supports, on both sides (0: none, and a value "
          + "missing from the reference makes KL Infinity)", t -> nonNegative("smoothing", t));
  public static final Key<Double> MAX_KL = key("max-kl", null,
      "exit 3 when KL(p||q) of a column exceeds this (in the unit of base)", t -> nonNegative("max-kl", t));
  public static final Key<Double> MAX_JS = key("max-js", null,
      "exit 3 when the Jensen-Shannon divergence of a column exceeds this (in the unit of base)",
      t -> nonNegative("max-js", t));
  public static final Key<Double> MAX_PSI = key("max-psi", null,
      "exit 3 when the PSI of a column exceeds this (in the unit of base)", t -> nonNegative("max-psi", t));
  public static final Key<Double> MAX_HELLINGER = key("max-hellinger", null,
      "exit 3 when the Hellinger distance of a column exceeds this (unit-free, 0 to 1)",
      t -> unitInterval("max-hellinger", t));
  public static final Key<Double> ALPHA = key("alpha", null,
      "significance level: a threshold counts as exceeded only when the two-sample G-test also rejects "
          + "'same distribution' at this level (p-value < alpha); strictly between 0 and 1", JobConfig::alpha);
  public static final Key<List<String>> BIN_COLUMNS = key("bin-columns", "",
      "whole-number or decimal columns to bin like floating-point ones (by binning and bins), comma-separated",
      JobConfig::list);

  // ---- mutual-info ----
  public static final Key<String> TARGET = key("target", null,
      "target column: every column (or those of columns) against it, sorted by mutual information "
          + "(default: every pair of columns)", JobConfig::text);

  // ---- fit-logistic / score-logistic ----
  public static final Key<String> LABEL = key("label", null,
      "label column: 0/1, boolean, or two classes with positive naming the class that is 1", JobConfig::text);
  public static final Key<String> POSITIVE = key("positive", null,
      "the label value that counts as 1 (default: the label must be 0/1 or boolean)", JobConfig::text);
  public static final Key<List<String>> FEATURES = key("features", "",
      "feature columns, comma-separated: numeric, boolean, or string (one-hot, first level in sorted order "
          + "is the reference)", JobConfig::list);
  public static final Key<String> PRIOR = key("prior", "flat",
      "prior of every coefficient: flat (MLE), gaussian:SD (L2), laplace:B (L1), elastic:SD:B, t:S:NU or cauchy:S; "
          + "gaussian:auto picks SD by the evidence, laplace:cv (gaussian:cv, t:cv:NU, cauchy:cv) the scale by "
          + "cross-validation", JobConfig::text);
  public static final Key<double[]> PATH = key("path", null,
      "prior scales to fit in turn, each from the previous fit, comma-separated, or 'default' (20 scales from one that "
          + "keeps every coefficient at its prior mean to a weak one); reported in the summary's path[]",
      t -> io.infospark.logistic.ScaleChoice.parseScales(t, "path"));
  public static final Key<Integer> FOLDS = key("folds", String.valueOf(LogisticOptions.DEFAULT_FOLDS),
      "folds of cross-validation (with a :cv prior); at least 2 and at most the number of rows",
      t -> folds(t));
  public static final Key<io.infospark.logistic.ScaleChoice.Rule> RULE = key("rule", LogisticOptions.DEFAULT_RULE.text(),
      "cross-validation rule: min (least held-out log-loss) or 1se (the strongest prior within one standard error)",
      t -> io.infospark.logistic.ScaleChoice.Rule.parse(t, "rule"));
  public static final Key<Long> SEED = key("seed", String.valueOf(LogisticOptions.DEFAULT_SEED),
      "seed of the cross-validation folds (a row's fold is a hash of its content and the seed)", t -> seed(t));
  public static final Key<List<Double>> PRIOR_MEAN = key("prior-mean", "",
      "mean of the prior: one value for all coefficients, or one per feature in feature order (default 0)",
      t -> numbers("prior-mean", t));
  public static final Key<Map<String, String>> PRIORS = key("priors", "",
      "per-coefficient priors by name, ';'-separated: 'age=gaussian:0.5; city=London=laplace:1' "
          + "(the last '=' splits name and prior)", JobConfig::namedPriors);
  public static final Key<String> PRIOR_MODEL = key("prior-model", null,
      "a model folder from an earlier fit: each coefficient's prior becomes Gaussian(estimate, std. error) "
          + "(yesterday's posterior as today's prior)", JobConfig::text);
  public static final Key<io.infospark.logistic.NaPolicy> NA = key("na",
      LogisticOptions.DEFAULT_NA.name().toLowerCase(java.util.Locale.ROOT),
      "rows with null/NaN/infinite label, feature or weight: error (named and counted) or drop (counted)",
      t -> io.infospark.logistic.NaPolicy.parse(t, "na"));
  public static final Key<Boolean> STANDARDIZE = key("standardize", String.valueOf(LogisticOptions.DEFAULT_STANDARDIZE),
      "solve in standardised feature units for conditioning; the optimum, the priors and the reported "
          + "coefficients stay on the original scale: true or false",
      t -> bool("standardize", t));
  public static final Key<Integer> MAX_ITERATIONS = key("max-iterations", null,
      "maximum optimiser iterations (default: the method's own)", t -> positiveInt("max-iterations", t));
  public static final Key<Double> TOLERANCE = key("tolerance", null,
      "convergence tolerance on the gradient / KKT norm (default: the method's own)",
      t -> nonNegative("tolerance", t));
  public static final Key<String> MODEL = key("model", null,
      "model folder: written by fit-logistic, read by score-logistic", JobConfig::text);
  public static final Key<String> PREFIX = key("prefix", "",
      "prefix of the columns score-logistic adds (margin, probability, prediction, run_date), for an input "
          + "that already has columns of those names (default: none)", JobConfig::text);

  // ---- anomalies: a history table's last run against the runs before it ----
  public static final Key<String> HISTORY = key("history", null,
      "folder of a history table: the output of earlier profile or compare runs (one run_id partition each)",
      JobConfig::text);
  public static final Key<String> HISTORY_FORMAT = key("history-format", "parquet",
      "format of the history table: parquet, csv, json or orc", t -> oneOf("history-format", t, FORMATS));
  public static final Key<List<String>> RULES = key("rules", "rolling, standard-error",
      "anomaly rules, comma-separated: rolling (mean ± k sd of the last lookback runs), standard-error (within k "
          + "standard errors of their mean, from the metrics' own errors), rate-of-change (at most max-change "
          + "relative change from the previous run)", JobConfig::rules);
  public static final Key<Integer> LOOKBACK = key("lookback", "30",
      "number of earlier runs the rolling and standard-error rules judge a run against", t -> positiveInt("lookback", t));
  public static final Key<Double> K = key("k", "3",
      "width of the rolling and standard-error bands in standard deviations (errors); > 0", t -> positive("k", t));
  public static final Key<Double> MAX_CHANGE = key("max-change", "0.5",
      "rate-of-change rule: the largest relative change from the previous run (0.5 = 50 %); > 0",
      t -> positive("max-change", t));
  public static final Key<String> CHECK_RUN = key("check-run", null,
      "the run of the history to check (default: the last, by run id)", JobConfig::runId);
  public static final Key<Boolean> CHECK_ANOMALIES = key("check-anomalies", "false",
      "after appending this run to output, check its metrics against the earlier runs there (keys rules, lookback, "
          + "k, max-change); exit 3 on an anomaly: true or false", t -> bool("check-anomalies", t));

  // ---- streams ----
  public static final Key<String> SOURCE = key("source", "files",
      "stream source: files (new files landing in the input folder, read as format) or kafka (Spark's Kafka "
          + "source; input names the topics, source-options the servers)", t -> oneOf("source", t, List.of("files", "kafka")));
  public static final Key<Map<String, String>> SOURCE_OPTIONS = key("source-options", "",
      "options of the stream source, 'name=value' entries separated by ',': 'kafka.bootstrap.servers=host:9092, "
          + "startingOffsets=earliest' or 'maxFilesPerTrigger=1'", JobConfig::sourceOptions);
  public static final Key<String> CHECKPOINT = key("checkpoint", null,
      "folder of the stream's checkpoint and running count state (required; a rerun resumes from it exactly once)",
      JobConfig::text);
  public static final Key<Long> TRIGGER = key("trigger", "available-now",
      "when micro-batches run: available-now (what has arrived, then stop: for tests and cron) or 'every DURATION' "
          + "('every 1 minute'; runs until stopped)", JobConfig::trigger);
  public static final Key<io.infospark.measure.StreamWindow> WINDOW = key("window", "all",
      "what each result covers: all (every row since the stream started), 'batches N' (tumbling), 'batches N every "
          + "S' (sliding), 'time COLUMN DURATION' (tumbling by event time), 'time COLUMN DURATION every DURATION' "
          + "(sliding)", t -> io.infospark.measure.StreamWindow.parse(t, "window"));
  public static final Key<Long> LATENESS = key("lateness", null,
      "for a window of event time: how long after the latest event time seen a window stays open ('2 hours', "
          + "'30 minutes', '0 s'); then its final result is emitted and its state deleted, and later rows are dropped "
          + "and counted (late_rows)", t -> io.infospark.measure.StreamWindow.lateness(t, "lateness"));

  /** The keys of a job that checks its run against its history ({@code check-anomalies}). */
  public static final List<Key<?>> ANOMALY_CHECK_KEYS = List.of(CHECK_ANOMALIES, RULES, LOOKBACK, K, MAX_CHANGE);

  // ---- saved count states (profile, compare, mutual-info; compact-states) ----
  public static final Key<String> SAVE_STATE = key("save-state", null,
      "folder of saved count states: the exact counts of the input are saved there as run <run-id> (written "
          + "beside and renamed into place)", JobConfig::text);
  public static final Key<java.time.LocalDate> STATE_DATE = key("state-date", null,
      "the date of the data of the saved run, yyyy-mm-dd, for state-from/state-to windows (default: today, UTC)",
      t -> date("state-date", t));
  public static final Key<String> STATES = key("states", null,
      "folder of saved count states to read: the merged counts of a window of its runs stand for their inputs, "
          + "instead of input or besides it (added to it)", JobConfig::text);
  public static final Key<List<String>> STATE_RUNS = key("state-runs", "",
      "the runs of states to merge, comma-separated run ids (default: every run, or the window below)", JobConfig::list);
  public static final Key<Integer> STATE_LAST = key("state-last", null,
      "merge the last N runs of states, by the dates of their data", t -> positiveInt("state-last", t));
  public static final Key<java.time.LocalDate> STATE_FROM = key("state-from", null,
      "merge the runs of states whose data lies on or after this date, yyyy-mm-dd", t -> date("state-from", t));
  public static final Key<java.time.LocalDate> STATE_TO = key("state-to", null,
      "merge the runs of states whose data lies on or before this date, yyyy-mm-dd", t -> date("state-to", t));
  public static final Key<String> REFERENCE_STATES = key("reference-states", null,
      "compare: folder of saved count states whose merged window is the reference (q), instead of reference or "
          + "besides it", JobConfig::text);
  public static final Key<List<String>> REFERENCE_STATE_RUNS = key("reference-state-runs", "",
      "the runs of reference-states to merge, comma-separated run ids", JobConfig::list);
  public static final Key<Integer> REFERENCE_STATE_LAST = key("reference-state-last", null,
      "merge the last N runs of reference-states", t -> positiveInt("reference-state-last", t));
  public static final Key<java.time.LocalDate> REFERENCE_STATE_FROM = key("reference-state-from", null,
      "merge the runs of reference-states on or after this date, yyyy-mm-dd", t -> date("reference-state-from", t));
  public static final Key<java.time.LocalDate> REFERENCE_STATE_TO = key("reference-state-to", null,
      "merge the runs of reference-states on or before this date, yyyy-mm-dd", t -> date("reference-state-to", t));
  public static final Key<String> INTO = key("into", null,
      "compact-states: the id of the run that replaces the window's runs (e.g. 2026-w05)", JobConfig::text);
  public static final Key<Map<String, double[]>> BIN_RANGE = key("bin-range", "",
      "fixed equal-width bins of floating-point columns, 'column=lo:hi' entries separated by ',': bins bins on "
          + "[lo, hi] in every run (values outside go to the end bins), so that saved states of runs merge",
      JobConfig::binRanges);

  /** The keys of a job that saves and reads count states. */
  public static final List<Key<?>> STATE_KEYS = List.of(SAVE_STATE, STATE_DATE, STATES, STATE_RUNS, STATE_LAST,
      STATE_FROM, STATE_TO, BIN_RANGE);

  /** The keys of the reference side's states (compare). */
  public static final List<Key<?>> REFERENCE_STATE_KEYS = List.of(REFERENCE_STATES, REFERENCE_STATE_RUNS,
      REFERENCE_STATE_LAST, REFERENCE_STATE_FROM, REFERENCE_STATE_TO);

  /** Keys every job accepts. */
  public static final List<Key<?>> COMMON = List.of(JOB, SUMMARY, REPORT, RUN_ID, SHOW, PROGRESS, MASTER, APP_NAME);

  /** The keys of a job that reads one input table. */
  public static final List<Key<?>> INPUT_KEYS = List.of(INPUT, FORMAT, TABLE, DELIMITER, MERGE_SCHEMA);

  /** The keys of a job that also reads a reference table. */
  public static final List<Key<?>> REFERENCE_KEYS = List.of(REFERENCE, REFERENCE_FORMAT, REFERENCE_TABLE);

  /** The input's keys ({@link #INPUT_KEYS}) and then {@code more}: a job's {@link Job#keys()}. */
  static List<Key<?>> inputAnd(Key<?>... more) {
    List<Key<?>> keys = new java.util.ArrayList<>(INPUT_KEYS);
    keys.addAll(List.of(more));
    return keys;
  }

  static final String COMMAND_LINE = "command line";

  private final Job job;
  private final Map<String, String> values;
  private final Map<String, String> sources;
  private final Instant created;

  private JobConfig(Job job, Map<String, String> values, Map<String, String> sources, Instant created) {
    this.job = job;
    this.values = values;
    this.sources = sources;
    this.created = created;
  }

  /**
   * Reads {@code <job|jobfile> [--key value | --key=value]…} and validates every key and value.
   *
   * @throws BadInputException naming the job, file, line or key that is wrong
   */
  public static JobConfig parse(String[] args, Jobs jobs) {
    return parse(args, jobs, Instant.now());
  }

  static JobConfig parse(String[] args, Jobs jobs, Instant now) {
    if (args.length == 0) {
      throw new BadInputException("usage: infospark <job|jobfile> [--key value ...]; jobs: " + jobs.names());
    }
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    String first = args[0];
    Job job = jobs.get(first);
    if (job != null) {
      values.put(JOB.name, first);
      sources.put(JOB.name, COMMAND_LINE);
    } else if (looksLikeFile(first)) {
      readJobFile(first, values, sources);
      String name = values.get(JOB.name);
      if (name == null) {
        throw new BadInputException("job file " + first + ": no 'job = <name>' line; jobs: " + jobs.names());
      }
      job = jobs.get(name);
      if (job == null) {
        throw new BadInputException("job file " + first + ": unknown job '" + name + "'"
            + suggestion(name, jobNames(jobs)) + "; jobs: " + jobs.names());
      }
    } else {
      throw new BadInputException("unknown job '" + first + "'" + suggestion(first, jobNames(jobs))
          + "; expected one of " + jobs.names() + " or a job file path");
    }
    readFlags(args, values, sources);
    JobConfig config = new JobConfig(job, values, sources, now);
    config.validate();
    return config;
  }

  private static boolean looksLikeFile(String arg) {
    return arg.contains("/") || arg.contains("\\") || arg.endsWith(".properties") || Files.isRegularFile(Path.of(arg));
  }

  private static void readJobFile(String file, Map<String, String> values, Map<String, String> sources) {
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new BadInputException("job file " + file + ": no such file");
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new BadInputException("job file " + file + ": cannot read it (" + e.getMessage() + ")");
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1); // a byte order mark, as some Windows editors write UTF-8
      }
      line = line.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + ":" + (i + 1);
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new BadInputException(where + ": expected 'key = value' but got '" + line + "'");
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (value.isEmpty()) {
        throw new BadInputException(where + ": key '" + key + "' has no value (delete the line for the default)");
      }
      if (values.put(key, value) != null) {
        throw new BadInputException(where + ": key '" + key + "' is given twice");
      }
      sources.put(key, file);
    }
  }

  private static void readFlags(String[] args, Map<String, String> values, Map<String, String> sources) {
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new BadInputException("command line: expected --key value but got '" + arg + "'");
      }
      String key = arg.substring(2);
      String value;
      int eq = key.indexOf('=');
      if (eq >= 0) {
        value = key.substring(eq + 1);
        key = key.substring(0, eq);
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        value = args[++i];
      } else {
        throw new BadInputException("command line: --" + key + " needs a value");
      }
      if (key.equals(JOB.name)) {
        throw new BadInputException("command line: the job is the first argument, not --job");
      }
      values.put(key, value.strip());
      sources.put(key, COMMAND_LINE);
    }
  }

  private void validate() {
    Set<String> valid = accepted().stream().map(Key::name).collect(Collectors.toCollection(LinkedHashSet::new));
    for (String key : values.keySet()) {
      if (!valid.contains(key)) {
        String where = COMMAND_LINE.equals(sources.get(key)) ? "on the command line" : "in " + sources.get(key);
        throw new BadInputException("unknown key '" + key + "' " + where + suggestion(key, valid)
            + "; valid keys for " + job.name() + ": " + String.join(", ", new java.util.TreeSet<>(valid)));
      }
    }
    for (Key<?> key : accepted()) {
      get(key);
    }
    StateKeys.validate(this);
    if (accepted().contains(INPUT) && !(has(STATES) && !has(INPUT) && !has(TABLE))) {
      if (has(INPUT) == has(TABLE)) {
        throw new BadInputException(has(INPUT)
            ? "input, table: give one of --input PATH or --table NAME, not both"
            : "input: missing; give --input PATH (with --format csv|parquet|json|orc) or --table NAME"
                + (accepted().contains(STATES) ? " (or --states DIR)" : ""));
      }
      if (has(TABLE) && has(FORMAT)) {
        throw new BadInputException("format: only for --input, not for --table " + values.get(TABLE.name));
      }
    }
    if (has(DELIMITER) && !readsFiles("csv")) {
      throw new BadInputException("delimiter: only for CSV input (--format csv or a .csv path)");
    }
    if (Boolean.TRUE.equals(get(MERGE_SCHEMA)) && !readsFiles("parquet") && !readsFiles("orc")) {
      throw new BadInputException("merge-schema: only for Parquet or ORC input");
    }
    if (accepted().contains(CHECK_ANOMALIES) && Boolean.TRUE.equals(get(CHECK_ANOMALIES)) && !has(OUTPUT)) {
      throw new BadInputException("check-anomalies: needs output, the history folder this run is appended to and "
          + "checked against");
    }
    if (accepted().contains(REFERENCE) && !(has(REFERENCE_STATES) && !has(REFERENCE) && !has(REFERENCE_TABLE))) {
      if (has(REFERENCE) == has(REFERENCE_TABLE)) {
        throw new BadInputException(has(REFERENCE)
            ? "reference, reference-table: give one of --reference PATH or --reference-table NAME, not both"
            : "reference: missing; give --reference PATH (with --reference-format csv|parquet|json|orc) "
                + "or --reference-table NAME (or --reference-states DIR)");
      }
      if (has(REFERENCE_TABLE) && has(REFERENCE_FORMAT)) {
        throw new BadInputException("reference-format: only for --reference, not for --reference-table "
            + values.get(REFERENCE_TABLE.name));
      }
    }
  }

  /** Whether the input (or the reference) is read from files of this format. */
  private boolean readsFiles(String format) {
    return (has(INPUT) && format.equals(has(FORMAT) ? get(FORMAT) : Inputs.formatOf(get(INPUT))))
        || (accepted().contains(REFERENCE) && has(REFERENCE)
            && format.equals(has(REFERENCE_FORMAT) ? get(REFERENCE_FORMAT) : Inputs.formatOf(get(REFERENCE))));
  }

  /** Every key this run's job accepts: {@link #COMMON} then the job's own. */
  public List<Key<?>> accepted() {
    List<Key<?>> keys = new ArrayList<>(COMMON);
    keys.addAll(job.keys());
    return keys;
  }

  public Job job() {
    return job;
  }

  public String jobName() {
    return job.name();
  }

  /** Whether the key was given (in the job file or as a flag). */
  public boolean has(Key<?> key) {
    return values.containsKey(key.name);
  }

  /** The parsed value: given, else the default, else null. */
  public <T> T get(Key<T> key) {
    String text = values.getOrDefault(key.name, key.defaultValue);
    if (text == null) {
      return null;
    }
    try {
      return key.parser.apply(text);
    } catch (BadInputException e) {
      String source = sources.get(key.name);
      throw source == null ? e : new BadInputException(e.getMessage() + " (" + (COMMAND_LINE.equals(source)
          ? "on the command line" : "in " + source) + ")", e);
    }
  }

  /** The run id: given, else the UTC start time as {@code yyyyMMddTHHmmssZ}. */
  public String runId() {
    return has(RUN_ID) ? get(RUN_ID) : RUN_ID_CLOCK.format(created);
  }

  /** When this configuration was built: the start of the run. */
  public Instant created() {
    return created;
  }

  /** Every accepted key with a value (given or default), as text, in key order; for summaries. */
  public Map<String, String> resolved() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Key<?> key : accepted()) {
      String v = key == RUN_ID ? runId() : values.getOrDefault(key.name, key.defaultValue);
      if (v != null) {
        out.put(key.name, v);
      }
    }
    return out;
  }

  /** The usage text: jobs and their keys with defaults. */
  public static String usage(Jobs jobs) {
    StringBuilder sb = new StringBuilder();
    sb.append("usage: infospark <job|jobfile> [--key value ...]\n");
    sb.append("a flag overrides the same key of the job file\n\nevery job:\n");
    appendKeys(sb, COMMON);
    for (Job j : jobs.all()) {
      sb.append('\n').append(j.name()).append(": ").append(j.description()).append('\n');
      appendKeys(sb, j.keys());
    }
    return sb.toString();
  }

  /** The usage text of one job: its keys, then those every job accepts. */
  public static String usage(Job job) {
    StringBuilder sb = new StringBuilder();
    sb.append("usage: infospark ").append(job.name()).append(" [--key value ...]\n");
    sb.append(job.description()).append("\n\n").append(job.name()).append(":\n");
    appendKeys(sb, job.keys());
    sb.append("\nevery job:\n");
    appendKeys(sb, COMMON);
    return sb.toString();
  }

  private static void appendKeys(StringBuilder sb, List<Key<?>> keys) {
    for (Key<?> k : keys) {
      if (k == JOB) {
        continue;
      }
      sb.append(String.format(Locale.ROOT, "  --%-14s %s%s%n", k.name, k.help,
          k.defaultValue == null || k.defaultValue.isEmpty() ? "" : " [" + k.defaultValue + "]"));
    }
  }

  // ---- parsers ----

  private static <T> Key<T> key(String name, String def, String help, Function<String, T> parser) {
    Key<T> k = new Key<>(name, def, help, parser);
    if (ALL.put(name, k) != null) {
      throw new IllegalStateException("two keys named " + name);
    }
    return k;
  }

  private static String text(String t) {
    return t;
  }

  private static List<String> list(String t) {
    return Arrays.stream(t.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static String oneOf(String key, String t, List<String> allowed) {
    String v = t.strip().toLowerCase(Locale.ROOT);
    if (!allowed.contains(v)) {
      throw new BadInputException(key + ": expected " + String.join(", ", allowed) + " but got '" + t + "'");
    }
    return v;
  }

  private static boolean bool(String key, String t) {
    switch (t.strip().toLowerCase(Locale.ROOT)) {
      case "true": case "yes": case "on": return true;
      case "false": case "no": case "off": return false;
      default: throw new BadInputException(key + ": expected true or false but got '" + t + "'");
    }
  }

  private static Integer bins(String t) {
    int n;
    try {
      n = Integer.parseInt(t.strip());
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > 1_000_000) {
      throw new BadInputException("bins: expected a whole number from 1 to 1000000 but got '" + t + "'");
    }
    return n;
  }

  private static List<Double> numbers(String key, String t) {
    List<Double> out = new ArrayList<>();
    for (String part : list(t)) {
      double v;
      try {
        v = Double.parseDouble(part);
      } catch (NumberFormatException e) {
        v = Double.NaN;
      }
      if (!Double.isFinite(v)) {
        throw new BadInputException(key + ": expected finite numbers separated by commas but got '" + part + "'");
      }
      out.add(v);
    }
    return out;
  }

  private static Map<String, String> namedPriors(String t) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : t.split(";")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.lastIndexOf('=');
      if (eq <= 0 || eq == p.length() - 1) {
        throw new BadInputException("priors: expected 'coefficient=prior' entries separated by ';' but got '" + p + "'");
      }
      out.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
    }
    return out;
  }

  private static Integer folds(String t) {
    try {
      int n = Integer.parseInt(t.trim());
      if (n >= 2) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the message
    }
    throw new BadInputException("folds: expected a whole number >= 2 but got '" + t + "'");
  }

  private static Long seed(String t) {
    try {
      return Long.parseLong(t.trim());
    } catch (NumberFormatException e) {
      throw new BadInputException("seed: expected a whole number but got '" + t + "'");
    }
  }

  private static Integer positiveInt(String key, String t) {
    try {
      int n = Integer.parseInt(t.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the message
    }
    throw new BadInputException(key + ": expected a whole number >= 1 but got '" + t + "'");
  }

  private static Double nonNegative(String key, String t) {
    double x;
    try {
      x = Double.parseDouble(t.strip());
    } catch (NumberFormatException e) {
      x = Double.NaN;
    }
    if (!(x >= 0) || Double.isInfinite(x)) {
      throw new BadInputException(key + ": expected a number >= 0 but got '" + t + "'");
    }
    return x;
  }

  private static String delimiter(String t) {
    if (t.equals("\\t") || t.equalsIgnoreCase("tab") || t.equals("\t")) {
      return "\t";
    }
    if (t.length() != 1 || t.equals("\"") || t.equals("\n") || t.equals("\r")) {
      throw new BadInputException("delimiter: expected one character (or \\t for tab), not a quote or line break, "
          + "but got '" + t + "'");
    }
    return t;
  }

  private static Double unitInterval(String key, String t) {
    Double x = nonNegative(key, t);
    if (x > 1) {
      throw new BadInputException(key + ": expected a number from 0 to 1 but got '" + t + "'");
    }
    return x;
  }

  private static Double alpha(String t) {
    double x;
    try {
      x = Double.parseDouble(t.strip());
    } catch (NumberFormatException e) {
      x = Double.NaN;
    }
    if (!(x > 0 && x < 1)) {
      throw new BadInputException("alpha: expected a significance level strictly between 0 and 1 (e.g. 0.01) but got '"
          + t + "'");
    }
    return x;
  }

  /** 'column=size' entries separated by ','; the last '=' of an entry splits name and size. */
  private static Map<String, Long> alphabets(String t) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String part : list(t)) {
      int eq = part.lastIndexOf('=');
      if (eq <= 0 || eq == part.length() - 1) {
        throw new BadInputException("alphabet: expected 'column=size' entries separated by ',' but got '" + part + "'");
      }
      String column = part.substring(0, eq).strip();
      String size = part.substring(eq + 1).strip();
      long n;
      try {
        double d = Double.parseDouble(size);
        n = d == Math.rint(d) && d >= 1 && d <= 0x1p53 ? (long) d : -1;
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 1) {
        throw new BadInputException("alphabet: column '" + column + "': expected a whole number >= 1 but got '" + size
            + "'");
      }
      if (out.put(column, n) != null) {
        throw new BadInputException("alphabet: column '" + column + "' is given twice");
      }
    }
    return out;
  }

  private static List<String> rules(String t) {
    List<String> out = list(t);
    List<String> known = List.of("rolling", "standard-error", "rate-of-change");
    if (out.isEmpty()) {
      throw new BadInputException("rules: expected one or more of " + String.join(", ", known) + " but got '" + t + "'");
    }
    for (String r : out) {
      if (!known.contains(r)) {
        throw new BadInputException("rules: expected " + String.join(", ", known) + " but got '" + r + "'"
            + suggestion(r, known));
      }
    }
    return out;
  }

  private static Double positive(String key, String t) {
    Double x = nonNegative(key, t);
    if (x == 0) {
      throw new BadInputException(key + ": expected a number > 0 but got '" + t + "'");
    }
    return x;
  }

  private static Map<String, String> sourceOptions(String t) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : list(t)) {
      int eq = part.indexOf('=');
      if (eq <= 0 || eq == part.length() - 1) {
        throw new BadInputException("source-options: expected 'name=value' entries separated by ',' but got '" + part
            + "'");
      }
      out.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
    }
    return out;
  }

  private static java.time.LocalDate date(String key, String t) {
    try {
      return java.time.LocalDate.parse(t.strip());
    } catch (java.time.format.DateTimeParseException e) {
      throw new BadInputException(key + ": expected a date yyyy-mm-dd but got '" + t + "'");
    }
  }

  /** 'column=lo:hi' entries separated by ','; the last '=' of an entry splits name and range. */
  private static Map<String, double[]> binRanges(String t) {
    Map<String, double[]> out = new LinkedHashMap<>();
    for (String part : list(t)) {
      int eq = part.lastIndexOf('=');
      String range = eq < 0 ? "" : part.substring(eq + 1).strip();
      int colon = range.indexOf(':', 1);
      double lo = Double.NaN;
      double hi = Double.NaN;
      if (colon > 0) {
        try {
          lo = Double.parseDouble(range.substring(0, colon).strip());
          hi = Double.parseDouble(range.substring(colon + 1).strip());
        } catch (NumberFormatException e) {
          lo = Double.NaN;
        }
      }
      if (eq <= 0 || !Double.isFinite(lo) || !Double.isFinite(hi) || !(lo < hi)) {
        throw new BadInputException("bin-range: expected 'column=lo:hi' entries (finite numbers, lo < hi) separated "
            + "by ',' but got '" + part + "'");
      }
      String column = part.substring(0, eq).strip();
      if (out.put(column, new double[] {lo, hi}) != null) {
        throw new BadInputException("bin-range: column '" + column + "' is given twice");
      }
    }
    return out;
  }

  /** {@code available-now}, or {@code every DURATION}: null for available-now, else the interval in ms. */
  private static Long trigger(String t) {
    String v = t.strip().toLowerCase(Locale.ROOT);
    if (v.equals("available-now")) {
      return null;
    }
    if (v.startsWith("every ")) {
      return io.infospark.measure.StreamWindow.millis(v.substring(6), "trigger");
    }
    throw new BadInputException("trigger: expected available-now or 'every DURATION' (e.g. 'every 1 minute') but got '"
        + t + "'");
  }

  private static String runId(String t) {
    if (!RUN_ID_SYNTAX.matcher(t).matches()) {
      throw new BadInputException("run-id: expected a letter or digit followed by letters, digits, '.', '_' or '-' "
          + "(at most 128 in all) but got '" + t + "'");
    }
    return t;
  }

  // ---- suggestions ----

  private static List<String> jobNames(Jobs jobs) {
    return jobs.all().stream().map(Job::name).toList();
  }

  /** " (did you mean 'x'?)" for the closest candidate within a small edit distance, else "". */
  static String suggestion(String word, Iterable<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = editDistance(word.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(2, word.length() / 3) ? " (did you mean '" + best + "'?)" : "";
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
