package io.infospark.job;

import java.io.PrintStream;
import java.time.Instant;
import org.apache.spark.sql.SparkSession;

/**
 * What a running job gets: the session, its resolved configuration, where to print, and when it
 * started.
 */
public record JobContext(
    SparkSession spark,
    JobConfig config,
    PrintStream out,
    PrintStream err,
    Instant started) {}
