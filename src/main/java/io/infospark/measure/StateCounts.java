package io.infospark.measure;

import io.infospark.core.BadInputException;
import io.infospark.engine.CountRequest;
import io.infospark.engine.CountResult;
import io.infospark.engine.CountedColumn;
import io.infospark.engine.ValueCounter;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;

/**
 * Data counted like saved states, so that the two add up ({@code ValueCounter.add}) to the counts of
 * the union of the runs' inputs and the data, as if they had been counted together.
 */
public final class StateCounts {
  private StateCounts() {}

  /**
   * Counts df exactly as {@code like} was counted (a saved state's request): the same columns,
   * types, bins, pairs, weight column and null policy, so that the two merge.
   *
   * @throws BadInputException when a column (or the weight column) is missing or has another type
   */
  public static CountResult countLike(Dataset<Row> df, CountRequest like) {
    List<String> names = like.columns().stream().map(CountedColumn::name).toList();
    ColumnNames.require(df, names, "columns");
    for (CountedColumn c : like.columns()) {
      DataType t = df.schema().apply(c.name()).dataType();
      if (!t.equals(c.type())) {
        throw new BadInputException("columns: column '" + c.name() + "' has type " + t.simpleString()
            + " in the input but " + c.type().simpleString() + " in the saved state; expected the same type");
      }
    }
    if (like.weight() != null) {
      ColumnNames.require(df, List.of(like.weight()), "weight");
    }
    return ValueCounter.count(df, like);
  }
}
