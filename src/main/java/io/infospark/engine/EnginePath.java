package io.infospark.engine;

import io.infospark.core.BadInputException;
import java.util.Locale;

/**
 * Which way the engine reads and counts ({@code spark.infospark.engine.path}). Both give the same
 * counts.
 */
public enum EnginePath {
  /** The fast path where it can run, else the public-API path (said once in the log). The default. */
  AUTO,
  /**
   * Spark's internal row and columnar formats: columnar batches, dictionary ids, memory from the
   * task's execution memory. Needs a classic (in-process) session of the Spark line the artifact
   * was built for.
   */
  FAST,
  /** Spark's public Dataset API only (rows as {@code Row} objects): runs on any session, Spark Connect included; slower. */
  PUBLIC;

  static EnginePath parse(String text, String key) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "auto": return AUTO;
      case "fast": return FAST;
      case "public": return PUBLIC;
      default: throw new BadInputException(key + ": expected auto, fast or public but got '" + text + "'");
    }
  }
}
