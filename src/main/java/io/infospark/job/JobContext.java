package io.infospark.job;

import java.io.PrintStream;
import java.time.Instant;
import org.apache.spark.sql.SparkSession;

/**
 * What a running job gets: the session, its resolved configuration, where to print, when it
 * started, and the record of the report it wrote ({@link ReportFile}).
 */
public record JobContext(
    SparkSession spark,
    JobConfig config,
    PrintStream out,
    PrintStream err,
    Instant started,
    ReportFile.Written report) {

  public JobContext(SparkSession spark, JobConfig config, PrintStream out, PrintStream err, Instant started) {
    this(spark, config, out, err, started, new ReportFile.Written());
  }
}
