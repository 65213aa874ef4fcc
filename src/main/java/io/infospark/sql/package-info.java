/**
 * SQL functions of infospark: {@code entropy}, {@code entropy_mm}, {@code cross_entropy},
 * {@code kl_divergence}, {@code mutual_information} (aggregates) and {@code surprisal},
 * {@code binary_entropy}, {@code entropy_of_counts} (scalars), usable from SQL strings, PySpark
 * {@code F.expr} and Scala/Java {@code expr}.
 *
 * <p>Enable them for every session with {@code spark.sql.extensions=io.infospark.sql.InfoSparkExtensions}
 * (or by nothing more than the jar on the classpath: Spark 4 loads {@link
 * org.apache.spark.sql.SparkSessionExtensionsProvider} services), or in one session with
 * {@link io.infospark.sql.InfoSparkFunctions#register}.
 *
 * <p>This package is a thin adapter: every number comes from {@code io.infospark.core}
 * ({@link io.infospark.core.Entropy}, {@link io.infospark.core.LogBase}). The aggregates keep a
 * value → count map per group, so a group's memory grows with its number of distinct values (see
 * {@code docs/sql.md}); for many columns or unbounded cardinality use the DataFrame API
 * ({@link io.infospark.api.InfoSpark#profile}), whose one scan and two-stage shuffle keep memory
 * bounded. Values are keyed by the counting engine's one definition of value equality ({@code
 * io.infospark.engine.spark.KeyType}), so these functions and the jobs count the same values.
 * Layering: may use {@code core}, {@code engine} and {@code measure}; nothing in those imports it.
 * Besides the engine's adapter, this is the one package that touches Catalyst, whose expression
 * classes the functions extend.
 */
package io.infospark.sql;
