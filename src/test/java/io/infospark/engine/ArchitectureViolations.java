package io.infospark.engine;

/** A class that breaks the layering on purpose, so that {@code LayersTest} can show each rule fails (test sources only). */
public final class ArchitectureViolations {
  /** An analysis type in the engine. */
  io.infospark.measure.NullPolicy analysis;
}
