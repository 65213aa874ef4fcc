package io.infospark.engine;

import io.infospark.core.BadInputException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What to count in one scan: columns, pairs of them, an optional weight column, and whether null
 * is a value. Immutable; the {@code with…} methods return a changed copy.
 *
 * <pre>{@code
 * CountRequest r = CountRequest.of(List.of(CountedColumn.of("city", DataTypes.StringType, null)));
 * try (CountResult counts = ValueCounter.count(df, r)) {
 *   CountFingerprint f = counts.column("city").fingerprint();
 * }
 * }</pre>
 */
public final class CountRequest implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<CountedColumn> columns;
  private final int[][] pairs;
  private final String weight;
  private final boolean nullsAsValue;

  private CountRequest(List<CountedColumn> columns, int[][] pairs, String weight, boolean nullsAsValue) {
    this.columns = List.copyOf(columns);
    this.pairs = pairs;
    this.weight = weight;
    this.nullsAsValue = nullsAsValue;
  }

  /** Counts these columns (nulls dropped, rows unweighted, no pairs). */
  public static CountRequest of(List<CountedColumn> columns) {
    return new CountRequest(columns, new int[0][], null, false);
  }

  /**
   * Also counts these pairs jointly: {@code pairs[p] = {i, j}}, positions in {@link #columns}.
   */
  public CountRequest withPairs(int[][] pairs) {
    int[][] copy = new int[pairs.length][];
    for (int p = 0; p < pairs.length; p++) {
      if (pairs[p].length != 2 || pairs[p][0] < 0 || pairs[p][1] < 0 || pairs[p][0] >= columns.size()
          || pairs[p][1] >= columns.size()) {
        throw new IllegalArgumentException("pair " + p + ": expected two column positions in [0, " + columns.size() + ")");
      }
      copy[p] = pairs[p].clone();
    }
    return new CountRequest(columns, copy, weight, nullsAsValue);
  }

  /** Sums this numeric column per value besides counting rows (null: rows only). */
  public CountRequest withWeight(String column) {
    return new CountRequest(columns, pairs, column, nullsAsValue);
  }

  /**
   * Whether null is one more value (nulls = category): its rows then count in the statistics and
   * pairs with a null are counted; otherwise nulls are counted apart and pairs with one are left
   * out.
   */
  public CountRequest withNullsAsValue(boolean nullsAsValue) {
    return new CountRequest(columns, pairs, weight, nullsAsValue);
  }

  public List<CountedColumn> columns() {
    return columns;
  }

  /** The position of the column of this name. */
  public int column(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    List<String> names = new ArrayList<>();
    columns.forEach(c -> names.add(c.name()));
    throw new BadInputException("column '" + name + "' was not counted; counted: " + String.join(", ", names));
  }

  public int pairCount() {
    return pairs.length;
  }

  /** Pair p as the positions of its two columns. */
  public int[] pair(int p) {
    return pairs[p].clone();
  }

  int[][] pairs() {
    return pairs;
  }

  /** The weight column, or null. */
  public String weight() {
    return weight;
  }

  public boolean nullsAsValue() {
    return nullsAsValue;
  }
}
