package io.infospark.measure;

import io.infospark.engine.CountResult;
import io.infospark.engine.CountState;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Where an analysis also saves the exact counts it made ({@link CountState}): a states folder, the
 * run id and the date of the run's data (null: today, UTC).
 */
public record StateTarget(String dir, String runId, LocalDate date) {
  /** Run {@code runId} of today (UTC) in {@code dir}. */
  public static StateTarget of(String dir, String runId) {
    return new StateTarget(dir, runId, null);
  }

  void save(CountResult counts, CountState.Side side) {
    CountState.save(counts, side, dir, runId, date == null ? LocalDate.now(ZoneOffset.UTC) : date);
  }
}
