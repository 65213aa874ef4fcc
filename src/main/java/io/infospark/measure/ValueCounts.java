package io.infospark.measure;

import io.infospark.core.BadInputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The one counting path of infospark: exact counts of the distinct values of many columns (and
 * column pairs) of a DataFrame in one scan and one shuffle.
 *
 * <p>Each task counts its rows into a primitive hash table per column ({@link KeyCounts}): a
 * value costs one probe, no object. Only the distinct (key, count) entries of a partition are
 * emitted, and Spark's hash aggregate sums them across partitions. A task whose tables hold more
 * than {@code infospark.counter.maxEntries} keys (default 2¹⁹) emits and clears them, so memory per
 * task is bounded whatever the cardinality; the shuffle then merges the partial counts.
 *
 * <p>Result schema ({@link #SCHEMA}), one row per distinct key of each key set:
 * {@code set} (the codec index for a single column, {@code codecs + p} for pair p),
 * {@code nullmask} (bit 0: first column null, bit 1: second), {@code k1}/{@code s1} and
 * {@code k2}/{@code s2} (the long or byte key of each column), {@code n} (rows) and {@code w}
 * (summed weight; equal to n without a weight column). Rows with a bad weight are not counted;
 * they come back as set {@link #WEIGHT_PROBLEMS} with k1 = 1 null, 2 NaN, 3 negative, 4 infinite.
 */
public final class ValueCounts {
  private ValueCounts() {}

  public static final int WEIGHT_PROBLEMS = -1;
  static final String MAX_ENTRIES_CONF = "infospark.counter.maxEntries";
  static final int DEFAULT_MAX_ENTRIES = 1 << 19;

  public static final StructType SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField("set", DataTypes.IntegerType, false),
      DataTypes.createStructField("nullmask", DataTypes.IntegerType, false),
      DataTypes.createStructField("k1", DataTypes.LongType, true),
      DataTypes.createStructField("s1", DataTypes.BinaryType, true),
      DataTypes.createStructField("k2", DataTypes.LongType, true),
      DataTypes.createStructField("s2", DataTypes.BinaryType, true),
      DataTypes.createStructField("n", DataTypes.LongType, false),
      DataTypes.createStructField("w", DataTypes.DoubleType, false),
  });

  /**
   * Counts every column of {@code codecs} and every pair in {@code pairs} (indices into codecs).
   * Nulls of single columns are always counted (as nullmask rows); a pair row with a null is
   * counted only under {@link NullPolicy#CATEGORY}.
   *
   * @param weight a numeric weight column, or null to count rows
   * @return the aggregated counts (lazy; cache it if used twice)
   */
  public static Dataset<Row> count(Dataset<Row> df, List<ColumnCodec> codecs, String weight,
      int[][] pairs, NullPolicy nulls) {
    List<Column> cols = new ArrayList<>();
    for (ColumnCodec c : codecs) {
      cols.add(ColumnNames.col(c.name()));
    }
    if (weight != null) {
      cols.add(ColumnNames.col(weight).cast(DataTypes.DoubleType));
    }
    Dataset<Row> projected = df.select(cols.toArray(new Column[0]));
    SparkSession spark = df.sparkSession();
    int maxEntries = Integer.parseInt(
        spark.conf().get(MAX_ENTRIES_CONF, String.valueOf(DEFAULT_MAX_ENTRIES)));
    ColumnCodec[] cs = codecs.toArray(new ColumnCodec[0]);
    boolean weighted = weight != null;
    boolean pairNulls = nulls == NullPolicy.CATEGORY;
    JavaRDD<InternalRow> partial = SparkInternals.internalRows(projected)
        .mapPartitions(rows -> new PartitionCounter(rows, cs, pairs, weighted, pairNulls, maxEntries));
    Dataset<Row> counted = SparkInternals.fromInternalRows(spark, partial, SCHEMA);
    return counted.groupBy("set", "nullmask", "k1", "s1", "k2", "s2")
        .agg(functions.sum("n").as("n"), functions.sum("w").as("w"));
  }

  /** Counts the rows of one task; emits its distinct entries whenever its tables fill up. */
  static final class PartitionCounter implements Iterator<InternalRow> {
    private final Iterator<InternalRow> rows;
    private final ColumnCodec[] codecs;
    private final int[][] pairs;
    private final boolean weighted;
    private final boolean pairNulls;
    private final int maxEntries;
    private final KeyCounts[] singles;
    private final KeyCounts.Longs[] pairCounts;
    private final long[] nullRows;
    private final double[] nullWeight;
    private final long[] weightProblems = new long[5];
    private final int[] ids;
    private final List<InternalRow> out = new ArrayList<>();
    private int next;
    private boolean done;

    PartitionCounter(Iterator<InternalRow> rows, ColumnCodec[] codecs, int[][] pairs, boolean weighted,
        boolean pairNulls, int maxEntries) {
      this.rows = rows;
      this.codecs = codecs;
      this.pairs = pairs;
      this.weighted = weighted;
      this.pairNulls = pairNulls;
      this.maxEntries = maxEntries;
      singles = new KeyCounts[codecs.length];
      for (int i = 0; i < codecs.length; i++) {
        singles[i] = codecs[i].bytesKeyed() ? new KeyCounts.Bytes(weighted) : new KeyCounts.Longs(weighted);
      }
      pairCounts = new KeyCounts.Longs[pairs.length];
      for (int p = 0; p < pairs.length; p++) {
        pairCounts[p] = new KeyCounts.Longs(weighted);
      }
      nullRows = new long[codecs.length];
      nullWeight = new double[codecs.length];
      ids = new int[codecs.length];
    }

    @Override
    public boolean hasNext() {
      while (next == out.size()) {
        if (done) {
          return false;
        }
        fill();
      }
      return true;
    }

    @Override
    public InternalRow next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return out.get(next++);
    }

    /** Counts rows until the tables are full or the input ends, then emits the tables. */
    private void fill() {
      out.clear();
      next = 0;
      int sinceCheck = 0;
      while (rows.hasNext()) {
        add(rows.next());
        if (++sinceCheck == 1024) {
          sinceCheck = 0;
          if (entries() >= maxEntries) {
            emitLargest();
            return;
          }
        }
      }
      emit();
      emitWeightProblems();
      done = true;
    }

    private long entries() {
      long e = 0;
      for (KeyCounts k : singles) {
        e += k.size();
      }
      for (KeyCounts k : pairCounts) {
        e += k.size();
      }
      return e;
    }

    private void add(InternalRow row) {
      double w = 1.0;
      if (weighted) {
        int wi = codecs.length;
        int problem = 0;
        if (row.isNullAt(wi)) {
          problem = 1;
        } else {
          w = row.getDouble(wi);
          problem = Double.isNaN(w) ? 2 : w < 0 ? 3 : Double.isInfinite(w) ? 4 : 0;
        }
        if (problem != 0) {
          weightProblems[problem]++;
          return;
        }
      }
      for (int i = 0; i < codecs.length; i++) {
        ColumnCodec c = codecs[i];
        if (c.isNull(row, i)) {
          ids[i] = -1;
          nullRows[i]++;
          nullWeight[i] += w;
          continue;
        }
        KeyCounts k = singles[i];
        int id = c.bytesKeyed()
            ? ((KeyCounts.Bytes) k).id(c.bytesKey(row, i))
            : ((KeyCounts.Longs) k).id(c.longKey(row, i));
        k.increment(id, w);
        ids[i] = id;
      }
      for (int p = 0; p < pairs.length; p++) {
        int a = ids[pairs[p][0]];
        int b = ids[pairs[p][1]];
        if ((a < 0 || b < 0) && !pairNulls) {
          continue;
        }
        KeyCounts.Longs pc = pairCounts[p];
        pc.increment(pc.id(((long) a << 32) | (b & 0xffffffffL)), w);
      }
    }

    /**
     * Makes room: without pairs, emits the largest single-column tables until half the budget is
     * free (a low-cardinality column keeps combining across the whole partition); with pairs,
     * whose keys refer to the single-column ids, emits everything.
     */
    private void emitLargest() {
      if (pairs.length > 0) {
        emit();
        return;
      }
      long total = entries();
      while (total > maxEntries / 2) {
        int largest = 0;
        for (int i = 1; i < singles.length; i++) {
          if (singles[i].size() > singles[largest].size()) {
            largest = i;
          }
        }
        total -= singles[largest].size();
        emitSingle(largest);
      }
    }

    /** Moves every table's entries to {@code out} and clears the tables. */
    private void emit() {
      for (int p = 0; p < pairs.length; p++) {
        KeyCounts.Longs pc = pairCounts[p];
        int x = pairs[p][0];
        int y = pairs[p][1];
        for (int id = 0; id < pc.size(); id++) {
          long packed = pc.key(id);
          int a = (int) (packed >>> 32);
          int b = (int) packed;
          Object[] v = new Object[8];
          v[0] = codecs.length + p;
          v[1] = (a < 0 ? 1 : 0) | (b < 0 ? 2 : 0);
          setKey(v, 2, x, a);
          setKey(v, 4, y, b);
          v[6] = pc.count(id);
          v[7] = pc.weight(id);
          out.add(new GenericInternalRow(v));
        }
        pc.clear();
      }
      for (int i = 0; i < codecs.length; i++) {
        emitSingle(i);
      }
    }

    /** Moves column i's entries (and its null count) to {@code out} and clears its table. */
    private void emitSingle(int i) {
      KeyCounts k = singles[i];
      for (int id = 0; id < k.size(); id++) {
        Object[] v = new Object[8];
        v[0] = i;
        v[1] = 0;
        setKey(v, 2, i, id);
        v[6] = k.count(id);
        v[7] = k.weight(id);
        out.add(new GenericInternalRow(v));
      }
      k.clear();
      if (nullRows[i] > 0) {
        out.add(new GenericInternalRow(new Object[] {i, 1, null, null, null, null, nullRows[i],
            weighted ? nullWeight[i] : (double) nullRows[i]}));
        nullRows[i] = 0;
        nullWeight[i] = 0;
      }
    }

    /** Writes column i's key with this id into v[at] (long) or v[at + 1] (bytes); null id: none. */
    private void setKey(Object[] v, int at, int column, int id) {
      if (id < 0) {
        return;
      }
      KeyCounts k = singles[column];
      if (k instanceof KeyCounts.Bytes) {
        v[at + 1] = ((KeyCounts.Bytes) k).key(id).getBytes();
      } else {
        v[at] = ((KeyCounts.Longs) k).key(id);
      }
    }

    private void emitWeightProblems() {
      for (int code = 1; code < weightProblems.length; code++) {
        if (weightProblems[code] > 0) {
          out.add(new GenericInternalRow(new Object[] {WEIGHT_PROBLEMS, 0, (long) code, null, null, null,
              weightProblems[code], 0.0}));
        }
      }
    }
  }

  /** Throws if the counts hold rows with null, NaN, negative or infinite weights. */
  static void checkWeights(String weight, long[] problems) {
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
