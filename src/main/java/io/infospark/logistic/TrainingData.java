package io.infospark.logistic;

import io.infospark.core.BadInputException;
import io.infospark.core.logistic.DataBlock;
import io.infospark.core.logistic.FeatureMoments;
import io.infospark.core.logistic.Folds;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.storage.StorageLevel;

/**
 * The rows of a fit as cached {@link DataBlock}s, with the counts of one pass over them: rows,
 * Σw, Σw·y, the weighted feature moments (means, standard deviations and, when asked, the whole
 * centred covariance: {@link FeatureMoments}), and the rows with a null/NaN/±∞ per column
 * (dropped under {@link NaPolicy#DROP}, an error under {@link NaPolicy#ERROR}).
 */
final class TrainingData implements AutoCloseable {
  final JavaRDD<DataBlock> blocks;
  private final JavaRDD<?> cached;
  final long rows;
  final double weight;
  final double[] means;
  final double[] sds;
  final FeatureMoments moments;
  final long dropped;

  private TrainingData(JavaRDD<DataBlock> blocks, JavaRDD<?> cached, long rows, double weight, FeatureMoments moments,
      long dropped) {
    this.blocks = blocks;
    this.cached = cached;
    this.rows = rows;
    this.weight = weight;
    this.moments = moments;
    this.means = moments.means();
    this.sds = moments.variances();
    for (int j = 0; j < sds.length; j++) {
      sds[j] = Math.sqrt(sds[j]);
    }
    this.dropped = dropped;
  }

  @Override
  public void close() {
    cached.unpersist(false);
  }

  /** How the label becomes y ∈ {0, 1}. */
  record LabelCoding(String positive, boolean numeric) implements Serializable {
    /** y, or NaN for a missing label. */
    double y(Row r, int f) {
      if (r.isNullAt(f)) {
        return Double.NaN;
      }
      Object v = r.get(f);
      if (v instanceof Boolean) {
        return positive == null ? ((Boolean) v ? 1 : 0) : (v.toString().equalsIgnoreCase(positive) ? 1 : 0);
      }
      if (v instanceof Number) {
        double d = ((Number) v).doubleValue();
        if (Double.isNaN(d)) {
          return Double.NaN;
        }
        return positive == null ? d : (d == Double.parseDouble(positive) ? 1 : 0);
      }
      return v.toString().equals(positive) ? 1 : 0;
    }
  }

  /** Checks the label has exactly two classes and decides how to code it. */
  static LabelCoding labelCoding(Dataset<Row> df, String label, String positive) {
    DataType t = FeatureSpace.type(df.schema(), label);
    List<Row> distinct = df.select(FeatureSpace.col(label)).na().drop().distinct().limit(11).collectAsList();
    List<String> values = new ArrayList<>();
    for (Row r : distinct) {
      Object v = r.get(0);
      if (!(v instanceof Double && ((Double) v).isNaN())) {
        values.add(v.toString());
      }
    }
    java.util.Collections.sort(values);
    if (values.size() != 2) {
      throw new BadInputException("label '" + label + "': expected 2 classes but found "
          + (values.size() > 10 ? "more than 10" : values.size() + (values.isEmpty() ? "" : " (" + String.join(", ", values) + ")")));
    }
    boolean numeric = t instanceof NumericType;
    if (positive != null) {
      boolean found = false;
      for (Row r : distinct) {
        Object v = r.get(0);
        found |= numeric ? parses(positive) && ((Number) v).doubleValue() == Double.parseDouble(positive)
            : v.toString().equals(positive) || (v instanceof Boolean && v.toString().equalsIgnoreCase(positive));
      }
      if (!found) {
        throw new BadInputException("positive class '" + positive + "' is not a value of label '" + label + "' ("
            + String.join(", ", values) + ")");
      }
      return new LabelCoding(positive, numeric);
    }
    if (t instanceof BooleanType) {
      return new LabelCoding(null, false);
    }
    if (numeric) {
      for (Row r : distinct) {
        double d = ((Number) r.get(0)).doubleValue();
        if (d != 0.0 && d != 1.0) {
          throw new BadInputException("label '" + label + "' has values " + String.join(", ", values)
              + "; expected 0/1, or name the positive class (--positive)");
        }
      }
      return new LabelCoding(null, true);
    }
    throw new BadInputException("label '" + label + "' has values " + String.join(", ", values)
        + "; name the positive class (--positive)");
  }

  private static boolean parses(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Per-partition state of the build: blocks plus the bad-row counts per column. */
  private static final class Counts implements Serializable {
    private static final long serialVersionUID = 1L;
    final long[] bad;
    long rows;
    long dropped;
    double weight;
    double positive;
    final FeatureMoments moments;

    final long[] foldRows;

    Counts(int columns, int features, boolean cross, int folds) {
      bad = new long[columns];
      foldRows = new long[Math.max(0, folds)];
      moments = new FeatureMoments(features, cross);
    }

    Counts merge(Counts o) {
      for (int k = 0; k < bad.length; k++) {
        bad[k] += o.bad[k];
      }
      rows += o.rows;
      dropped += o.dropped;
      weight += o.weight;
      positive += o.positive;
      moments.merge(o.moments);
      for (int k = 0; k < foldRows.length; k++) {
        foldRows[k] += o.foldRows[k];
      }
      return this;
    }
  }

  /** An element of the cached RDD before validation: a block, or the counts of its partition. */
  private record Piece(DataBlock block, Counts counts) implements Serializable {}

  /**
   * @param cross whether to keep the whole centred covariance of the features (d²/2 multiply-adds
   *     per row; for the identifiability check), else only their variances
   */
  static TrainingData build(Dataset<Row> df, FeatureSpace space, String label, LabelCoding coding, String weightCol,
      NaPolicy na, int blockRows, boolean cross) {
    return build(df, space, label, coding, weightCol, na, blockRows, cross, 0, 0L);
  }

  /**
   * With {@code folds} ≥ 2, every row gets its cross-validation fold ({@link Folds}, from its
   * encoded content and {@code seed}) and the blocks hold their rows sorted by fold.
   */
  static TrainingData build(Dataset<Row> df, FeatureSpace space, String label, LabelCoding coding, String weightCol,
      NaPolicy na, int blockRows, boolean cross, int folds, long seed) {
    List<FeatureSpace.Column> cols = space.columns();
    List<String> select = new ArrayList<>();
    for (FeatureSpace.Column c : cols) {
      select.add(c.name());
    }
    select.add(label);
    if (weightCol != null) {
      DataType wt = FeatureSpace.type(df.schema(), weightCol);
      if (!(wt instanceof NumericType)) {
        throw new BadInputException("weight column '" + weightCol + "' has type " + wt.simpleString() + "; expected a number");
      }
      select.add(weightCol);
    }
    Dataset<Row> data = df.select(select.stream().map(FeatureSpace::col).toArray(org.apache.spark.sql.Column[]::new));
    int d = space.size();
    int nCols = cols.size();
    boolean hasWeight = weightCol != null;
    JavaRDD<Piece> pieces = data.javaRDD().mapPartitions((Iterator<Row> it) -> {
      int[] pos = new int[nCols];
      for (int k = 0; k < nCols; k++) {
        pos[k] = k;
      }
      int[] idx = new int[d];
      double[] val = new double[d];
      Counts counts = new Counts(nCols + 2, d, cross, folds);
      List<Piece> out = new ArrayList<>();
      DataBlock.Builder b = new DataBlock.Builder(d, Math.min(blockRows, 1024));
      while (it.hasNext()) {
        Row r = it.next();
        int n = space.encode(r, pos, idx, val, true);
        double y = coding.y(r, nCols);
        double w = 1.0;
        if (hasWeight) {
          w = r.isNullAt(nCols + 1) ? Double.NaN : ((Number) r.get(nCols + 1)).doubleValue();
        }
        if (n < 0 || Double.isNaN(y) || !(w >= 0) || Double.isInfinite(w)) {
          counts.bad[n < 0 ? -1 - n : Double.isNaN(y) ? nCols : nCols + 1]++;
          counts.dropped++;
          continue;
        }
        if (folds >= 2) {
          int k = Folds.of(seed, folds, idx, val, n, y, w);
          b.addSparse(idx, val, n, y, w, k);
          counts.foldRows[k]++;
        } else {
          b.addSparse(idx, val, n, y, w);
        }
        if (b.rows() == blockRows) {
          out.add(new Piece(folds >= 2 ? b.build(folds) : b.build(), null));
          b = new DataBlock.Builder(d, Math.min(blockRows, 1024));
        }
      }
      if (b.rows() > 0) {
        out.add(new Piece(folds >= 2 ? b.build(folds) : b.build(), null));
      }
      for (Piece p : out) {
        counts.rows += p.block().rows();
        counts.weight += p.block().weightSum();
        counts.positive += p.block().positiveWeight();
        counts.moments.add(p.block());
      }
      out.add(new Piece(null, counts));
      return out.iterator();
    });
    pieces.persist(StorageLevel.MEMORY_AND_DISK());
    Counts total = pieces.filter(p -> p.counts() != null).map(Piece::counts)
        .fold(new Counts(nCols + 2, d, cross, folds), Counts::merge);
    List<String> problems = new ArrayList<>();
    for (int k = 0; k < nCols + 2; k++) {
      if (total.bad[k] > 0) {
        String col = k < nCols ? cols.get(k).name() : k == nCols ? label : weightCol;
        String what = k == nCols + 1 ? "a null, NaN, negative or infinite weight" : k < nCols && cols.get(k).kind() == FeatureSpace.Kind.CATEGORICAL
            ? "a null" : "a null, NaN or infinite value";
        problems.add(total.bad[k] + " rows with " + what + " in column '" + col + "'");
      }
    }
    if (!problems.isEmpty() && na == NaPolicy.ERROR) {
      pieces.unpersist(false);
      throw new BadInputException(String.join("; ", problems) + " (use na=drop to drop them)");
    }
    // The blocks are read from the one cached RDD (filter/map cost nothing next to a pass).
    JavaRDD<DataBlock> blocks = pieces.filter(p -> p.block() != null).map(Piece::block);
    if (!(total.weight > 0)) {
      pieces.unpersist(false);
      throw new BadInputException("no rows to fit (" + total.dropped + " dropped for nulls/NaN), or all weights are 0");
    }
    if (!(total.positive > 0) || !(total.positive < total.weight)) {
      pieces.unpersist(false);
      throw new BadInputException("label '" + label + "': only one class left after dropping " + total.dropped + " rows");
    }
    if (folds >= 2) {
      if (total.rows < folds) {
        pieces.unpersist(false);
        throw new BadInputException("folds: " + folds + " folds need at least " + folds + " rows but the fit has "
            + total.rows + "; use fewer folds");
      }
      for (int k = 0; k < folds; k++) {
        if (total.foldRows[k] == 0) {
          pieces.unpersist(false);
          throw new BadInputException("folds: fold " + k + " of " + folds + " has no rows (" + total.rows
              + " rows; a fold is a hash of a row's content, identical rows share one); use fewer folds");
        }
      }
    }
    return new TrainingData(blocks, pieces, total.rows, total.weight, total.moments, total.dropped);
  }

  /** The distinct non-null values of each string column among {@code cols}, in one job. */
  static Map<String, List<String>> levels(Dataset<Row> df, List<String> cols) {
    List<String> strings = new ArrayList<>();
    for (String c : cols) {
      if (FeatureSpace.type(df.schema(), c) instanceof org.apache.spark.sql.types.StringType) {
        strings.add(c);
      }
    }
    Map<String, List<String>> out = new java.util.HashMap<>();
    if (strings.isEmpty()) {
      return out;
    }
    org.apache.spark.sql.Column[] aggs = strings.stream()
        .map(c -> org.apache.spark.sql.functions.array_sort(org.apache.spark.sql.functions.collect_set(FeatureSpace.col(c))))
        .toArray(org.apache.spark.sql.Column[]::new);
    Row r = df.agg(aggs[0], java.util.Arrays.copyOfRange(aggs, 1, aggs.length)).first();
    for (int k = 0; k < strings.size(); k++) {
      out.put(strings.get(k), new ArrayList<>(r.getList(k)));
    }
    return out;
  }
}
