package io.infospark.result;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A result that is a small table, one item per column or pair, all in one unit: its items are
 * described once by {@link #fields()}, from which its DataFrame, its summary objects and its text
 * table follow.
 *
 * @param <T> one item (a column's profile, a pair's mutual information, …)
 */
public abstract class ResultTable<T> implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final String itemsName;
  private final List<T> items;

  /**
   * @param itemsName the name of the items' array in the summary JSON ({@code columns}, {@code pairs})
   * @param items the items, in the table's order
   */
  protected ResultTable(String itemsName, List<T> items) {
    this.itemsName = itemsName;
    this.items = List.copyOf(items);
  }

  /** The description of one item. */
  public abstract Fields<T> fields();

  /** The items, in the table's order. */
  public final List<T> items() {
    return items;
  }

  /** The name of the items' array in the summary JSON. */
  public final String itemsName() {
    return itemsName;
  }

  /** {@code nats}, {@code bits} or {@code hartleys}. */
  public abstract String unit();

  /** One row per item, with the fields of {@link Fields#schema()}. */
  public List<Row> rows() {
    return fields().rows(items());
  }

  public Dataset<Row> toDataFrame(SparkSession spark) {
    return spark.createDataFrame(rows(), fields().schema());
  }
}
