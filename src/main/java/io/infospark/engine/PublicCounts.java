package io.infospark.engine;

import io.infospark.core.CountFingerprint;
import io.infospark.engine.spark.KeyType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The public-API path: the same counting ({@link TaskCounter}), block format and merge
 * ({@link CountMerger}) as the fast path, driven through Spark's public Dataset API only — rows
 * arrive as {@link Row} objects ({@link RowChunk}), the blocks are shuffled by
 * {@code repartition}, memory is a fixed heap budget. It runs on any session, a Spark Connect one
 * included, and gives the same counts; it is slower (every value becomes a Java object). The
 * merged counts are cached (memory and disk) while the analysis reads them, and released by
 * {@link #close}.
 */
final class PublicCounts implements MergedCounts {
  private final Dataset<Row> merged;

  private PublicCounts(Dataset<Row> merged) {
    this.merged = merged;
  }

  static PublicCounts count(Dataset<Row> df, CountRequest r, Settings s) {
    boolean weightColumn = r.weight() != null;
    return merge(s, mapSide(df, r, s, weightColumn, 1.0, weightColumn));
  }

  static PublicCounts countSides(Dataset<Row> p, Dataset<Row> q, CountRequest r, Settings s) {
    return merge(s, mapSide(p, r, s, false, 1.0, true).union(mapSide(q, r, s, false, 0.0, true)));
  }

  private static Dataset<Tuple2<Integer, byte[]>> mapSide(Dataset<Row> df, CountRequest r, Settings s,
      boolean weightColumn, double constantWeight, boolean weighted) {
    List<Column> cols = new ArrayList<>();
    KeyType[] types = new KeyType[r.columns().size()];
    for (int i = 0; i < types.length; i++) {
      CountedColumn c = r.columns().get(i);
      cols.add(RowChunk.select(c.name(), c.type()));
      types[i] = c.keyType();
    }
    if (weightColumn) {
      cols.add(functions.col("`" + r.weight().replace("`", "``") + "`").cast(DataTypes.DoubleType));
    }
    CounterSettings cs = FastCounts.counterSettings(r, s, weightColumn, constantWeight, weighted, Settings.FIXED);
    return df.select(cols.toArray(new Column[0])).mapPartitions(
        (MapPartitionsFunction<Row, Tuple2<Integer, byte[]>>) it ->
            new TaskCounter(RowChunk.chunks(it, types, weightColumn), cs).blocks(),
        Encoders.tuple(Encoders.INT(), Encoders.BINARY()));
  }

  private static PublicCounts merge(Settings s, Dataset<Tuple2<Integer, byte[]>> blocks) {
    CountMerger.Resources resources = new CountMerger.Resources(s.maxBytes(), Settings.FIXED, false);
    Dataset<Row> merged = blocks
        .repartition(s.mergePartitions(), functions.col("_1"))
        .mapPartitions((MapPartitionsFunction<Tuple2<Integer, byte[]>, Row>) it -> {
          CountMerger m = new CountMerger(it, resources);
          return new Iterator<Row>() {
            @Override
            public boolean hasNext() {
              return m.hasNext();
            }

            @Override
            public Row next() {
              return MergedCounts.mergedRow(m.next());
            }
          };
        }, Encoders.row(MERGED))
        .coalesce(s.mergeTasks());
    merged.persist(StorageLevel.MEMORY_AND_DISK());
    return new PublicCounts(merged);
  }

  /**
   * Counts already merged elsewhere (rows of {@link #MERGED}, one per distinct key of each key set),
   * cached while read: the merged states of several runs, or two counts combined as two sides.
   */
  static PublicCounts of(Dataset<Row> merged) {
    merged.persist(StorageLevel.MEMORY_AND_DISK());
    return new PublicCounts(merged);
  }

  @Override
  public <A extends Serializable> A fold(Zero<A> zero, Add<A> add, Merge<A> merge) {
    return RowFold.fold(merged, zero::get, (A a, Row r) -> {
      MergedEntry e = new MergedEntry();
      MergedCounts.fill(e, r);
      return add.add(a, e);
    }, merge::merge);
  }

  private static final StructType PART = new StructType(new StructField[] {
      DataTypes.createStructField("slot", DataTypes.IntegerType, false),
      DataTypes.createStructField("is_null", DataTypes.BooleanType, false),
      DataTypes.createStructField("k", DataTypes.LongType, true),
      DataTypes.createStructField("s", DataTypes.BinaryType, true),
      DataTypes.createStructField("n", DataTypes.LongType, false),
  });

  @Override
  public CountFingerprint[][] pairMarginals(int columns, boolean[][] recount) {
    int pairs = recount.length;
    Dataset<Row> parts = merged.mapPartitions((MapPartitionsFunction<Row, Row>) it -> {
      List<Row> out = new ArrayList<>();
      while (it.hasNext()) {
        Row r = it.next();
        int p = r.getInt(0) - columns;
        if (p < 0 || p >= pairs) {
          continue;
        }
        int mask = r.getInt(1);
        for (int side = 0; side < 2; side++) {
          if (recount[p][side]) {
            int at = 2 + 2 * side;
            out.add(RowFactory.create(2 * p + side, (mask & (1 << side)) != 0, r.isNullAt(at) ? null : r.getLong(at),
                r.isNullAt(at + 1) ? null : (byte[]) r.get(at + 1), r.getLong(6)));
          }
        }
      }
      return out.iterator();
    }, Encoders.row(PART));
    Dataset<Row> summed = parts.groupBy("slot", "is_null", "k", "s").agg(functions.sum("n").as("n"));
    MarginalFingerprints out = RowFold.fold(summed, () -> new MarginalFingerprints(pairs),
        (MarginalFingerprints f, Row r) -> {
          f.add(r.getInt(0), r.getLong(4));
          return f;
        }, MarginalFingerprints::merge);
    return out.sets;
  }

  @Override
  public Dataset<Row> values(List<CountedColumn> columns) {
    CountedColumn[] cs = columns.toArray(new CountedColumn[0]);
    int k = cs.length;
    return merged.filter((FilterFunction<Row>) r -> r.getInt(0) >= 0 && r.getInt(0) < k)
        .map((MapFunction<Row, Row>) r -> {
          MergedEntry e = new MergedEntry();
          MergedCounts.fill(e, r);
          return MergedCounts.valueRow(e, cs);
        }, Encoders.row(VALUES));
  }

  @Override
  public Dataset<Row> rows() {
    return merged.filter((FilterFunction<Row>) r -> r.getInt(0) >= 0);
  }

  @Override
  public void close() {
    merged.unpersist(false);
  }
}
