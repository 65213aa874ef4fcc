package io.infospark.engine;

/** Lets a test process print each step of the running counts' log ({@link RunningCounts#stepsForTests}). */
public final class RunningCountSteps {
  private RunningCountSteps() {}

  /** Prints {@code adding <batch>}, {@code compacting <batch>}, {@code compacted <batch>} as they happen. */
  public static void print() {
    RunningCounts.stepsForTests = step -> {
      System.out.println(step);
      System.out.flush();
    };
  }
}
