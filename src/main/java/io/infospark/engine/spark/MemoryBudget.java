package io.infospark.engine.spark;

/**
 * The memory a task's counting tables may hold. The owner reports how much it holds as its tables
 * grow; when the budget cannot grant more it frees memory (the map side emits its tables into the
 * shuffle, the merge spills to disk) and reports the smaller amount.
 */
public interface MemoryBudget {
  /**
   * Asks to hold {@code bytes} in all (more or less than now).
   *
   * @return false when the increase is not granted (above the cap, or Spark's execution memory is
   *     short): the owner should free memory and report again
   */
  boolean hold(long bytes);

  /** Whether Spark asked the owner to free memory since the last call (the request is cleared). */
  boolean spillRequested();

  /** The bytes held now. */
  long held();

  /** Gives back everything held. */
  void release();

  /** A budget of a fixed number of bytes, outside Spark's memory manager (no task, or the public-API path). */
  static MemoryBudget fixed(long cap) {
    return new MemoryBudget() {
      private long held;

      @Override
      public boolean hold(long bytes) {
        if (bytes > cap) {
          return false;
        }
        held = bytes;
        return true;
      }

      @Override
      public boolean spillRequested() {
        return false;
      }

      @Override
      public long held() {
        return held;
      }

      @Override
      public void release() {
        held = 0;
      }
    };
  }
}
