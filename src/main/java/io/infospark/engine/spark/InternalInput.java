package io.infospark.engine.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.InputAdapter;
import org.apache.spark.sql.execution.ProjectExec;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The engine's fast input: the rows of a selection in Spark's internal format, read as
 * {@link ColumnChunk}s without converting them to {@link Row}s — a columnar scan's batches
 * (Parquet, ORC, cached tables) column vector by column vector, dictionary-encoded vectors by
 * their ids, or else internal rows in chunks of {@link #CHUNK}. Needs a classic (in-process)
 * Dataset; {@link #unavailable} says when it cannot be used.
 */
public final class InternalInput {
  private InternalInput() {}

  /** Rows per chunk on the row path (a columnar batch is a chunk of its own size). */
  public static final int CHUNK = 4096;

  /** Set by tests to act as if this Spark's internals differed from the ones this build knows. */
  static volatile boolean internalsDifferForTests;
  /** Set by tests: tasks fail as they would on executors whose Spark lacks a member this build calls. */
  static volatile boolean tasksFailToLinkForTests;

  /** What the engine runs in each task over the chunks of its partition. */
  public interface ChunkTask<T> extends Serializable {
    Iterator<T> run(Iterator<ColumnChunk> chunks) throws Exception;
  }

  /**
   * Why the fast input cannot read df, or null when it can: df is not a classic Dataset (a Spark
   * Connect client's), or this Spark's internals are not the ones this build was compiled against.
   */
  public static String unavailable(Dataset<Row> df) {
    try {
      if (internalsDifferForTests) {
        throw new NoSuchMethodError("internals made to differ by a test");
      }
      if (SparkLine.queryExecution(df) == null) {
        return "the Dataset is not a classic one (" + df.getClass().getName() + "; Spark Connect?)";
      }
      // the classes the fast path links against: a LinkageError here means another Spark build
      Class<?>[] linked = {ColumnarToRowExec.class, WholeStageCodegenExec.class, WritableColumnVector.class,
          UTF8String.class, org.apache.spark.memory.MemoryConsumer.class, TaskMemory.class, BatchChunk.class};
      return linked.length > 0 ? null : "";
    } catch (LinkageError | RuntimeException e) {
      return "Spark's internals differ from the ones of this build (" + e.getClass().getSimpleName() + ": "
          + e.getMessage() + ")";
    }
  }

  /**
   * Runs task over the chunks of each partition of {@code selection} (a projection of the key
   * columns, then optionally a double weight column, in that order).
   *
   * @param types the key type of each key column
   * @param weighted whether the last column is a weight
   */
  public static <T> JavaRDD<T> map(Dataset<Row> selection, KeyType[] types, boolean weighted, ChunkTask<T> counting) {
    ChunkTask<T> task = !tasksFailToLinkForTests ? counting : chunks -> {
      throw new NoSuchMethodError("a member missing on the executor (made to fail by a test)");
    };
    if (!weighted) {
      Columnar c = columnar(selection);
      if (c != null) {
        int[] ordinals = c.ordinals;
        return c.batches.toJavaRDD().mapPartitions(it -> task.run(batchChunks(it, ordinals, types)));
      }
    }
    int weightOrdinal = weighted ? types.length : -1;
    return rows(selection).mapPartitions(it -> task.run(rowChunks(it, types, weightOrdinal)));
  }

  /** Whether a selection would be read as columnar batches (for tests and the benchmark). */
  public static boolean isColumnar(Dataset<Row> selection) {
    return columnar(selection) != null;
  }

  /** The rows of df in Spark's internal format (possibly reused between calls). */
  public static JavaRDD<InternalRow> rows(Dataset<Row> df) {
    return SparkLine.queryExecution(df).toRdd().toJavaRDD();
  }

  private record Columnar(RDD<ColumnarBatch> batches, int[] ordinals) {}

  /**
   * The columnar batches behind a selection of plain columns when its physical plan is a columnar
   * scan under at most a column-only projection; null otherwise (filters, expressions, joins, row
   * sources such as CSV), and the caller reads rows.
   */
  private static Columnar columnar(Dataset<Row> selection) {
    QueryExecution qe = SparkLine.queryExecution(selection);
    SparkPlan plan = qe.executedPlan();
    List<Attribute> wanted = list(plan.output());
    boolean converted = false;
    while (!converted) {
      if (plan instanceof WholeStageCodegenExec w) {
        plan = w.child();
      } else if (plan instanceof InputAdapter a) {
        plan = a.child();
      } else if (plan instanceof ProjectExec p && onlyAttributes(p.projectList())) {
        plan = p.child();
      } else if (plan instanceof ColumnarToRowExec c) {
        plan = c.child();
        converted = true;
      } else {
        return null;
      }
    }
    while (plan instanceof InputAdapter a) {
      plan = a.child();
    }
    if (!plan.supportsColumnar()) {
      return null;
    }
    List<Attribute> have = list(plan.output());
    int[] ordinals = new int[wanted.size()];
    for (int i = 0; i < ordinals.length; i++) {
      ordinals[i] = -1;
      for (int j = 0; j < have.size(); j++) {
        if (have.get(j).exprId().equals(wanted.get(i).exprId())) {
          ordinals[i] = j;
        }
      }
      if (ordinals[i] < 0) {
        return null;
      }
    }
    return new Columnar(plan.executeColumnar(), ordinals);
  }

  /** A Scala sequence as a Java list (written out: the converters differ between Scala 2.12 and 2.13). */
  private static <T> List<T> list(scala.collection.Seq<T> seq) {
    List<T> out = new ArrayList<>();
    scala.collection.Iterator<T> it = seq.iterator();
    while (it.hasNext()) {
      out.add(it.next());
    }
    return out;
  }

  private static boolean onlyAttributes(scala.collection.Seq<NamedExpression> list) {
    for (NamedExpression e : list(list)) {
      if (!(e instanceof Attribute)) {
        return false;
      }
    }
    return true;
  }

  /** Chunks over columnar batches (consumed one at a time: the reader may reuse a batch). */
  private static Iterator<ColumnChunk> batchChunks(Iterator<ColumnarBatch> it, int[] ordinals, KeyType[] types) {
    BatchChunk chunk = new BatchChunk(ordinals, types);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public ColumnChunk next() {
        chunk.batch = it.next();
        return chunk;
      }
    };
  }

  /** Chunks of {@link #CHUNK} rows copied from a row iterator (whose rows may be reused). */
  private static Iterator<ColumnChunk> rowChunks(Iterator<InternalRow> it, KeyType[] types, int weightOrdinal) {
    RowChunk chunk = new RowChunk(types, weightOrdinal);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public ColumnChunk next() {
        int n = 0;
        while (n < CHUNK && it.hasNext()) {
          chunk.rows[n++] = it.next().copy();
        }
        chunk.n = n;
        return chunk;
      }
    };
  }

  /** A columnar batch as a chunk: column c is the batch's vector at {@code ordinals[c]}. */
  static final class BatchChunk implements ColumnChunk {
    private final int[] ordinals;
    private final KeyType[] types;
    ColumnarBatch batch;

    BatchChunk(int[] ordinals, KeyType[] types) {
      this.ordinals = ordinals;
      this.types = types;
    }

    @Override
    public int rows() {
      return batch.numRows();
    }

    @Override
    public boolean longs(int c, long[] keys, boolean[] isNull) {
      ColumnVector v = batch.column(ordinals[c]);
      KeyType t = types[c];
      int n = batch.numRows();
      boolean nulls = t.kind() == KeyType.Kind.NULL || v.hasNull();
      if (t.kind() == KeyType.Kind.NULL) {
        java.util.Arrays.fill(isNull, 0, n, true);
        return n > 0;
      }
      boolean any = false;
      switch (t.kind()) {
        case INT:
          for (int r = 0; r < n; r++) {
            boolean isN = nulls && v.isNullAt(r);
            isNull[r] = isN;
            any |= isN;
            if (!isN) {
              keys[r] = v.getInt(r);
            }
          }
          return any;
        case LONG:
          for (int r = 0; r < n; r++) {
            boolean isN = nulls && v.isNullAt(r);
            isNull[r] = isN;
            any |= isN;
            if (!isN) {
              keys[r] = v.getLong(r);
            }
          }
          return any;
        case DOUBLE:
          for (int r = 0; r < n; r++) {
            boolean isN = nulls && v.isNullAt(r);
            isNull[r] = isN;
            any |= isN;
            if (!isN) {
              keys[r] = KeyType.doubleKey(v.getDouble(r));
            }
          }
          return any;
        default:
          for (int r = 0; r < n; r++) {
            boolean isN = nulls && v.isNullAt(r);
            isNull[r] = isN;
            any |= isN;
            if (!isN) {
              keys[r] = InternalKeys.longKey(t, v, r);
            }
          }
          return any;
      }
    }

    @Override
    public boolean bytes(int c, ByteKeys out) {
      ColumnVector v = batch.column(ordinals[c]);
      KeyType t = types[c];
      int n = batch.numRows();
      boolean nulls = v.hasNull();
      boolean any = false;
      out.reset();
      for (int r = 0; r < n; r++) {
        if (nulls && v.isNullAt(r)) {
          out.setNull(r);
          any = true;
        } else {
          InternalKeys.put(InternalKeys.bytesKey(t, v, r), out, r);
        }
      }
      return any;
    }

    @Override
    public boolean dictionaryIds(int c, int[] ids) {
      if (!(batch.column(ordinals[c]) instanceof WritableColumnVector v) || !v.hasDictionary()) {
        return false;
      }
      WritableColumnVector dictIds = v.getDictionaryIds();
      int n = batch.numRows();
      if (v.hasNull()) {
        for (int r = 0; r < n; r++) {
          ids[r] = v.isNullAt(r) ? -1 : dictIds.getDictId(r);
        }
      } else {
        for (int r = 0; r < n; r++) {
          ids[r] = dictIds.getDictId(r);
        }
      }
      return true;
    }

    @Override
    public Object dictionary(int c) {
      return batch.column(ordinals[c]) instanceof WritableColumnVector v ? Dictionaries.of(v) : null;
    }

    @Override
    public long longAt(int c, int r) {
      return InternalKeys.longKey(types[c], batch.column(ordinals[c]), r);
    }

    @Override
    public void bytesAt(int c, int r, ByteKeys out, int slot) {
      InternalKeys.put(InternalKeys.bytesKey(types[c], batch.column(ordinals[c]), r), out, slot);
    }

    @Override
    public void weights(double[] w, byte[] problem) {
      throw new IllegalStateException("weighted counts read rows, not batches");
    }
  }

  /** Internal rows as a chunk: column c at ordinal c, the weight (a double) at weightOrdinal. */
  static final class RowChunk implements ColumnChunk {
    private final KeyType[] types;
    private final int weightOrdinal;
    final InternalRow[] rows = new InternalRow[CHUNK];
    int n;

    RowChunk(KeyType[] types, int weightOrdinal) {
      this.types = types;
      this.weightOrdinal = weightOrdinal;
    }

    @Override
    public int rows() {
      return n;
    }

    @Override
    public boolean longs(int c, long[] keys, boolean[] isNull) {
      KeyType t = types[c];
      boolean always = t.kind() == KeyType.Kind.NULL;
      boolean any = false;
      for (int r = 0; r < n; r++) {
        InternalRow row = rows[r];
        boolean isN = always || row.isNullAt(c);
        isNull[r] = isN;
        any |= isN;
        if (!isN) {
          keys[r] = InternalKeys.longKey(t, row, c);
        }
      }
      return any;
    }

    @Override
    public boolean bytes(int c, ByteKeys out) {
      KeyType t = types[c];
      boolean any = false;
      out.reset();
      for (int r = 0; r < n; r++) {
        InternalRow row = rows[r];
        if (row.isNullAt(c)) {
          out.setNull(r);
          any = true;
        } else {
          InternalKeys.put(InternalKeys.bytesKey(t, row, c), out, r);
        }
      }
      return any;
    }

    @Override
    public long longAt(int c, int r) {
      return InternalKeys.longKey(types[c], rows[r], c);
    }

    @Override
    public void bytesAt(int c, int r, ByteKeys out, int slot) {
      InternalKeys.put(InternalKeys.bytesKey(types[c], rows[r], c), out, slot);
    }

    @Override
    public void weights(double[] w, byte[] problem) {
      for (int r = 0; r < n; r++) {
        InternalRow row = rows[r];
        if (row.isNullAt(weightOrdinal)) {
          problem[r] = 1;
          continue;
        }
        double x = row.getDouble(weightOrdinal);
        w[r] = x;
        problem[r] = ColumnChunk.weightProblem(x);
      }
    }
  }

  /** The size of df as Spark's plan estimates it (a micro-batch of files: their bytes), or -1 when unknown. */
  public static long estimatedBytes(Dataset<Row> df) {
    try {
      scala.math.BigInt b = df.queryExecution().optimizedPlan().stats().sizeInBytes();
      return b.isValidLong() ? b.longValue() : -1;
    } catch (RuntimeException | LinkageError e) { // a plan without statistics (Spark Connect, another build)
      return -1;
    }
  }
}
