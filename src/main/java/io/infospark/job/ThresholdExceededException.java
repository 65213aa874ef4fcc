package io.infospark.job;

/**
 * A measured value crossed a threshold the user set (for example {@code compare --max-kl}). Not a
 * failure of the run: its results are written before this is thrown. Exit code 3.
 */
public class ThresholdExceededException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ThresholdExceededException(String message) {
    super(message);
  }
}
