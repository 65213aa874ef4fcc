package io.infospark.job;

import io.infospark.core.BadInputException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;

/**
 * The command line: {@code infospark <job|jobfile> [--key value …]}. Parses the configuration,
 * runs the job on the current Spark session (or a local one it creates and stops) and turns the
 * outcome into an exit code (DESIGN.md §3):
 *
 * <ul>
 *   <li>0 success;
 *   <li>2 bad input or configuration: one line {@code infospark: <message>} on stderr;
 *   <li>3 a threshold was exceeded ({@link ThresholdExceededException});
 *   <li>4 a fit did not converge ({@link FitNotConvergedException}): one line on stderr;
 *   <li>1 anything else: the message and the stack trace.
 * </ul>
 */
public final class Main {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int BAD_INPUT = 2;
  public static final int THRESHOLD_EXCEEDED = 3;
  public static final int NOT_CONVERGED = 4;
  static final String CSV_COLUMN_PRUNING = "spark.sql.csv.parser.columnPruning.enabled";

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one job; never throws, never exits. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, Jobs.standard());
  }

  static int run(String[] args, PrintStream out, PrintStream err, Jobs jobs) {
    try {
      if (helpRequested(args)) {
        out.print(help(args, jobs));
        return OK;
      }
      JobConfig config = JobConfig.parse(args, jobs);
      boolean created = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
      SparkSession spark = created ? newSession(config) : SparkSession.builder().getOrCreate();
      if (created && spark.sparkContext().uiWebUrl().isDefined()) {
        err.println("infospark: Spark UI at " + spark.sparkContext().uiWebUrl().get());
      }
      // A CSV row with more or fewer fields than its header fails the job (FAILFAST, Inputs), but
      // Spark counts a row's fields only when it parses all of them: with CSV column pruning a job
      // that reads some of the columns would count ragged rows silently. Off for the job.
      scala.Option<String> pruning = spark.conf().getOption(CSV_COLUMN_PRUNING);
      spark.conf().set(CSV_COLUMN_PRUNING, "false");
      try {
        OutputPaths.check(spark, config);
        JobContext context = new JobContext(spark, config, out, err, config.created());
        Runnable stopProgress = Progress.start(spark.sparkContext(), config, err);
        try {
          config.job().run(context);
        } catch (Throwable t) {
          throw malformedInputNamed(t, config);
        } finally {
          stopProgress.run();
        }
        if (config.has(JobConfig.REPORT) && !context.report().done()) {
          // every job accepts the key, so this is a bug of the job (exit 1), not of the user
          throw new IllegalStateException("job " + config.jobName() + " wrote no report to "
              + config.get(JobConfig.REPORT) + " (ReportFile.write missing)");
        }
      } finally {
        if (created) {
          spark.stop();
        } else if (pruning.isDefined()) {
          spark.conf().set(CSV_COLUMN_PRUNING, pruning.get());
        } else {
          spark.conf().unset(CSV_COLUMN_PRUNING);
        }
      }
      return OK;
    } catch (Throwable t) {
      return report(t, err);
    }
  }

  /** {@code --help} or {@code -h} anywhere, or {@code help} first: {@code profile --help}, {@code help profile}. */
  static boolean helpRequested(String[] args) {
    if (args.length > 0 && args[0].equals("help")) {
      return true;
    }
    for (String a : args) {
      if (a.equals("--help") || a.equals("-h")) {
        return true;
      }
    }
    return false;
  }

  /** The usage of the job named among the arguments, else of every job. */
  private static String help(String[] args, Jobs jobs) {
    for (String a : args) {
      Job job = jobs.get(a);
      if (job != null) {
        return JobConfig.usage(job);
      }
    }
    return JobConfig.usage(jobs);
  }

  /**
   * A new session. With no {@code spark.master} configured (a plain {@code java} run rather than
   * spark-submit), a local one on every core with the UI off.
   */
  private static SparkSession newSession(JobConfig config) {
    SparkSession.Builder builder = SparkSession.builder();
    SparkConf conf = new SparkConf(); // spark.* system properties, as spark-submit sets them
    if (!conf.contains("spark.master")) {
      String master = config.has(JobConfig.MASTER) ? config.get(JobConfig.MASTER) : "local[*]";
      builder.master(master).config("spark.ui.enabled", "false");
    }
    if (config.has(JobConfig.APP_NAME)) {
      builder.appName(config.get(JobConfig.APP_NAME));
    } else if (!conf.contains("spark.app.name") || conf.get("spark.app.name").equals(Main.class.getName())) {
      // spark-submit names an application after its main class unless given --name
      builder.appName("infospark-" + config.jobName());
    }
    return builder.getOrCreate();
  }

  /** Prints what went wrong and returns the exit code; credentials in URIs are masked. */
  static int report(Throwable t, PrintStream err) {
    PrintStream masked = new PrintStream(err, true) {
      @Override
      public void println(String line) {
        super.println(SummaryWriter.redact(line));
      }

      @Override
      public void println(Object x) {
        println(String.valueOf(x));
      }
    };
    return report0(t, masked);
  }

  private static int report0(Throwable t, PrintStream err) {
    Throwable user = find(t, BadInputException.class);
    if (user != null) {
      err.println("infospark: " + oneLine(user.getMessage()));
      return BAD_INPUT;
    }
    Throwable threshold = find(t, ThresholdExceededException.class);
    if (threshold != null) {
      err.println("infospark: " + oneLine(threshold.getMessage()));
      return THRESHOLD_EXCEEDED;
    }
    Throwable notConverged = find(t, FitNotConvergedException.class);
    if (notConverged != null) {
      err.println("infospark: " + oneLine(notConverged.getMessage()));
      return NOT_CONVERGED;
    }
    Throwable analysis = find(t, AnalysisException.class);
    if (analysis != null) {
      // a missing table, path or column, or an input Spark cannot read
      err.println("infospark: " + firstLine(analysis));
      return BAD_INPUT;
    }
    Throwable unreadable = unreadableFile(t);
    if (unreadable != null) {
      // a corrupt or unreadable input file met by a task, after the schema was read; Spark's
      // message names the file, its innermost cause says what is wrong with it
      Throwable root = unreadable;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String why = root == unreadable || root.getMessage() == null ? "" : oneLine(root.getMessage());
      err.println("infospark: input: " + firstLine(unreadable)
          + (why.isEmpty() ? "" : " (" + (why.length() > 300 ? why.substring(0, 300) + "…" : why) + ")"));
      return BAD_INPUT;
    }
    err.println("infospark: failed: " + t);
    t.printStackTrace(err);
    return FAILED;
  }

  /**
   * A malformed record of a FAILFAST read (a ragged CSV row) as bad input naming the job's inputs:
   * Spark 3.5 reports it without the file (Spark 4 wraps it in an error naming the file, which
   * {@link #unreadableFile} finds); anything else unchanged.
   */
  private static Throwable malformedInputNamed(Throwable t, JobConfig config) {
    List<String> inputs = new ArrayList<>();
    for (JobConfig.Key<String> k : List.of(JobConfig.INPUT, JobConfig.REFERENCE)) {
      if (config.has(k)) {
        inputs.add(config.get(k));
      }
    }
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable c = t; c != null && seen.put(c, true) == null; c = c.getCause()) {
      @SuppressWarnings("deprecation")
      String condition = c instanceof SparkThrowable s ? s.getErrorClass() : null;
      if (condition != null && condition.startsWith("FAILED_READ_FILE") || c instanceof BadInputException) {
        return t;
      }
      String where = inputs.isEmpty() ? "input" : "input: cannot read " + String.join(" or ", inputs);
      if (condition != null && condition.startsWith("MALFORMED_RECORD_IN_PARSING")) {
        return new BadInputException(where + ": " + firstLine(c), t);
      }
      if (c.getCause() == null && namesAnInput(c.getMessage(), inputs)) {
        // a task's error about a file of the input (Spark 3.5 passes a corrupt file's error on as it
        // is, over several lines: the CSV header check's last one names the file)
        String message = oneLine(c.getMessage()).replaceAll("\\s*SQLSTATE: \\w+\\s*;?$", "");
        return new BadInputException(where + ": " + message, t);
      }
    }
    return t;
  }

  /** Whether a message names a file under one of the inputs (as given, or as an absolute local path). */
  private static boolean namesAnInput(String message, List<String> inputs) {
    if (message == null) {
      return false;
    }
    for (String in : inputs) {
      String local = in.contains("://") ? in : java.nio.file.Path.of(in).toAbsolutePath().normalize().toString();
      if (message.contains(in) || message.contains(local)) {
        return true;
      }
    }
    return false;
  }

  /** The first exception of the given type in the cause chain (a task's error arrives wrapped). */
  private static Throwable find(Throwable t, Class<? extends Throwable> type) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable c = t; c != null && seen.put(c, true) == null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return c;
      }
    }
    return null;
  }

  /** Spark's error for an input file a task could not read, if that is what t is. */
  private static Throwable unreadableFile(Throwable t) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable c = t; c != null && seen.put(c, true) == null; c = c.getCause()) {
      // getErrorClass, not Spark 4's getCondition: the one name Spark 3.5 and 4 share
      @SuppressWarnings("deprecation")
      String condition = c instanceof SparkThrowable s ? s.getErrorClass() : null;
      if (condition != null && (condition.startsWith("FAILED_READ_FILE") || condition.startsWith("CANNOT_READ_FILE"))) {
        return c;
      }
      if (c.getCause() == null && c.getMessage() != null
          && c.getMessage().matches("(?s)[a-zA-Z][\\w+.-]*:/\\S+ is not a \\w+ file.*")) {
        // Spark 3.5 passes a corrupt file's error on as it is ("file:/…/part-1.parquet is not a Parquet file …")
        return c;
      }
    }
    return null;
  }

  /** The first line of an exception's message, without Spark's SQLSTATE suffix. */
  static String firstLine(Throwable t) {
    // a failed job's message is a wrapper ("Job aborted due to stage failure: … Lost task …"): its cause says what
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    while (t.getCause() != null && seen.put(t, true) == null && t.getMessage() != null
        && (t.getMessage().startsWith("Job aborted due to stage failure")
            || t.getMessage().startsWith("Exception thrown in awaitResult"))) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    m = m.strip().lines().findFirst().orElse(m).strip();
    return m.replaceAll("\\s*SQLSTATE: \\w+\\s*;?$", "").replaceAll(";$", "");
  }

  private static String oneLine(String m) {
    return m == null ? "" : m.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
