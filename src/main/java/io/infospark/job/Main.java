package io.infospark.job;

import io.infospark.core.BadInputException;
import java.io.PrintStream;
import java.util.IdentityHashMap;
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
      if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help"))) {
        out.print(JobConfig.usage(jobs));
        return OK;
      }
      JobConfig config = JobConfig.parse(args, jobs);
      boolean created = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
      SparkSession spark = created ? newSession(config) : SparkSession.builder().getOrCreate();
      // A CSV row with more or fewer fields than its header fails the job (FAILFAST, Inputs), but
      // Spark counts a row's fields only when it parses all of them: with CSV column pruning a job
      // that reads some of the columns would count ragged rows silently. Off for the job.
      scala.Option<String> pruning = spark.conf().getOption(CSV_COLUMN_PRUNING);
      spark.conf().set(CSV_COLUMN_PRUNING, "false");
      try {
        OutputPaths.check(spark, config);
        JobContext context = new JobContext(spark, config, out, err, config.created());
        config.job().run(context);
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
    } else if (!conf.contains("spark.app.name")) {
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
      // a corrupt or unreadable input file met by a task, after the schema was read
      err.println("infospark: input: " + firstLine(unreadable));
      return BAD_INPUT;
    }
    err.println("infospark: failed: " + t);
    t.printStackTrace(err);
    return FAILED;
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
      if (c instanceof SparkThrowable s && s.getCondition() != null
          && (s.getCondition().startsWith("FAILED_READ_FILE") || s.getCondition().startsWith("CANNOT_READ_FILE"))) {
        return c;
      }
    }
    return null;
  }

  /** The first line of an exception's message, without Spark's SQLSTATE suffix. */
  static String firstLine(Throwable t) {
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    m = m.strip().lines().findFirst().orElse(m).strip();
    return m.replaceAll("\\s*SQLSTATE: \\w+\\s*;?$", "").replaceAll(";$", "");
  }

  private static String oneLine(String m) {
    return m == null ? "" : m.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
