package io.infospark.engine;

import io.infospark.core.BadInputException;
import io.infospark.core.CountFingerprint;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The exact counts of one {@link CountRequest}, kept distributed, with typed access to what the
 * analyses need: per column and per pair its statistics (count fingerprint, weighted moments,
 * nulls; small, on the driver), folds over the distinct values of the columns, and the value
 * table. Close it when done (the public-API path caches the counts on the executors until then).
 */
public final class CountResult implements AutoCloseable {
  private final CountRequest request;
  private final EnginePath path;
  private final MergedCounts counts;
  private Statistics statistics;
  private final boolean sides;
  private PairStatistics[] pairs;

  CountResult(CountRequest request, EnginePath path, MergedCounts counts) {
    this(request, path, counts, false, false);
  }

  CountResult(CountRequest request, EnginePath path, MergedCounts counts, boolean sides) {
    this(request, path, counts, sides, false);
  }

  /**
   * Counts whose statistics are folded from them at once, or when {@code lazy} when first asked
   * for — still at once with a weight column, whose unusable weights are an error before anything
   * reads the counts — so that counts only saved or added elsewhere (a stream's batch) cost no pass
   * of their own.
   */
  CountResult(CountRequest request, EnginePath path, MergedCounts counts, boolean sides, boolean lazy) {
    this.request = request;
    this.sides = sides;
    this.path = path;
    this.counts = counts;
    if (!lazy || request.weight() != null) {
      try {
        statistics();
      } catch (RuntimeException | Error e) {
        counts.close();
        throw e;
      }
    }
  }

  /** Counts whose statistics are already known (a running count keeps them as it changes). */
  CountResult(CountRequest request, EnginePath path, MergedCounts counts, Statistics statistics) {
    this.request = request;
    this.sides = false;
    this.path = path;
    this.counts = counts;
    this.statistics = statistics;
  }

  /** The statistics of every key set (the running count of a stream starts from those of its saved state). */
  synchronized Statistics statistics() {
    if (statistics == null) {
      int sets = request.columns().size() + request.pairCount();
      boolean nullIsValue = request.nullsAsValue();
      Statistics s = counts.fold(() -> new Statistics(sets, nullIsValue), Statistics::add, Statistics::merge);
      if (request.weight() != null) {
        checkWeights(request.weight(), s.weightProblems);
      }
      statistics = s;
    }
    return statistics;
  }

  public CountRequest request() {
    return request;
  }

  /** The path that counted: {@link EnginePath#FAST} or {@link EnginePath#PUBLIC}. */
  public EnginePath path() {
    return path;
  }

  /**
   * Whether these are the counts of two sides ({@link ValueCounter#countSides}): {@link
   * CountedValue#weight} is then the rows of the first side.
   */
  public boolean sides() {
    return sides;
  }

  /** The statistics of the column at this position of the request. */
  public CountStatistics column(int i) {
    if (i < 0 || i >= request.columns().size()) {
      throw new IndexOutOfBoundsException("column " + i + " of " + request.columns().size());
    }
    return statistics().sets[i];
  }

  /** The statistics of the column of this name. */
  public CountStatistics column(String name) {
    return column(request.column(name));
  }

  /**
   * The statistics of pair p: its joint fingerprint and the marginals over the same rows. A
   * marginal is its column's own counts when they cover exactly the pair's rows (no nulls, or the
   * nulls of both coincide, or nulls are a value); otherwise it is summed from the pair's counts
   * (one aggregation over the distinct pairs, for all such pairs at once, on first use).
   */
  public PairStatistics pair(int p) {
    if (pairs == null) {
      pairs = pairStatistics();
    }
    return pairs[p];
  }

  private PairStatistics[] pairStatistics() {
    int k = request.columns().size();
    int[][] ps = request.pairs();
    CountFingerprint[][] marginal = new CountFingerprint[ps.length][2];
    boolean[][] recount = new boolean[ps.length][2];
    boolean any = false;
    for (int p = 0; p < ps.length; p++) {
      long n = statistics().sets[k + p].fingerprint().total();
      for (int side = 0; side < 2; side++) {
        CountFingerprint single = statistics().sets[ps[p][side]].fingerprint();
        if (single.total() == n) {
          marginal[p][side] = single;
        } else {
          recount[p][side] = true;
          any = true;
        }
      }
    }
    if (any) {
      CountFingerprint[][] summed = counts.pairMarginals(k, recount);
      for (int p = 0; p < ps.length; p++) {
        for (int side = 0; side < 2; side++) {
          if (recount[p][side]) {
            marginal[p][side] = summed[p][side];
          }
        }
      }
    }
    PairStatistics[] out = new PairStatistics[ps.length];
    for (int p = 0; p < ps.length; p++) {
      out[p] = new PairStatistics(statistics().sets[k + p].fingerprint(), marginal[p][0], marginal[p][1]);
    }
    return out;
  }

  /** A fresh accumulator of a fold. */
  public interface Zero<A> extends Serializable {
    A get();
  }

  /** Adds one counted value to an accumulator (returns it, or a replacement). */
  public interface Add<A> extends Serializable {
    A add(A acc, CountedValue value);
  }

  /** Merges two accumulators (of disjoint sets of values). */
  public interface Merge<A> extends Serializable {
    A merge(A a, A b);
  }

  /**
   * Folds every distinct value of every counted column (a null value included, as one value with
   * {@link CountedValue#isNull}) into one accumulator: per executor task, then merged on the driver,
   * so the accumulator must stay small (sums, a bounded top-k).
   */
  public <A extends Serializable> A fold(Zero<A> zero, Add<A> add, Merge<A> merge) {
    int k = request.columns().size();
    return counts.fold(zero::get, (a, e) -> e.set >= 0 && e.set < k ? add.add(a, e) : a, merge::merge);
  }

  /**
   * The schema of {@link #values}: {@code column} (name), {@code value} (as {@link
   * CountedColumn#display} shows it; null for null), {@code is_null}, {@code key} and {@code
   * key_bytes} (its counting key: a long, or bytes), {@code count}, {@code weight}.
   */
  public static final StructType VALUE_SCHEMA = MergedCounts.VALUES;

  /** One row per (column, distinct value), distributed, of {@link #VALUE_SCHEMA}. */
  public Dataset<Row> values() {
    return counts.values(request.columns());
  }

  /** The session the counts live in. */
  org.apache.spark.sql.SparkSession sparkSession() {
    return counts.rows().sparkSession();
  }

  /** The merged counts (tests read every key set). */
  MergedCounts counts() {
    return counts;
  }

  /** Releases what the counts hold on the executors (the public-API path's cache). */
  @Override
  public void close() {
    counts.close();
  }

  /** Throws if rows had null, NaN, negative or infinite weights. */
  private static void checkWeights(String weight, long[] problems) {
    String[] what = {null, "null", "NaN", "negative", "infinite"};
    List<String> found = new ArrayList<>();
    for (int code = 1; code < problems.length; code++) {
      if (problems[code] > 0) {
        found.add(problems[code] + " " + what[code]);
      }
    }
    if (!found.isEmpty()) {
      throw new BadInputException("weight column '" + weight + "': expected finite weights >= 0 but found "
          + String.join(", ", found) + " (rows)");
    }
  }
}
