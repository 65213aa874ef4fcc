package io.infospark.sql;

/** A class that breaks the layering on purpose, so that {@code LayersTest} can show each rule fails (test sources only). */
public final class ArchitectureViolations {
  /** An execution internal in the SQL functions. */
  org.apache.spark.sql.execution.SparkPlan plan;
}
