package io.infospark.engine.spark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;

/**
 * Temporary files for spilled merges: in Spark's local directories (the block manager's, cleaned
 * up with the application) when the internals are available, else in the application's local
 * files directory; deleted as soon as the merge is done with them and, whatever happens to the
 * task (failed, killed), by a task-completion listener.
 */
public final class SpillFiles {
  private SpillFiles() {}

  /** A new empty file for this task's spill. */
  public static File create(boolean internals) {
    File f = internals ? blockManagerFile() : null;
    if (f == null) {
      try {
        File dir = localFilesDirectory();
        f = File.createTempFile("infospark-merge-", ".bin", dir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a spill file", e);
      }
    }
    File file = f;
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> delete(file));
    }
    return file;
  }

  /**
   * Reports a spill to the running task's metrics ("Spill (Memory)" and "Spill (Disk)" in Spark's
   * UI and event log), when there is a task and the metrics can be reached.
   */
  public static void reportSpill(long memoryBytes, long diskBytes) {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return;
    }
    try {
      task.taskMetrics().incMemoryBytesSpilled(memoryBytes);
      task.taskMetrics().incDiskBytesSpilled(diskBytes);
    } catch (RuntimeException | LinkageError e) {
      // metrics are a courtesy: another Spark build may not have these members
    }
  }

  /** Deletes a spill file (no error when it is gone already). */
  public static void delete(File f) {
    if (f.exists() && !f.delete() && f.exists()) {
      f.deleteOnExit();
    }
  }

  private static File blockManagerFile() {
    try {
      SparkEnv env = SparkEnv.get();
      return env == null ? null : env.blockManager().diskBlockManager().createTempLocalBlock()._2();
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  private static File localFilesDirectory() {
    try {
      File d = new File(SparkFiles.getRootDirectory());
      if (d.isDirectory()) {
        return d;
      }
    } catch (RuntimeException e) {
      // no SparkContext or executor here: the system's temporary directory
    }
    return null;
  }
}
