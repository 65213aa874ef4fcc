package io.infospark.measure;

/** A class that breaks the layering on purpose, so that {@code LayersTest} can show each rule fails (test sources only). */
public final class ArchitectureViolations {
  /** A Spark internal, the adapter and a job in an analysis. */
  org.apache.spark.sql.catalyst.InternalRow internal;
  io.infospark.engine.spark.KeyType adapter;
  io.infospark.job.Main job;
}
