package io.infospark.job;

import java.util.List;

/**
 * One job of the command line ({@code profile}, {@code compare}, …). A new job is one class
 * implementing this plus one line in {@link Jobs#standard()}.
 */
public interface Job {
  /** The name on the command line and in the {@code job = …} line of a job file. */
  String name();

  /** One line for the usage text. */
  String description();

  /** The keys this job reads, beyond {@link JobConfig#COMMON} (which every job accepts). */
  List<JobConfig.Key<?>> keys();

  /**
   * Runs the job. User errors are {@link io.infospark.core.BadInputException}s (exit 2); a
   * {@link ThresholdExceededException} is exit 3; a {@link FitNotConvergedException} exit 4;
   * anything else is exit 1.
   */
  void run(JobContext context) throws Exception;
}
