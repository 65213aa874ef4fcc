/**
 * The engine's adapter to Spark's internals, and the only package of infospark besides the SQL
 * functions' expression classes that imports them ({@code catalyst}, {@code execution},
 * {@code classic}, {@code internal}, {@code unsafe}, {@code storage}, {@code memory},
 * {@code SparkEnv}; an architecture test enforces it): reading a selection's rows as columnar
 * batches or internal rows ({@link io.infospark.engine.spark.InternalInput}), the one definition of
 * value equality ({@link io.infospark.engine.spark.KeyType}, read by {@link
 * io.infospark.engine.spark.InternalKeys} and shared with the SQL functions), task memory
 * ({@link io.infospark.engine.spark.TaskMemory}) and spill files ({@link
 * io.infospark.engine.spark.SpillFiles}). What differs between Spark lines is in {@code SparkLine},
 * compiled from {@code src/main/spark-<line>/java}.
 *
 * <p>It depends on nothing of infospark; the engine depends on it.
 */
package io.infospark.engine.spark;
