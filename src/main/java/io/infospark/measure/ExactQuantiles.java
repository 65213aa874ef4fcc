package io.infospark.measure;

import io.infospark.core.BadInputException;
import io.infospark.core.OrderStatistics;
import io.infospark.core.RankRefinement;
import io.infospark.engine.RowFold;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Exact quantiles of the finite values of floating-point columns, by numpy's default definition
 * ({@link OrderStatistics}), computed where the data is: nothing but counts and a few values per
 * column reach the driver, and the result does not depend on the partitioning (it is exact).
 *
 * <p>Cost: one aggregation (count, min, max of every column), then passes of
 * {@link RankRefinement} over the projected columns, each a narrow scan whose tasks return at most
 * {@link #CELLS} bucket counts and {@link #KEYS} values. For q = i/bins with bins ≪ n, two or three
 * passes usually suffice (each isolates a rank to about 1/{@link #MAX_BUCKETS} of its interval);
 * the worst case, whatever the values, is ⌈64 / log₂ 16⌉ = 16 counting passes plus a collecting
 * one. Very many bins (hundreds of thousands) take more passes, each bounded by the budget. An input
 * that is expensive to read is worth caching first.
 */
final class ExactQuantiles {
  private ExactQuantiles() {}

  /** Bucket cells (each three longs) per pass, over all columns. */
  static final int CELLS = 1 << 17;
  /** Values collected per pass, over all columns. */
  static final long KEYS = 1 << 20;
  /** An interval with at most this many values is collected rather than counted. */
  static final int COLLECT_MAX = 4096;
  static final int MIN_BUCKETS = 16;
  static final int MAX_BUCKETS = 4096;

  /**
   * For each column, its quantiles at 0, 1/bins, …, 1 (numpy {@code quantile}, method 'linear')
   * over its finite values (null, NaN and ±∞ left out), or an empty array when it has none.
   *
   * @param finite the columns as doubles, null where not finite
   * @param names the column names (for messages)
   */
  static double[][] quantiles(Dataset<Row> df, List<Column> finite, List<String> names, int bins) {
    return quantiles(df, finite, names, bins, List.of(), new Row[1]);
  }

  /**
   * {@link #quantiles(Dataset, List, List, int)}, with more aggregates of df computed in the first
   * aggregation (no pass of their own); their row is put in {@code extraResult[0]}.
   */
  static double[][] quantiles(Dataset<Row> df, List<Column> finite, List<String> names, int bins, List<Column> extra,
      Row[] extraResult) {
    int k = finite.size();
    List<Column> cols = new ArrayList<>();
    List<Column> aggs = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      cols.add(finite.get(i).as("c" + i));
      aggs.add(functions.count(finite.get(i)));
      aggs.add(functions.min(finite.get(i)));
      aggs.add(functions.max(finite.get(i)));
    }
    aggs.add(functions.struct(extra.isEmpty() ? new Column[] {functions.lit(0)} : extra.toArray(new Column[0])));
    Dataset<Row> projected = df.select(cols.toArray(new Column[0]));
    Row r = df.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
    extraResult[0] = r.getStruct(3 * k);
    long[] n = new long[k];
    RankRefinement[] search = new RankRefinement[k];
    for (int i = 0; i < k; i++) {
      n[i] = r.getLong(3 * i);
      if (n[i] > 0) {
        search[i] = new RankRefinement(n[i], OrderStatistics.linearRanks(n[i], bins),
            OrderStatistics.key(r.getDouble(3 * i + 1)), OrderStatistics.key(r.getDouble(3 * i + 2)));
      }
    }
    while (true) {
      int counted = 0;
      boolean done = true;
      for (RankRefinement s : search) {
        if (s != null && !s.done()) {
          done = false;
          counted += s.intervalsToCount(COLLECT_MAX);
        }
      }
      if (done) {
        break;
      }
      int buckets = Math.max(MIN_BUCKETS, Math.min(MAX_BUCKETS, CELLS / Math.max(1, counted)));
      RankRefinement.Budget budget = new RankRefinement.Budget(CELLS, KEYS);
      RankRefinement.Plan[] plans = new RankRefinement.Plan[k];
      for (int i = 0; i < k; i++) {
        plans[i] = search[i] == null || search[i].done()
            ? RankRefinement.Plan.none()
            : search[i].plan(buckets, COLLECT_MAX, budget);
      }
      RankRefinement.Tally[] tallies = RowFold.fold(projected, () -> new Counters(plans), Counters::add,
          Counters::merge).tallies();
      for (int i = 0; i < k; i++) {
        if (search[i] != null && !plans[i].isEmpty()) {
          try {
            search[i].apply(plans[i], tallies[i]);
          } catch (IllegalStateException e) {
            throw new BadInputException("binning: column '" + names.get(i) + "': " + e.getMessage()
                + " (is the input non-deterministic? quantile binning reads it more than once)");
          }
        }
      }
    }
    double[][] out = new double[k][];
    for (int i = 0; i < k; i++) {
      RankRefinement s = search[i];
      out[i] = n[i] == 0 ? new double[0]
          : OrderStatistics.linearQuantiles(n[i], bins, rank -> OrderStatistics.value(s.keyAt(rank)));
    }
    return out;
  }

  /** The counters of one task, then (merged) the tallies of all. */
  static final class Counters implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final transient RankRefinement.Plan[] plans;
    private transient RankRefinement.Counter[] counters;
    private RankRefinement.Tally[] tallies;

    Counters(RankRefinement.Plan[] plans) {
      this.plans = plans;
    }

    Counters add(Row row) {
      if (counters == null) {
        counters = new RankRefinement.Counter[plans.length];
        for (int i = 0; i < plans.length; i++) {
          counters[i] = plans[i].counter();
        }
      }
      for (int i = 0; i < plans.length; i++) {
        if (!plans[i].isEmpty() && !row.isNullAt(i)) {
          counters[i].add(OrderStatistics.key(row.getDouble(i)));
        }
      }
      return this;
    }

    /** The tallies of the rows added (or merged) so far. */
    RankRefinement.Tally[] tallies() {
      if (counters != null) {
        RankRefinement.Tally[] t = new RankRefinement.Tally[counters.length];
        for (int i = 0; i < counters.length; i++) {
          t[i] = counters[i].tally();
        }
        tallies = tallies == null ? t : ExactQuantiles.merge(tallies, t);
        counters = null;
      }
      return tallies;
    }

    Counters merge(Counters o) {
      RankRefinement.Tally[] mine = tallies();
      RankRefinement.Tally[] theirs = o.tallies();
      tallies = mine == null ? theirs : theirs == null ? mine : ExactQuantiles.merge(mine, theirs);
      return this;
    }

    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
      tallies();
      out.defaultWriteObject();
    }
  }

  private static RankRefinement.Tally[] merge(RankRefinement.Tally[] a, RankRefinement.Tally[] b) {
    RankRefinement.Tally[] t = new RankRefinement.Tally[a.length];
    for (int i = 0; i < a.length; i++) {
      t[i] = RankRefinement.Tally.merge(a[i], b[i]);
    }
    return t;
  }
}
