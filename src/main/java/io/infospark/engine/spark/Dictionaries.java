package io.infospark.engine.spark;

import java.lang.reflect.Field;
import org.apache.spark.sql.execution.datasources.parquet.ParquetDictionary;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which dictionary a dictionary-encoded column vector's ids refer to. Spark wraps a Parquet column
 * chunk's dictionary in a new {@code ParquetDictionary} for every batch; the wrapped object is the
 * same for all batches of the chunk, so ids can be counted across them. Spark exposes neither
 * field, so they are read by reflection; when that fails (another Spark build, a security
 * manager) the engine counts ids batch by batch — slower on dictionary-encoded columns, the same
 * counts — and says so once in the log.
 */
final class Dictionaries {
  private Dictionaries() {}

  private static final Logger LOG = LoggerFactory.getLogger(Dictionaries.class);
  static final String DEGRADED = "infospark: counting dictionary-encoded Parquet columns batch by batch "
      + "(Spark's column vectors cannot be inspected by reflection here: %s); counts are exact, "
      + "dictionary-encoded columns are slower";

  private static volatile Field vectorDictionary;
  private static volatile Field parquetDictionary;
  private static volatile boolean resolved;
  private static volatile boolean logged;
  /** Set by tests to act as if the reflection failed. */
  static volatile boolean disabledForTests;

  private static synchronized void resolve() {
    if (resolved) {
      return;
    }
    String failure = null;
    try {
      if (disabledForTests) {
        throw new NoSuchFieldException("reflection disabled for a test");
      }
      Field v = WritableColumnVector.class.getDeclaredField("dictionary");
      v.setAccessible(true);
      Field p = ParquetDictionary.class.getDeclaredField("dictionary");
      p.setAccessible(true);
      vectorDictionary = v;
      parquetDictionary = p;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      failure = e.getClass().getSimpleName() + ": " + e.getMessage();
      vectorDictionary = null;
      parquetDictionary = null;
    }
    resolved = true;
    if (failure != null && !logged) {
      logged = true;
      LOG.warn(String.format(DEGRADED, failure));
    }
  }

  /** Forgets the outcome of the reflection (tests switch it off and on). */
  static synchronized void resetForTests() {
    resolved = false;
    logged = false;
  }

  /** The identity of v's dictionary across batches, or null when unknown. */
  static Object of(WritableColumnVector v) {
    if (!resolved) {
      resolve();
    }
    Field vf = vectorDictionary;
    Field pf = parquetDictionary;
    if (vf == null || pf == null) {
      return null;
    }
    try {
      Object d = vf.get(v);
      return d instanceof ParquetDictionary ? pf.get(d) : null;
    } catch (IllegalAccessException | RuntimeException e) {
      return null;
    }
  }
}
