package io.infospark.measure;

import io.infospark.core.BadInputException;
import io.infospark.engine.Leftovers;
import io.infospark.result.ResultTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Where a stream's results go as rows, batch by batch — the stream of result rows a Structured
 * Streaming user writes to a sink. After each micro-batch, the rows of each window's result (one
 * per column, as the result's {@code toDataFrame}) with {@code batch_id}, {@code window}, {@code
 * window_start}, {@code window_end} (event-time windows; else null), {@code final} (the window's
 * last result: the watermark passed its end) and {@code late_rows} (rows dropped as late since the
 * stream started) go to:
 *
 * <ul>
 *   <li>{@link #memory}: a temporary view of the session, as Spark's memory sink — every batch's
 *       rows, on the driver, queried with {@code spark.sql("select … from <name>")}; a batch id it
 *       holds is not added again;
 *   <li>{@link #files}: a folder of Parquet (JSON, CSV, ORC) files, each batch as partition {@code
 *       batch_id=<id>}, written beside and renamed, and not written again when a replayed batch finds
 *       it there (exactly once): a table for {@code spark.read()}, and a stream for {@code
 *       spark.readStream()} that any sink takes, from any language;
 *   <li>{@link #foreachBatch}: a function of each batch's rows and batch id, as {@code
 *       DataStreamWriter.foreachBatch} (a replayed batch is handed on again, with the same rows).
 * </ul>
 */
public abstract class ResultSink implements StreamingProfile.WindowResults<ResultTable<?>> {
  private static final long serialVersionUID = 1L;
  /** The columns added to each result row. */
  static final StructType EXTRA = new StructType().add("batch_id", DataTypes.LongType, false)
      .add("window", DataTypes.StringType, false).add("window_start", DataTypes.TimestampType, true)
      .add("window_end", DataTypes.TimestampType, true).add("final", DataTypes.BooleanType, false)
      .add("late_rows", DataTypes.LongType, false);

  /** One window's result after a batch. */
  public record Window(long batchId, StreamWindow.Span span, ResultTable<?> result) {}

  private transient SparkSession spark;
  private transient List<Window> pending;

  protected ResultSink() {}

  /** The rows of every batch in the temporary view {@code name} of the session that started the stream. */
  public static ResultSink memory(String name) {
    if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new BadInputException("queryName: expected a view name (letters, digits, '_') but got '" + name + "'");
    }
    return new Memory(name);
  }

  /** Each batch's rows as partition {@code batch_id=<id>} of {@code folder}, in {@code format} (parquet, json, csv, orc). */
  public static ResultSink files(String format, String folder) {
    if (!List.of("parquet", "json", "csv", "orc").contains(format.toLowerCase(Locale.ROOT))) {
      throw new BadInputException("format: expected parquet, json, csv or orc for the result rows but got '" + format
          + "'");
    }
    return new Files(format.toLowerCase(Locale.ROOT), folder);
  }

  /** Each batch's rows handed to {@code write} with the batch id, on the driver. */
  public static ResultSink foreachBatch(VoidFunction2<Dataset<Row>, Long> write) {
    return new ResultSink() {
      private static final long serialVersionUID = 1L;

      @Override
      protected void write(long batchId, List<Window> windows, Dataset<Row> rows) throws Exception {
        write.call(rows, batchId);
      }
    };
  }

  @Override
  public void started(SparkSession session) {
    this.spark = session;
  }

  @Override
  public synchronized void accept(long batchId, StreamWindow.Span window, ResultTable<?> result) {
    if (pending == null) {
      pending = new ArrayList<>();
    }
    pending.add(new Window(batchId, window, result));
  }

  @Override
  public synchronized void batchDone(long batchId, long lateRows) {
    List<Window> windows = pending == null ? List.of() : List.copyOf(pending);
    pending = null;
    try {
      write(batchId, windows, rows(spark, windows, lateRows));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("the result rows of batch " + batchId + " were not written", e);
    }
  }

  /**
   * Writes one batch's rows.
   *
   * @param windows the windows' results, in the order emitted (none: a batch that added to no window)
   * @param rows their rows (null when there are none)
   */
  protected abstract void write(long batchId, List<Window> windows, Dataset<Row> rows) throws Exception;

  /** The result rows of a batch's windows, with the columns of {@link #EXTRA} (null: no window). */
  public static Dataset<Row> rows(SparkSession spark, List<Window> windows, long lateRows) {
    if (windows.isEmpty()) {
      return null;
    }
    StructType schema = windows.get(0).result().fields().schema();
    for (org.apache.spark.sql.types.StructField f : EXTRA.fields()) {
      schema = schema.add(f);
    }
    List<Row> rows = new ArrayList<>();
    for (Window w : windows) {
      boolean time = w.span().kind() == StreamWindow.Kind.TIME;
      Object[] extra = {w.batchId(), w.span().label(), time ? new Timestamp(w.span().start()) : null,
          time ? new Timestamp(w.span().end()) : null, w.span().closed(), lateRows};
      for (Row r : w.result().rows()) {
        Object[] values = new Object[r.size() + extra.length];
        for (int i = 0; i < r.size(); i++) {
          values[i] = r.get(i);
        }
        System.arraycopy(extra, 0, values, r.size(), extra.length);
        rows.add(RowFactory.create(values));
      }
    }
    return spark.createDataFrame(rows, schema);
  }

  /** Spark's memory sink, for result rows: every batch's rows on the driver, as a temporary view. */
  private static final class Memory extends ResultSink {
    private static final long serialVersionUID = 1L;
    private final String name;
    private transient List<Row> held;
    private transient StructType schema;
    private transient long last = -1;

    Memory(String name) {
      this.name = name;
    }

    @Override
    protected void write(long batchId, List<Window> windows, Dataset<Row> rows) {
      if (rows == null || batchId <= last) {
        return; // as Spark's memory sink: a batch it holds is not added again
      }
      if (held == null) {
        held = new ArrayList<>();
      }
      held.addAll(rows.collectAsList()); // local rows: one per column and window
      schema = rows.schema();
      last = batchId;
      rows.sparkSession().createDataFrame(new ArrayList<>(held), schema).createOrReplaceTempView(name);
    }
  }

  /** A folder of files, one partition per batch, each written once. */
  private static final class Files extends ResultSink {
    private static final long serialVersionUID = 1L;
    private final String format;
    private final String folder;
    private transient boolean cleaned;

    Files(String format, String folder) {
      this.format = format;
      this.folder = folder;
    }

    @Override
    protected void write(long batchId, List<Window> windows, Dataset<Row> rows) throws IOException {
      if (rows == null) {
        return;
      }
      Path base = new Path(folder);
      FileSystem fs = base.getFileSystem(rows.sparkSession().sparkContext().hadoopConfiguration());
      if (!cleaned && fs.exists(base)) {
        // what killed writes left beside the batches, by the rule of every atomic writer: once per
        // query (a restart is where they appear), not per batch
        long now = System.currentTimeMillis();
        for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(base)) {
          if (f.isDirectory() && f.getPath().getName().startsWith(".batch-") && Leftovers.abandoned(fs, f, now)) {
            fs.delete(f.getPath(), true);
          }
        }
      }
      cleaned = true;
      Path target = new Path(base, "batch_id=" + batchId);
      if (fs.exists(target)) {
        return; // a replayed batch: its rows are there, whole (renamed into place)
      }
      Path aside = new Path(base, ".batch-" + batchId + "-" + UUID.randomUUID());
      rows.drop("batch_id").coalesce(1).write().format(format).option("header", "true").save(aside.toString());
      if (!fs.rename(aside, target)) {
        throw new UncheckedIOException(new IOException("cannot rename " + aside + " to " + target));
      }
    }
  }
}
