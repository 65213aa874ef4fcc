package io.infospark.measure;

import io.infospark.core.BadInputException;
import io.infospark.core.LogBase;
import io.infospark.engine.CountedColumn;
import io.infospark.engine.ValueCounter;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Surprisal I(x) = −log p(x) of each row's value, as a new column {@code <column>_surprisal}: the
 * "how rare is this value" score ETL users flag rows with. p is the empirical distribution of the
 * same data, or of a saved {@link ValueDistribution} (yesterday's data). A value the distribution
 * never saw has p = 0 and surprisal +∞; a null has a null surprisal when nulls are dropped.
 * Each column costs one shuffle join against the distribution (no collect to the driver).
 */
public final class Surprisal {
  private Surprisal() {}

  /**
   * Adds surprisal columns for the options' columns, p from df itself. The distribution is computed
   * once and kept by Spark while the returned DataFrame (or one made from it) is in use; Spark's
   * context cleaner releases it after that.
   */
  public static Dataset<Row> add(Dataset<Row> df, ProfileOptions options) {
    ValueDistribution d = ValueDistribution.of(df, options).persisted();
    return add(df, ColumnNames.orAll(df, options.columns(), options.weight()), d, options.base(),
        options.weight() != null);
  }

  /**
   * Adds surprisal columns for {@code columns}, p from a given distribution.
   *
   * @param weighted p from summed weights instead of row counts
   */
  public static Dataset<Row> add(Dataset<Row> df, List<String> columns, ValueDistribution distribution,
      LogBase base, boolean weighted) {
    ColumnNames.require(df, columns, "surprisal columns");
    Dataset<Row> out = df;
    for (String column : columns) {
      CountedColumn codec = distribution.column(column);
      org.apache.spark.sql.types.DataType here = df.schema().apply(column).dataType();
      if (!here.sameType(codec.type())) {
        throw new BadInputException("column '" + column + "' has type " + here.simpleString()
            + " but the distribution was made from type " + codec.type().simpleString());
      }
      double total = distribution.total(column, weighted);
      Dataset<Row> counts = distribution.values().filter(functions.col("column").equalTo(column))
          .select(functions.col("key").as("__vk"), functions.col("key_bytes").as("__vs"),
              functions.col("is_null").as("__vnull"), functions.col(weighted ? "weight" : "count")
                  .cast(DataTypes.DoubleType).as("__c"));
      Dataset<Row> keyed = ValueCounter.withKeys(out, codec, "__k", "__s", "__null");
      Column on = keyed.col("__k").eqNullSafe(counts.col("__vk"))
          .and(keyed.col("__s").eqNullSafe(counts.col("__vs")))
          .and(keyed.col("__null").equalTo(counts.col("__vnull")));
      Dataset<Row> joined = keyed.join(counts, on, "left");
      Column nats = functions.when(functions.col("__c").isNull(), Double.POSITIVE_INFINITY)
          .otherwise(functions.log(functions.lit(total).divide(functions.col("__c"))));
      Column value = distribution.nulls() == NullPolicy.DROP
          ? functions.when(functions.col("__null"), functions.lit(null).cast(DataTypes.DoubleType))
              .otherwise(nats.divide(base.natsPerUnit()))
          : nats.divide(base.natsPerUnit());
      String name = column + "_surprisal";
      out = joined.withColumn(name, value).drop("__k", "__s", "__null", "__vk", "__vs", "__vnull", "__c");
    }
    return out;
  }
}
