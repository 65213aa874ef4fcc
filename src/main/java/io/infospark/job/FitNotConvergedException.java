package io.infospark.job;

/**
 * A fit stopped without converging (an iteration limit, no step that lowers J, J not finite).
 * Thrown after the summary (with {@code converged} false and the reason) and the report are
 * written, and before anything replaces an earlier model. Exit code 4.
 */
public class FitNotConvergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FitNotConvergedException(String message) {
    super(message);
  }
}
