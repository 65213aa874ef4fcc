package io.infospark.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Test-only faults for unchanged jobs, switched on with Spark settings alone (so a job submitted
 * through {@code scripts/submit.sh} or run with {@code java … Main} can be hit without a hook in
 * the product code):
 *
 * <pre>
 *   spark.plugins=io.infospark.testing.FaultPlugin
 *   spark.infospark.test.failFirstAttempt=true   every task fails once, after doing its work
 *   spark.infospark.test.taskDelayMs=1500        every task sleeps first (to kill things midway)
 *   spark.infospark.test.markerDir=/tmp/x        a file per task start / injected failure
 * </pre>
 *
 * A failure is a task-completion listener that throws on attempt 0: the task has computed and
 * written its output (shuffle files, output files) and is then reported failed, so Spark retries
 * it. Results equal to a fault-free run show that nothing is counted twice. Needs
 * {@code spark.task.maxFailures} ≥ 2 (the default on a cluster is 4; {@code local[n,4]} locally).
 */
public final class FaultPlugin implements SparkPlugin {
  public static final String PREFIX = "spark.infospark.test.";
  public static final String FAIL_FIRST_ATTEMPT = PREFIX + "failFirstAttempt";
  public static final String TASK_DELAY_MS = PREFIX + "taskDelayMs";
  public static final String MARKER_DIR = PREFIX + "markerDir";

  @Override
  public DriverPlugin driverPlugin() {
    return null;
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new Faults();
  }

  static final class Faults implements ExecutorPlugin {
    private boolean failFirst;
    private long delayMs;
    private Path markers;

    @Override
    public void init(PluginContext ctx, Map<String, String> extraConf) {
      failFirst = ctx.conf().getBoolean(FAIL_FIRST_ATTEMPT, false);
      delayMs = ctx.conf().getLong(TASK_DELAY_MS, 0L);
      String dir = ctx.conf().get(MARKER_DIR, "");
      markers = dir.isEmpty() ? null : Path.of(dir);
    }

    @Override
    public void onTaskStart() {
      TaskContext task = TaskContext.get();
      mark("started", task);
      if (delayMs > 0) {
        try {
          Thread.sleep(delayMs);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (failFirst && task.attemptNumber() == 0) {
        task.addTaskCompletionListener((TaskCompletionListener) t -> {
          if (!t.isFailed()) {
            mark("failed", t);
            throw new IllegalStateException("injected failure of the first attempt of task "
                + t.stageId() + "." + t.partitionId());
          }
        });
      }
    }

    /** An empty file {@code <what>-<executor pid>-<stage>-<partition>-<attempt>} in the marker dir. */
    private void mark(String what, TaskContext t) {
      if (markers == null) {
        return;
      }
      try {
        Files.createDirectories(markers);
        Files.writeString(markers.resolve(what + "-" + ProcessHandle.current().pid() + "-" + t.stageId()
            + "-" + t.partitionId() + "-" + t.attemptNumber()), "");
      } catch (IOException e) {
        // a marker is only a hint for the test
      }
    }
  }
}
