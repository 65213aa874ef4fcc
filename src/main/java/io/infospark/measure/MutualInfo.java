package io.infospark.measure;

import io.infospark.core.BadInputException;
import io.infospark.core.MutualInformation;
import io.infospark.engine.CountRequest;
import io.infospark.engine.CountResult;
import io.infospark.engine.CountStatistics;
import io.infospark.engine.CountedColumn;
import io.infospark.engine.PairStatistics;
import io.infospark.engine.ValueCounter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Mutual information of column pairs, or of every column against a target, from one scan and one
 * shuffle of the input: {@link ValueCounter} counts every column and every pair at once, and only
 * count fingerprints (at most √(2N) entries per set) reach the driver.
 *
 * <p>Null policy. Under {@link NullPolicy#DROP} (the default) each pair is measured over its
 * complete cases, the rows where both columns are non-null, and so are its marginals H(X), H(Y):
 * then I = H(X) + H(Y) − H(X,Y) is a mutual information of one sample (≥ 0) and the G-test
 * counts one sample. When a column's null rows are all rows where the other is null too (in
 * particular when neither has nulls) its single-column counts are those marginals; otherwise the
 * marginal is summed from the pair counts, a small second aggregation over the distinct pairs only
 * (the input is not read again). Under {@link NullPolicy#CATEGORY} null is a value and every row
 * counts.
 */
public final class MutualInfo {
  private MutualInfo() {}

  /**
   * @throws BadInputException when a column is missing, fewer than two columns are given without a
   *     target, or the target has fewer than two values
   */
  public static MutualInfoTable measure(Dataset<Row> df, MutualInfoOptions o) {
    return measure(df, o, null);
  }

  /** {@link #measure(Dataset, MutualInfoOptions)}, also saving the counts, pairs included (null: not saved). */
  public static MutualInfoTable measure(Dataset<Row> df, MutualInfoOptions o, StateTarget save) {
    Binning.requireOneSample(o.binning());
    String target = o.target();
    List<String> names = new ArrayList<>();
    int[][] pairs;
    if (target != null) {
      ColumnNames.require(df, List.of(target), "target");
      for (String c : ColumnNames.orAll(df, o.columns(), target)) {
        if (!c.equals(target) && !names.contains(c)) {
          names.add(c);
        }
      }
      ColumnNames.require(df, names, "columns");
      if (names.isEmpty()) {
        throw new BadInputException("columns: expected at least one column besides the target '" + target + "'");
      }
      names.add(target);
      int t = names.size() - 1;
      pairs = new int[t][];
      for (int i = 0; i < t; i++) {
        pairs[i] = new int[] {i, t};
      }
    } else {
      names.addAll(ColumnNames.orAll(df, o.columns(), null));
      ColumnNames.require(df, names, "columns");
      if (names.size() < 2) {
        throw new BadInputException("columns: expected at least two columns (or a target) for mutual information but got "
            + (names.isEmpty() ? "none" : names.size() + ": '" + names.get(0) + "'"));
      }
      List<int[]> ps = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        for (int j = i + 1; j < names.size(); j++) {
          ps.add(new int[] {i, j});
        }
      }
      pairs = ps.toArray(new int[0][]);
    }
    List<CountedColumn> columns = Profiler.columns(df, names, o.binningOptions(), java.util.Map.of());
    int k = columns.size();
    boolean nullIsValue = o.nulls() == NullPolicy.CATEGORY;
    CountRequest request = CountRequest.of(columns).withPairs(pairs).withNullsAsValue(nullIsValue);
    try (CountResult counts = ValueCounter.count(df, request)) {
      MutualInfoTable out = table(counts, target, o);
      if (save != null) {
        save.save(counts, io.infospark.engine.CountState.Side.ALL);
      }
      return out;
    }
  }

  /**
   * The mutual information of the pairs of counts already made — the merged saved states of several
   * runs ({@code io.infospark.engine.CountState}) — equal to that of the union of their inputs: the
   * columns, pairs, bins and null policy are the counts' own; the target is the last column when
   * every pair ends with it and the options name it; the options give the base.
   */
  public static MutualInfoTable measure(CountResult counts, MutualInfoOptions o) {
    CountRequest r = counts.request();
    if (r.pairCount() == 0) {
      throw new BadInputException("states: the counts hold no pairs; expected the state of a mutual-information run");
    }
    String target = o.target();
    if (target != null) {
      int t = r.column(target);
      for (int p = 0; p < r.pairCount(); p++) {
        if (r.pair(p)[1] != t) {
          throw new BadInputException("target: the state's pairs are all pairs of its columns, not pairs with '"
              + target + "'; expected no target");
        }
      }
    }
    return table(counts, target, o.withNulls(r.nullsAsValue() ? NullPolicy.CATEGORY : NullPolicy.DROP));
  }

  private static MutualInfoTable table(CountResult counts, String target, MutualInfoOptions o) {
    int k = counts.request().columns().size();
    List<String> names = counts.request().columns().stream().map(CountedColumn::name).toList();
    boolean nullIsValue = counts.request().nullsAsValue();
    int[][] pairs = new int[counts.request().pairCount()][];
    for (int p = 0; p < pairs.length; p++) {
      pairs[p] = counts.request().pair(p);
    }
    List<PairInformation> out = new ArrayList<>();
    if (target != null) {
      long kt = counts.column(k - 1).fingerprint().distinct();
      if (kt < 2) {
        throw new BadInputException("target: column '" + target + "' has " + kt + " distinct value"
            + (kt == 1 ? "" : "s") + (nullIsValue ? "" : " (nulls dropped)")
            + "; expected at least 2 to measure information about it");
      }
    }
    for (int p = 0; p < pairs.length; p++) {
      CountStatistics x = counts.column(pairs[p][0]);
      long rows = x.fingerprint().total() + (nullIsValue ? 0 : x.nullRows());
      PairStatistics pair = counts.pair(p);
      out.add(new PairInformation(names.get(pairs[p][0]), names.get(pairs[p][1]), rows, rows - pair.joint().total(),
          MutualInformation.estimate(pair.x(), pair.y(), pair.joint(), o.base())));
    }
    if (target != null) {
      out.sort(Comparator.comparing((PairInformation p) -> p.estimate().mutualInformation(),
          Comparator.nullsLast(Comparator.reverseOrder())));
    }
    return new MutualInfoTable(o.base(), target, o.nulls(), out);
  }
}
