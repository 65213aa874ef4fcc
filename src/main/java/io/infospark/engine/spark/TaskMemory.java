package io.infospark.engine.spark;

import java.util.function.LongSupplier;
import org.apache.spark.TaskContext;
import org.apache.spark.memory.MemoryConsumer;
import org.apache.spark.memory.MemoryMode;
import org.apache.spark.memory.TaskMemoryManager;

/**
 * A {@link MemoryBudget} that takes its memory from the task's share of Spark's execution memory:
 * a {@link MemoryConsumer} of the task's memory manager, so that the counting tables of many
 * concurrent tasks on an executor with many cores cannot exhaust its heap, and Spark can ask them
 * to spill when another consumer of the task needs memory. What it holds is given back when the
 * owner is done, and at the end of the task whatever happened (a completion listener).
 */
public final class TaskMemory extends MemoryConsumer implements MemoryBudget {
  private final long cap;
  private final LongSupplier spill;
  private volatile boolean requested;
  private volatile long held;

  private TaskMemory(TaskMemoryManager manager, long cap, LongSupplier spill) {
    super(manager, manager.pageSizeBytes(), MemoryMode.ON_HEAP);
    this.cap = cap;
    this.spill = spill;
  }

  /**
   * A budget of at most {@code cap} bytes from the running task's memory manager, or a fixed one
   * outside a task.
   *
   * @param spill called when Spark asks for memory: frees what it can now and returns the bytes
   *     freed (after reporting the smaller amount through {@link #hold}), or returns 0 and frees
   *     it at its next chance ({@link #spillRequested})
   */
  public static MemoryBudget forTask(long cap, LongSupplier spill) {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return MemoryBudget.fixed(cap);
    }
    TaskMemory m = new TaskMemory(task.taskMemoryManager(), cap, spill);
    task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> m.release());
    return m;
  }

  /** A budget of at most {@code cap} bytes from this memory manager (tests drive a small one directly). */
  public static TaskMemory of(TaskMemoryManager manager, long cap, LongSupplier spill) {
    return new TaskMemory(manager, cap, spill);
  }

  @Override
  public boolean hold(long bytes) {
    if (bytes > held) {
      if (bytes > cap) {
        return false;
      }
      long want = bytes - held;
      long got = acquireMemory(want);
      held += got;
      return got >= want;
    }
    if (bytes < held) {
      freeMemory(held - bytes);
      held = bytes;
    }
    return true;
  }

  @Override
  public boolean spillRequested() {
    boolean r = requested;
    requested = false;
    return r;
  }

  @Override
  public long held() {
    return held;
  }

  @Override
  public void release() {
    if (held > 0) {
      freeMemory(held);
      held = 0;
    }
  }

  /**
   * Spark needs memory for another consumer of this task (or for this one, when {@code trigger} is
   * this: then the owner sees its request refused and frees memory itself).
   */
  @Override
  public long spill(long size, MemoryConsumer trigger) {
    if (trigger == this) {
      return 0;
    }
    long before = held();
    long freed = spill.getAsLong();
    if (freed == 0) {
      requested = true;
    }
    return Math.max(0, Math.min(freed, before));
  }
}
