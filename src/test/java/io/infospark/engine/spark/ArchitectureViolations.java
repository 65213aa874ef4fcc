package io.infospark.engine.spark;

/** A class that breaks the layering on purpose, so that {@code LayersTest} can show each rule fails (test sources only). */
public final class ArchitectureViolations {
  /** The engine in its adapter. */
  io.infospark.engine.ValueCounter engine;
}
