package io.infospark.engine.spark;

import org.apache.spark.rdd.PartitionCoalescer;

/**
 * A {@link PartitionCoalescer} that Spark accepts as serializable on this Scala line (on Scala 2.13
 * {@code scala.Serializable} is {@code java.io.Serializable}).
 */
interface SerializableCoalescer extends PartitionCoalescer, java.io.Serializable {}
