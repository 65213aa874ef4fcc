package io.infospark.logistic.ml;

/**
 * Spark's Scala stages take {@code uid} as a constructor {@code val}, assigned before the
 * superclass constructor creates the shared params (featuresCol, …) that call {@code uid()}. Java
 * cannot assign a field before {@code super()}, so a stage's constructor delegates through
 * {@code this(PendingUid.set(uid), …)}, which runs first, and {@code uid()} falls back to it.
 */
final class PendingUid {
  private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

  private PendingUid() {}

  static String set(String uid) {
    PENDING.set(uid);
    return uid;
  }

  static String get() {
    return PENDING.get();
  }

  static void clear() {
    PENDING.remove();
  }
}
