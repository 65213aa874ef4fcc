package io.infospark.result;

/** A class that breaks the layering on purpose, so that {@code LayersTest} can show each rule fails (test sources only). */
public final class ArchitectureViolations {
  /** An analysis below which the result descriptions sit. */
  io.infospark.measure.EntropyProfile analysis;
}
