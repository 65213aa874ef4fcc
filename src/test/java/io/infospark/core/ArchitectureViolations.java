package io.infospark.core;

/** A class that breaks the layering on purpose, so that {@code LayersTest} can show each rule fails (test sources only). */
public final class ArchitectureViolations {
  /** Spark in core. */
  org.apache.spark.sql.Dataset<?> spark;
}
