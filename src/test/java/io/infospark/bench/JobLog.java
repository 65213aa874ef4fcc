package io.infospark.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;

/**
 * What Spark ran between two calls of {@link #take}: jobs (with where they were started and how
 * long they took), the stages that ran (skipped ones left out) and their tasks. For a benchmark's
 * breakdown of one step; events arrive on Spark's listener thread, so a step is read once it ended.
 */
final class JobLog extends SparkListener {
  private final List<String> jobs = new ArrayList<>();
  private final java.util.Map<Integer, long[]> started = new java.util.HashMap<>();
  private int stages;
  private int tasks;

  @Override
  public synchronized void onJobStart(SparkListenerJobStart e) {
    String site = e.properties() == null ? "" : e.properties().getProperty("callSite.short", "");
    started.put(e.jobId(), new long[] {e.time(), jobs.size()});
    jobs.add(site);
  }

  @Override
  public synchronized void onJobEnd(SparkListenerJobEnd e) {
    long[] s = started.remove(e.jobId());
    if (s != null) {
      jobs.set((int) s[1], String.format(Locale.ROOT, "%s %.2f s", jobs.get((int) s[1]), (e.time() - s[0]) / 1e3));
    }
  }

  @Override
  public synchronized void onStageCompleted(SparkListenerStageCompleted e) {
    stages++;
    tasks += e.stageInfo().numTasks();
  }

  /** What ran since the last call, as one line, and forgets it. */
  synchronized String take() {
    String out = String.format(Locale.ROOT, "%d jobs, %d stages, %d tasks: %s", jobs.size(), stages, tasks,
        String.join("; ", jobs));
    jobs.clear();
    stages = 0;
    tasks = 0;
    return out;
  }
}
