package io.infospark.measure;

import io.infospark.core.BadInputException;
import io.infospark.core.CountFingerprint;
import io.infospark.core.MutualInformation;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import scala.Tuple2;

/**
 * Mutual information of column pairs, or of every column against a target, from one scan and one
 * shuffle of the input: {@link ValueCounts} counts every column and every pair at once, and only
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
            + names.size());
      }
      List<int[]> ps = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        for (int j = i + 1; j < names.size(); j++) {
          ps.add(new int[] {i, j});
        }
      }
      pairs = ps.toArray(new int[0][]);
    }
    List<ColumnCodec> codecs = Profiler.codecs(df, names, o.binningOptions(), java.util.Map.of());
    int k = codecs.size();
    JavaRDD<InternalRow> counts = ValueCounts.count(df, codecs, null, pairs, o.nulls());
    boolean nullIsValue = o.nulls() == NullPolicy.CATEGORY;
    CountStatistics.All all = CountStatistics.of(counts, k + pairs.length, nullIsValue);
    if (target != null) {
      long kt = all.sets[k - 1].fingerprint.distinct();
      if (kt < 2) {
        throw new BadInputException("target: column '" + target + "' has " + kt + " distinct value"
            + (kt == 1 ? "" : "s") + (nullIsValue ? "" : " (nulls dropped)")
            + "; expected at least 2 to measure information about it");
      }
    }
    // marginals over complete cases: from the single-column counts when they cover the same rows
    CountFingerprint[][] marginal = new CountFingerprint[pairs.length][2];
    boolean[][] recount = new boolean[pairs.length][2];
    boolean any = false;
    for (int p = 0; p < pairs.length; p++) {
      long n = all.sets[k + p].fingerprint.total();
      for (int side = 0; side < 2; side++) {
        CountFingerprint single = all.sets[pairs[p][side]].fingerprint;
        if (single.total() == n) {
          marginal[p][side] = single;
        } else {
          recount[p][side] = true;
          any = true;
        }
      }
    }
    if (any) {
      CountFingerprint[][] summed = marginalsOfPairs(counts, k, recount);
      for (int p = 0; p < pairs.length; p++) {
        for (int side = 0; side < 2; side++) {
          if (recount[p][side]) {
            marginal[p][side] = summed[p][side];
          }
        }
      }
    }
    List<PairInformation> out = new ArrayList<>();
    for (int p = 0; p < pairs.length; p++) {
      CountStatistics x = all.sets[pairs[p][0]];
      long rows = x.fingerprint.total() + (nullIsValue ? 0 : x.nullRows);
      CountFingerprint joint = all.sets[k + p].fingerprint;
      out.add(new PairInformation(names.get(pairs[p][0]), names.get(pairs[p][1]), rows, rows - joint.total(),
          MutualInformation.estimate(marginal[p][0], marginal[p][1], joint, o.base())));
    }
    if (target != null) {
      out.sort(Comparator.comparing((PairInformation p) -> p.estimate().mutualInformation(),
          Comparator.nullsLast(Comparator.reverseOrder())));
    }
    return new MutualInfoTable(o.base(), target, o.nulls(), out);
  }

  /**
   * The fingerprints of the marginals of the pair sets marked in {@code recount} ([pair][0]: X,
   * [pair][1]: Y), summed from the aggregated pair counts: one aggregation over distinct pairs.
   */
  private static CountFingerprint[][] marginalsOfPairs(JavaRDD<InternalRow> counts, int singles, boolean[][] recount) {
    int pairs = recount.length;
    JavaPairRDD<MarginalKey, Long> keyed = counts
        .mapPartitionsToPair((Iterator<InternalRow> it) -> {
          List<Tuple2<MarginalKey, Long>> out = new ArrayList<>();
          while (it.hasNext()) {
            InternalRow r = it.next();
            int p = r.getInt(0) - singles;
            if (p < 0 || p >= pairs) {
              continue;
            }
            long n = r.getLong(6);
            int mask = r.getInt(1);
            for (int side = 0; side < 2; side++) {
              if (recount[p][side]) {
                int at = 2 + 2 * side;
                out.add(new Tuple2<>(new MarginalKey(2 * p + side, (mask & (1 << side)) != 0,
                    r.isNullAt(at) ? null : r.getLong(at), r.isNullAt(at + 1) ? null : r.getBinary(at + 1)), n));
              }
            }
          }
          return out.iterator();
        });
    return keyed.reduceByKey(Long::sum)
        .mapPartitions((Iterator<Tuple2<MarginalKey, Long>> it) -> {
          Fingerprints f = new Fingerprints(pairs);
          while (it.hasNext()) {
            Tuple2<MarginalKey, Long> e = it.next();
            f.sets[e._1().slot / 2][e._1().slot % 2].add(e._2());
          }
          return List.of(f).iterator();
        })
        .fold(new Fingerprints(pairs), Fingerprints::merge).sets;
  }

  /** One value of one side of one pair. */
  static final class MarginalKey implements Serializable {
    private static final long serialVersionUID = 1L;
    final int slot;
    final boolean isNull;
    final Long longKey;
    final byte[] bytesKey;

    MarginalKey(int slot, boolean isNull, Long longKey, byte[] bytesKey) {
      this.slot = slot;
      this.isNull = isNull;
      this.longKey = longKey;
      this.bytesKey = bytesKey;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof MarginalKey)) {
        return false;
      }
      MarginalKey m = (MarginalKey) o;
      return slot == m.slot && isNull == m.isNull && Objects.equals(longKey, m.longKey)
          && Arrays.equals(bytesKey, m.bytesKey);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * (31 * slot + Boolean.hashCode(isNull)) + Objects.hashCode(longKey)) + Arrays.hashCode(bytesKey);
    }
  }

  static final class Fingerprints implements Serializable {
    private static final long serialVersionUID = 1L;
    final CountFingerprint[][] sets;

    Fingerprints(int pairs) {
      sets = new CountFingerprint[pairs][2];
      for (CountFingerprint[] s : sets) {
        s[0] = new CountFingerprint();
        s[1] = new CountFingerprint();
      }
    }

    Fingerprints merge(Fingerprints o) {
      for (int p = 0; p < sets.length; p++) {
        sets[p][0].merge(o.sets[p][0]);
        sets[p][1].merge(o.sets[p][1]);
      }
      return this;
    }
  }
}
