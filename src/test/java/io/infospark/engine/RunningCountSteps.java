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

  /** Prints each step, and stops the process's counting for good at the first step that starts with {@code prefix}. */
  public static void printAndHoldAt(String prefix) {
    RunningCounts.stepsForTests = step -> {
      System.out.println(step);
      System.out.flush();
      while (step.startsWith(prefix)) {
        try {
          Thread.sleep(60_000); // held here until killed
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    };
  }
}
