package io.infospark.engine;

/**
 * The near-unique rule of one column on the map side: a column whose values do not combine in its
 * task (at least 90% of the values counted since the last checkpoint were new keys) is better
 * written straight to the shuffle than counted into a table that only grows. Checked when the
 * table reaches {@link #FIRST_CHECKPOINT} keys and at every doubling after that, and when the
 * tables must make room; once a column passes through it stays so for the rest of the task.
 */
final class NearUnique {
  /** Table size at which a column's rate of new keys is first checked; then at every doubling. */
  static final int FIRST_CHECKPOINT = 1 << 17;
  /** The fewest keys a table must hold before its column may switch to pass-through when making room. */
  static final int PASS_THROUGH_MIN_KEYS = 1 << 14;

  private final int firstCheckpoint;
  private boolean passThrough;
  /** Non-null values counted into the table since it was last emitted. */
  private long seen;
  private int nextCheckpoint;
  private int sizeAtCheckpoint;
  private long seenAtCheckpoint;

  NearUnique(int firstCheckpoint) {
    this.firstCheckpoint = firstCheckpoint;
    this.nextCheckpoint = firstCheckpoint;
  }

  boolean passThrough() {
    return passThrough;
  }

  void switchToPassThrough() {
    passThrough = true;
  }

  /** Counts values put into the table. */
  void saw(long values) {
    seen += values;
  }

  /**
   * At a checkpoint (the table of this size reached it): whether the column should pass through
   * now; otherwise the next checkpoint is set at twice the size.
   */
  boolean checkpoint(int size) {
    if (passThrough || size < nextCheckpoint) {
      return false;
    }
    if (rateIsNearUnique(size)) {
      return true;
    }
    nextCheckpoint = 2 * size;
    sizeAtCheckpoint = size;
    seenAtCheckpoint = seen;
    return false;
  }

  /** Whether at least 90% of the values since the last checkpoint were new keys (the table has {@code size} keys now). */
  boolean rateIsNearUnique(int size) {
    long values = seen - seenAtCheckpoint;
    return values > 0 && 10L * (size - sizeAtCheckpoint) >= 9L * values;
  }

  /** The table was emitted and cleared: start over. */
  void tableCleared() {
    seen = 0;
    sizeAtCheckpoint = 0;
    seenAtCheckpoint = 0;
    nextCheckpoint = firstCheckpoint;
  }
}
