package io.infospark.engine.spark;

import org.apache.spark.rdd.PartitionCoalescer;

/**
 * A {@link PartitionCoalescer} that Spark accepts as serializable on this Scala line: Spark built
 * for Scala 2.12 requires a coalescer to be a {@code scala.Serializable}.
 */
interface SerializableCoalescer extends PartitionCoalescer, scala.Serializable {}
