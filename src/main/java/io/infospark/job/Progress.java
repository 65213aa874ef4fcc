package io.infospark.job;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;

/**
 * A job's progress on stderr, for a person at a terminal, the convention of Spark's own console
 * progress bar: once the job has run for {@link #DELAY}, one line rewritten in place (a carriage
 * return) every {@link #INTERVAL} with the running stage, its tasks done of total, the time since
 * the start and the rows read per second where Spark counts them:
 *
 * <pre>
 * infospark: stage 4 (count): 37/200 tasks, 0:42 elapsed, 1.2M rows/s
 * </pre>
 *
 * and a line break when the job ends. Nothing at all when it is off: schedulers' logs get no
 * progress (see {@link #wanted}). Reads Spark's listener events only (public API).
 */
final class Progress extends SparkListener implements AutoCloseable {
  /** Nothing is shown for a job that ends sooner. */
  static final Duration DELAY = Duration.ofSeconds(3);
  /** How often the line is rewritten. */
  static final Duration INTERVAL = Duration.ofSeconds(1);
  /** The system property the scripts set to whether stderr is a terminal ({@code [[ -t 2 ]]}). */
  static final String TERMINAL_PROPERTY = "infospark.terminal";

  private final SparkContext spark;
  private final PrintStream err;
  private final LongSupplier clock;
  private final long start;
  private final ScheduledExecutorService timer;
  private StageState stage;
  private long rowsRead;
  private String shown = "";

  /** The running stage's counts (guarded by the Progress). */
  private static final class StageState {
    final int id;
    final String name;
    final int tasks;
    int done;

    StageState(StageInfo info) {
      this.id = info.stageId();
      this.name = info.name();
      this.tasks = info.numTasks();
    }
  }

  private Progress(SparkContext spark, PrintStream err, LongSupplier clock, Duration delay, Duration interval) {
    this.spark = spark;
    this.err = err;
    this.clock = clock;
    this.start = clock.getAsLong();
    spark.addSparkListener(this);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "infospark-progress");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(this::render, delay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Starts showing the progress of the jobs on {@code spark} when {@link #wanted}.
   *
   * @return what stops it, to run when the job ends (nothing to stop when not wanted)
   */
  static Runnable start(SparkContext spark, JobConfig config, PrintStream err) {
    if (!wanted(config)) {
      return () -> { };
    }
    return new Progress(spark, err, System::nanoTime, DELAY, INTERVAL)::close;
  }

  /** For tests: shown from the start, rewritten every {@code interval}, on the given clock (nanoseconds). */
  static Progress forTest(SparkContext spark, PrintStream err, LongSupplier clock, Duration interval) {
    return new Progress(spark, err, clock, Duration.ZERO, interval);
  }

  /**
   * Whether to show progress: the {@code progress} key when given, else whether stderr is a
   * terminal: {@value #TERMINAL_PROPERTY} when the scripts set it, else whether the JVM has a
   * console (stdin and stdout a terminal).
   */
  static boolean wanted(JobConfig config) {
    Boolean asked = config.get(JobConfig.PROGRESS);
    if (asked != null) {
      return asked;
    }
    String terminal = System.getProperty(TERMINAL_PROPERTY);
    return terminal != null ? Boolean.parseBoolean(terminal) : System.console() != null;
  }

  @Override
  public synchronized void onStageSubmitted(SparkListenerStageSubmitted event) {
    stage = new StageState(event.stageInfo());
  }

  @Override
  public synchronized void onStageCompleted(SparkListenerStageCompleted event) {
    if (stage != null && stage.id == event.stageInfo().stageId()) {
      stage.done = stage.tasks;
    }
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd event) {
    if (stage != null && stage.id == event.stageId() && event.taskInfo().successful()) {
      stage.done = Math.min(stage.tasks, stage.done + 1);
    }
    if (event.taskMetrics() != null) {
      rowsRead += event.taskMetrics().inputMetrics().recordsRead();
    }
  }

  /** The progress line now, or null before the first stage. */
  synchronized String line() {
    if (stage == null) {
      return null;
    }
    long nanos = clock.getAsLong() - start;
    long seconds = nanos / 1_000_000_000L;
    String rate = rowsRead > 0 && nanos > 0 ? ", " + rows(rowsRead * 1e9 / nanos) + " rows/s" : "";
    return String.format(Locale.ROOT, "infospark: stage %d%s: %d/%d tasks, %d:%02d elapsed%s", stage.id,
        shortName(stage.name), stage.done, stage.tasks, seconds / 60, seconds % 60, rate);
  }

  /** Rewrites the line when it changed. */
  private synchronized void render() {
    String line = line();
    if (line == null || line.equals(shown)) {
      return;
    }
    // pad over the rest of a longer previous line
    String pad = " ".repeat(Math.max(0, shown.length() - line.length()));
    err.print("\r" + line + pad);
    err.flush();
    shown = line;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    spark.removeSparkListener(this);
    synchronized (this) {
      if (!shown.isEmpty()) {
        err.println();
        err.flush();
      }
    }
  }

  /**
   * A stage's name as Spark gives it ({@code count at Profiler.java:120}): the operation in
   * parentheses; none for the stages adaptive execution names after a lambda ({@code $anonfun…}).
   */
  private static String shortName(String name) {
    int at = name.indexOf(" at ");
    String operation = at > 0 ? name.substring(0, at) : name;
    return operation.isEmpty() || operation.startsWith("$") ? "" : " (" + operation + ")";
  }

  /** 1234 → 1234, 12345 → 12.3k, 1.2e6 → 1.2M. */
  static String rows(double perSecond) {
    if (perSecond < 10_000) {
      return String.format(Locale.ROOT, "%.0f", perSecond);
    }
    if (perSecond < 1e6) {
      return String.format(Locale.ROOT, "%.1fk", perSecond / 1e3);
    }
    if (perSecond < 1e9) {
      return String.format(Locale.ROOT, "%.1fM", perSecond / 1e6);
    }
    return String.format(Locale.ROOT, "%.1fG", perSecond / 1e9);
  }
}
