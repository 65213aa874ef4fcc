package io.infospark.engine;

import io.infospark.core.CountFingerprint;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The merged counts of one count, kept distributed, as one of the two paths holds them (an RDD of
 * merged entries on the fast path, a cached Dataset of rows on the public-API path), with the few
 * distributed operations the analyses need over them.
 */
interface MergedCounts extends AutoCloseable {
  /** A fresh accumulator. */
  interface Zero<A> extends Serializable {
    A get();
  }

  /** Adds one merged entry to an accumulator. */
  interface Add<A> extends Serializable {
    A add(A acc, MergedEntry e);
  }

  /** Merges two accumulators. */
  interface Merge<A> extends Serializable {
    A merge(A a, A b);
  }

  /** Folds every merged entry (pairs and weight problems included) into one accumulator on the driver. */
  <A extends Serializable> A fold(Zero<A> zero, Add<A> add, Merge<A> merge);

  /**
   * The fingerprints of the marginals of the pair sets marked in {@code recount} ([pair][0]: x,
   * [pair][1]: y), summed from the merged pair counts: one aggregation over the distinct pairs.
   */
  CountFingerprint[][] pairMarginals(int columns, boolean[][] recount);

  /** One row per (column, distinct value): {@link #VALUES}. */
  Dataset<Row> values(List<CountedColumn> columns);

  /** Every merged entry of the columns and pairs (not the weight problems) as a row of {@link #MERGED}. */
  Dataset<Row> rows();

  @Override
  void close();

  /** The merged counts as rows (the public-API path's form). */
  StructType MERGED = new StructType(new StructField[] {
      DataTypes.createStructField("set", DataTypes.IntegerType, false),
      DataTypes.createStructField("nullmask", DataTypes.IntegerType, false),
      DataTypes.createStructField("k1", DataTypes.LongType, true),
      DataTypes.createStructField("s1", DataTypes.BinaryType, true),
      DataTypes.createStructField("k2", DataTypes.LongType, true),
      DataTypes.createStructField("s2", DataTypes.BinaryType, true),
      DataTypes.createStructField("n", DataTypes.LongType, false),
      DataTypes.createStructField("w", DataTypes.DoubleType, false),
  });

  /** The value table: one row per (column, distinct value) with its count and weight. */
  StructType VALUES = new StructType(new StructField[] {
      DataTypes.createStructField("column", DataTypes.StringType, false),
      DataTypes.createStructField("value", DataTypes.StringType, true),
      DataTypes.createStructField("is_null", DataTypes.BooleanType, false),
      DataTypes.createStructField("key", DataTypes.LongType, true),
      DataTypes.createStructField("key_bytes", DataTypes.BinaryType, true),
      DataTypes.createStructField("count", DataTypes.LongType, false),
      DataTypes.createStructField("weight", DataTypes.DoubleType, false),
  });

  static Row mergedRow(MergedEntry e) {
    return RowFactory.create(e.set, e.nullmask, e.hasK1 ? e.k1 : null, e.bytesOf(0), e.hasK2 ? e.k2 : null,
        e.bytesOf(1), e.n, e.w);
  }

  static void fill(MergedEntry e, Row r) {
    e.clearKeys();
    e.set = r.getInt(0);
    e.nullmask = r.getInt(1);
    if (!r.isNullAt(2)) {
      e.hasK1 = true;
      e.k1 = r.getLong(2);
    }
    if (!r.isNullAt(3)) {
      byte[] b = (byte[]) r.get(3);
      e.s1 = b;
      e.s1Off = 0;
      e.s1Len = b.length;
    }
    if (!r.isNullAt(4)) {
      e.hasK2 = true;
      e.k2 = r.getLong(4);
    }
    if (!r.isNullAt(5)) {
      byte[] b = (byte[]) r.get(5);
      e.s2 = b;
      e.s2Off = 0;
      e.s2Len = b.length;
    }
    e.n = r.getLong(6);
    e.w = r.getDouble(7);
  }

  /** The value-table row of a single column's entry. */
  static Row valueRow(MergedEntry e, CountedColumn[] columns) {
    CountedColumn c = columns[e.set];
    boolean isNull = e.nullmask != 0;
    CountKey k = isNull ? null : e.part(0);
    return RowFactory.create(c.name(), k == null ? null : c.display(k), isNull, e.hasK1 ? e.k1 : null,
        e.bytesOf(0), e.n, e.w);
  }
}
