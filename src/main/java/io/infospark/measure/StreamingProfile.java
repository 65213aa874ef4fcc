package io.infospark.measure;

import io.infospark.core.BadInputException;
import io.infospark.engine.CountRequest;
import io.infospark.engine.CountResult;
import io.infospark.engine.RunningCounts;
import io.infospark.engine.CountedColumn;
import io.infospark.engine.ValueCounter;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The running profile of a streaming DataFrame, or its running comparison against a reference:
 * each micro-batch is counted ({@link ValueCounter}) and added to a running count held in memory
 * ({@link RunningCounts}: the counts so far in hash buckets cached on the executors, their
 * statistics on the driver, changed only where the batch's values are), and the profile (or
 * comparison) of every row seen so far is handed to a callback on the driver, after every batch. A
 * batch costs about what counting it costs: the profile comes from the statistics, without reading
 * the values the batch did not touch. (A comparison reads the counts so far: divergences such as
 * Jensen–Shannon change for every value when the total grows.)
 *
 * <p>Exactly once: each batch's counts are saved in the states folder as run {@code
 * <window>-<batch id>} (written beside and renamed) before they are added in memory, and a batch
 * whose run is there (a batch replayed after a restart from the checkpoint) is not counted again;
 * its results are emitted again from the running count. The runs are compacted into one from time
 * to time; a restarted stream rebuilds its running count from them.
 *
 * <p>The results go to a callback ({@link Results}, {@link WindowResults}) or, as rows, to a sink
 * ({@link ResultSink}: the memory sink, a folder of files written once per batch id, or a function
 * of each batch's rows). Event-time windows with a lateness ({@link StreamWindow#withLateness})
 * become final once the watermark passes their end: their final result is emitted, then their
 * state deleted; rows older than the watermark are dropped and counted.
 *
 * <p>Floating-point columns are counted exactly (a stream has no whole sample to take bin edges
 * from); a comparison takes the reference's bins.
 */
public final class StreamingProfile implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StreamingProfile.class);

  /** What the stream emits after each batch (on the driver). */
  public interface Results<T> extends Serializable {
    void accept(long batchId, T result);
  }

  /** What a windowed stream emits after each batch (on the driver): each window the batch added rows to. */
  public interface WindowResults<T> extends Serializable {
    void accept(long batchId, StreamWindow.Span window, T result);

    /**
     * Called after the windows of a batch were emitted (and after a batch that emitted none), before
     * the states of windows that became final are deleted.
     *
     * @param lateRows the rows dropped as late since the stream started (0 without a lateness)
     */
    default void batchDone(long batchId, long lateRows) {}

    /** Called once when the stream starts, with the session that started it. */
    default void started(SparkSession spark) {}
  }

  private final String states;
  private final CountRequest request;
  private final transient CountResult reference;
  private final ProfileOptions profileOptions;
  private final CompareOptions compareOptions;
  private final WindowResults<Object> results;
  private final StreamWindow window;
  /** The query running this profile (its end lets go of the running counts in memory). */
  private transient volatile java.util.UUID queryId;

  @SuppressWarnings("unchecked")
  private StreamingProfile(String states, CountRequest request, CountResult reference, ProfileOptions po,
      CompareOptions co, StreamWindow window, WindowResults<?> results) {
    this.states = states;
    this.request = request;
    this.reference = reference;
    this.profileOptions = po;
    this.compareOptions = co;
    this.window = window;
    this.results = (WindowResults<Object>) results;
  }

  /**
   * Starts the running profile of {@code stream}: the options' columns (all but the weight when
   * none), weight and null policy; binning exact.
   *
   * @throws BadInputException without a checkpoint location or a states folder, or with binned
   *     floating-point columns
   */
  public static StreamingQuery profile(Dataset<Row> stream, ProfileOptions o, String states, String checkpoint,
      Results<EntropyProfile> results) {
    return profile(stream, o, StreamWindow.all(), states, checkpoint, Trigger.ProcessingTime(0L),
        (id, w, p) -> results.accept(id, p));
  }

  /**
   * Starts the running profile of {@code stream} over a window ({@link StreamWindow}): after each
   * batch, the profile of each window the batch added rows to.
   */
  public static StreamingQuery profile(Dataset<Row> stream, ProfileOptions o, StreamWindow window, String states,
      String checkpoint, Trigger trigger, WindowResults<? super EntropyProfile> results) {
    List<String> names = new ArrayList<>(ColumnNames.orAll(stream, o.columns(), o.weight()));
    requireEventTime(stream, window);
    if (window.kind() == StreamWindow.Kind.TIME && o.columns().isEmpty()) {
      names.remove(window.column()); // the event time is what windows the rows, not a column to profile
    }
    ColumnNames.require(stream, names, "columns");
    List<CountedColumn> columns = new ArrayList<>();
    for (String n : names) {
      StructField f = stream.schema().apply(n);
      if (CountedColumn.isFloating(f.dataType()) && o.binning() != Binning.EXACT) {
        throw new BadInputException("binning: column '" + n + "' is floating-point; a stream is profiled with binning "
            + "= exact (there is no whole sample to take bin edges from)");
      }
      columns.add(CountedColumn.of(n, f.dataType(), null));
    }
    CountRequest request = CountRequest.of(columns).withWeight(o.weight())
        .withNullsAsValue(o.nulls() == NullPolicy.CATEGORY);
    return start(stream, new StreamingProfile(states, request, null, o, null, window, results), states, checkpoint,
        trigger);
  }

  /**
   * Starts the running comparison of {@code stream} (p, under test) against {@code reference}
   * (counts of q: from data, or merged saved states), with the reference's columns, bins and null
   * policy. The reference stays open while the stream runs.
   */
  public static StreamingQuery compare(Dataset<Row> stream, CountResult reference, CompareOptions o, String states,
      String checkpoint, Results<Comparison> results) {
    return compare(stream, reference, o, StreamWindow.all(), states, checkpoint, Trigger.ProcessingTime(0L),
        (id, w, c) -> results.accept(id, c));
  }

  /** Starts the running comparison of {@code stream} against {@code reference} over a window. */
  public static StreamingQuery compare(Dataset<Row> stream, CountResult reference, CompareOptions o,
      StreamWindow window, String states, String checkpoint, Trigger trigger, WindowResults<? super Comparison> results) {
    requireEventTime(stream, window);
    List<String> names = reference.request().columns().stream().map(CountedColumn::name).toList();
    ColumnNames.require(stream, names, "columns");
    CountRequest request = CountRequest.of(reference.request().columns())
        .withNullsAsValue(reference.request().nullsAsValue());
    return start(stream, new StreamingProfile(states, request, reference, null, o, window, results), states,
        checkpoint, trigger);
  }

  private static void requireEventTime(Dataset<Row> stream, StreamWindow window) {
    if (window.kind() != StreamWindow.Kind.TIME) {
      return;
    }
    ColumnNames.require(stream, List.of(window.column()), "window");
    org.apache.spark.sql.types.DataType t = stream.schema().apply(window.column()).dataType();
    if (!(t instanceof org.apache.spark.sql.types.TimestampType || t instanceof org.apache.spark.sql.types.TimestampNTZType
        || t instanceof org.apache.spark.sql.types.DateType)) {
      throw new BadInputException("window: column '" + window.column() + "' is " + t.simpleString()
          + "; expected a timestamp or date column for event-time windows");
    }
  }

  private static StreamingQuery start(Dataset<Row> stream, StreamingProfile p, String states, String checkpoint,
      Trigger trigger) {
    if (checkpoint == null || checkpoint.isBlank()) {
      throw new BadInputException("checkpoint: a stream needs a checkpoint location (a folder) to resume exactly once");
    }
    if (states == null || states.isBlank()) {
      throw new BadInputException("states: a stream needs a folder for its running count state");
    }
    if (!stream.isStreaming()) {
      throw new BadInputException("input: expected a streaming DataFrame (readStream)");
    }
    SparkSession spark = stream.sparkSession();
    StreamingQueryListener release = new StreamingQueryListener() {
      @Override
      public void onQueryStarted(QueryStartedEvent event) {}

      @Override
      public void onQueryProgress(QueryProgressEvent event) {}

      @Override
      public void onQueryTerminated(QueryTerminatedEvent event) {
        if (event.id().equals(p.queryId)) {
          p.closeAll();
          spark.streams().removeListener(this);
        }
      }
    };
    spark.streams().addListener(release);
    p.results.started(spark);
    try {
      StreamingQuery q = stream.writeStream().option("checkpointLocation", checkpoint).trigger(trigger)
          .foreachBatch((VoidFunction2<Dataset<Row>, Long>) p::onBatch).start();
      p.queryId = q.id();
      if (!q.isActive()) {
        p.closeAll();
        spark.streams().removeListener(release);
      }
      return q;
    } catch (TimeoutException | RuntimeException e) {
      spark.streams().removeListener(release);
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("the stream did not start", e);
    }
  }

  /**
   * Adds one micro-batch to the running count of each window it adds rows to (once per batch id)
   * and emits their results. Each window keeps a {@link RunningCounts} in memory — group {@code
   * stream} for every row, {@code batches<first>} and {@code time<start>} for windows — whose log of
   * saved runs in the states folder makes it exactly once and lets it be rebuilt after a restart.
   * With a lateness, rows older than the batch's watermark are dropped and counted, the windows the
   * watermark passed emit their final result, and their states are deleted after the batch's
   * results were handed on.
   */
  void onBatch(Dataset<Row> batch, long batchId) {
    try {
      addBatch(batch, batchId);
    } catch (RuntimeException | Error e) {
      synchronized (this) {
        heldNow = null; // a batch cut short: what is saved is read from the folder again
      }
      throw e;
    }
  }

  private void addBatch(Dataset<Row> batch, long batchId) {
    long began = System.nanoTime();
    SparkSession spark = batch.sparkSession();
    EventTime before = window.closes() ? EventTime.before(spark, states, batchId) : null;
    long watermark = before == null ? Long.MIN_VALUE : before.watermark(window.lateness());
    if (before != null) {
      EventTime.closing(spark, states).forEach(group -> close(spark, group)); // deletions a kill cut short
    }
    Map<String, Long> held = Map.copyOf(held(spark));
    Dataset<Row> rows = compareOptions == null ? batch : castBinned(batch);
    EventTime after = null;
    if (before != null) {
      Row r = rows.agg(functions.max(millis()), functions.count(functions.when(millis().lt(watermark), 1))).first();
      after = before.after(r.isNullAt(0) ? Long.MIN_VALUE : r.getLong(0), r.getLong(1));
      rows = rows.where(millis().geq(watermark));
    }
    List<StreamWindow.Span> spans = new ArrayList<>();
    switch (window.kind()) {
      case ALL -> spans.add(new StreamWindow.Span(StreamWindow.Kind.ALL, 0, Long.MAX_VALUE));
      case BATCHES -> {
        long first = Math.max(0, Math.floorDiv(batchId - window.size(), window.slide()) + 1) * window.slide();
        for (long s = first; s <= batchId; s += window.slide()) {
          spans.add(new StreamWindow.Span(StreamWindow.Kind.BATCHES, s, s + window.size()));
        }
      }
      case TIME -> spans.addAll(timeSpans(rows));
    }
    CountResult counts = null;
    try {
      for (StreamWindow.Span span : spans) {
        String group = group(span);
        Long last = held.get(group);
        if (last != null && batchId < last) {
          continue; // a batch the window already holds, with later ones: nothing to emit for it
        }
        RunningCounts running = running(spark, group);
        long added = System.nanoTime();
        if (running.lastBatch() < batchId) {
          if (window.kind() == StreamWindow.Kind.TIME) {
            try (CountResult c = ValueCounter.countLazily(inSpan(rows, span), request)) {
              running.add(c, batchId, today());
            }
          } else {
            counts = counts != null ? counts : ValueCounter.countLazily(rows, request);
            running.add(counts, batchId, today());
          }
          held(spark).put(group, running.lastBatch());
        }
        long emitted = System.nanoTime();
        emit(batchId, span, running);
        if (LOG.isDebugEnabled()) {
          LOG.debug("batch {}, window {}: {} ms before the count, {} ms counted, saved and added, {} ms the result",
              batchId, group, (added - began) / 1_000_000, (emitted - added) / 1_000_000,
              (System.nanoTime() - emitted) / 1_000_000);
        }
      }
    } finally {
      if (counts != null) {
        counts.close();
      }
    }
    List<String> ended = new ArrayList<>();
    for (String group : after == null ? List.<String>of() : held.keySet()) {
      long start = Long.parseLong(group.substring("time".length()));
      if (start + window.size() <= watermark) { // the watermark passed its end: no row is added to it again
        emit(batchId, new StreamWindow.Span(StreamWindow.Kind.TIME, start, start + window.size(), true),
            running(spark, group));
        ended.add(group);
      }
    }
    results.batchDone(batchId, after == null ? 0 : after.lateRows());
    if (after != null) {
      after.save(spark, states, batchId);
      ended.forEach(group -> close(spark, group));
    }
    if (window.kind() == StreamWindow.Kind.BATCHES) {
      forgetEnded(spark, held, batchId);
    }
  }

  private void emit(long batchId, StreamWindow.Span span, RunningCounts running) {
    try (CountResult state = running.result()) {
      results.accept(batchId, span, compareOptions == null ? Profiler.profile(state, profileOptions)
          : DistributionComparison.compare(state, reference, compareOptions));
    }
  }

  /**
   * Deletes the state of a final window, kill-safe: a marker is written first, so a restart that
   * finds it finishes the deletion (and never emits the window's partial state); then the runs,
   * then the marker.
   */
  private void close(SparkSession spark, String group) {
    EventTime.markClosing(spark, states, group, true);
    forget(group);
    RunningCounts.delete(spark, states, group);
    EventTime.markClosing(spark, states, group, false);
  }

  /**
   * The last batch id of each window's saved runs ({@link RunningCounts#held}), kept between
   * batches: read from the states folder at the first batch (and after a batch that failed), then
   * changed by this stream's own saves and deletions — the folder is the stream's own.
   */
  private transient Map<String, Long> heldNow;

  private synchronized Map<String, Long> held(SparkSession spark) {
    if (heldNow == null) {
      heldNow = new java.util.HashMap<>(RunningCounts.held(spark, states));
    }
    return heldNow;
  }

  /** The windows' running counts held in memory at most (the least recently used is let go first). */
  static final int RESIDENT = 8;
  private transient Map<String, RunningCounts> resident;

  /** The running count of a window: in memory, or opened from its saved runs. */
  private synchronized RunningCounts running(SparkSession spark, String group) {
    if (resident == null) {
      resident = new java.util.LinkedHashMap<>(16, 0.75f, true);
    }
    RunningCounts r = resident.get(group);
    if (r == null) {
      r = RunningCounts.open(spark, states, group, request);
      resident.put(group, r);
      if (resident.size() > RESIDENT) {
        java.util.Iterator<RunningCounts> eldest = resident.values().iterator();
        eldest.next().close();
        eldest.remove();
      }
    }
    return r;
  }

  /** Lets go of the windows' running counts in memory (their saved runs stay). */
  private synchronized void closeAll() {
    if (resident != null) {
      resident.values().forEach(RunningCounts::close);
      resident.clear();
    }
  }

  private synchronized void forget(String group) {
    if (heldNow != null) {
      heldNow.remove(group); // its runs are deleted next
    }
    RunningCounts r = resident == null ? null : resident.remove(group);
    if (r != null) {
      r.close();
    }
  }

  /**
   * The counts of a reference for {@link #compare}: the options' columns (all when none), floating-
   * point ones (and bin-columns) cut into bins of the reference's own range or quantiles, which the
   * stream's rows then share; the null policy of the options.
   */
  public static CountResult reference(Dataset<Row> reference, CompareOptions o) {
    for (String n : o.binnedColumns()) {
      ColumnNames.require(reference, List.of(n), "bin-columns");
      reference = reference.withColumn(n, ColumnNames.col(n).cast(DataTypes.DoubleType));
    }
    List<String> names = ColumnNames.orAll(reference, o.columns(), null);
    ColumnNames.require(reference, names, "columns");
    Binning binning = o.binning() == Binning.POOLED_QUANTILE ? Binning.QUANTILE : o.binning();
    ProfileOptions po = ProfileOptions.defaults().withBinning(binning).withBins(o.bins());
    CountRequest like = CountRequest.of(Profiler.columns(reference, names, po, Map.of()))
        .withNullsAsValue(o.nulls() == NullPolicy.CATEGORY);
    return DistributionComparison.countLike(reference, like, o);
  }

  /** The run-id prefix of a window's state. */
  private static String group(StreamWindow.Span span) {
    return switch (span.kind()) {
      case ALL -> "stream";
      case BATCHES -> "batches" + span.start();
      case TIME -> "time" + span.start();
    };
  }

  /** The windows of event time the batch's rows fall in: as many starts as windows reach the driver. */
  private List<StreamWindow.Span> timeSpans(Dataset<Row> rows) {
    org.apache.spark.sql.Column w = functions.window(ColumnNames.col(window.column()).cast(DataTypes.TimestampType),
        window.size() + " milliseconds", window.slide() + " milliseconds");
    List<StreamWindow.Span> out = new ArrayList<>();
    for (Row r : rows.select(functions.unix_millis(w.getField("start"))).distinct().collectAsList()) {
      if (!r.isNullAt(0)) {
        out.add(new StreamWindow.Span(StreamWindow.Kind.TIME, r.getLong(0), r.getLong(0) + window.size()));
      }
    }
    out.sort(java.util.Comparator.comparingLong(StreamWindow.Span::start));
    return out;
  }

  private org.apache.spark.sql.Column millis() {
    return functions.unix_millis(ColumnNames.col(window.column()).cast(DataTypes.TimestampType));
  }

  private Dataset<Row> inSpan(Dataset<Row> rows, StreamWindow.Span span) {
    return rows.where(millis().geq(span.start()).and(millis().lt(span.end())));
  }

  /** Deletes the states of batch windows that ended before this batch: no later batch adds to them. */
  private void forgetEnded(SparkSession spark, Map<String, Long> held, long batchId) {
    for (String group : held.keySet()) {
      long start = Long.parseLong(group.substring("batches".length()));
      if (start + window.size() <= batchId) {
        forget(group);
        RunningCounts.delete(spark, states, group);
      }
    }
  }

  private static LocalDate today() {
    return LocalDate.now(ZoneOffset.UTC);
  }

  private Dataset<Row> castBinned(Dataset<Row> batch) {
    for (String n : compareOptions.binnedColumns()) {
      batch = batch.withColumn(n, ColumnNames.col(n).cast(org.apache.spark.sql.types.DataTypes.DoubleType));
    }
    return batch;
  }
}
