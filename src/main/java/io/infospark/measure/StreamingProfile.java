package io.infospark.measure;

import io.infospark.core.BadInputException;
import io.infospark.engine.CountRequest;
import io.infospark.engine.CountResult;
import io.infospark.engine.CountState;
import io.infospark.engine.CountedColumn;
import io.infospark.engine.StateWindow;
import io.infospark.engine.ValueCounter;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.types.StructField;

/**
 * The running profile of a streaming DataFrame, or its running comparison against a reference:
 * each micro-batch is counted ({@link ValueCounter}) and merged into a running count state saved in
 * a states folder ({@link CountState#accumulate}: run {@code stream-<batch id>}, replacing the run of
 * the batch before), and the profile (or comparison) of the state — of every row seen so far — is
 * handed to a callback on the driver, after every batch.
 *
 * <p>Exactly once: the state names the last batch it holds, and a batch whose id is not above it (a
 * batch replayed after a restart from the checkpoint) is not counted again; its results are
 * emitted again from the state. The state is written beside and renamed like every state, so a
 * killed stream resumes from the last whole state.
 *
 * <p>Floating-point columns are counted exactly (a stream has no whole sample to take bin edges
 * from); a comparison takes the reference's bins.
 */
public final class StreamingProfile implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String PREFIX = "stream-";

  /** What the stream emits after each batch (on the driver). */
  public interface Results<T> extends Serializable {
    void accept(long batchId, T result);
  }

  private final String states;
  private final CountRequest request;
  private final transient CountResult reference;
  private final ProfileOptions profileOptions;
  private final CompareOptions compareOptions;
  private final Results<Object> results;

  @SuppressWarnings("unchecked")
  private StreamingProfile(String states, CountRequest request, CountResult reference, ProfileOptions po,
      CompareOptions co, Results<?> results) {
    this.states = states;
    this.request = request;
    this.reference = reference;
    this.profileOptions = po;
    this.compareOptions = co;
    this.results = (Results<Object>) results;
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
    List<String> names = ColumnNames.orAll(stream, o.columns(), o.weight());
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
    return start(stream, new StreamingProfile(states, request, null, o, null, results), states, checkpoint);
  }

  /**
   * Starts the running comparison of {@code stream} (p, under test) against {@code reference}
   * (counts of q: from data, or merged saved states), with the reference's columns, bins and null
   * policy. The reference stays open while the stream runs.
   */
  public static StreamingQuery compare(Dataset<Row> stream, CountResult reference, CompareOptions o, String states,
      String checkpoint, Results<Comparison> results) {
    List<String> names = reference.request().columns().stream().map(CountedColumn::name).toList();
    ColumnNames.require(stream, names, "columns");
    CountRequest request = CountRequest.of(reference.request().columns())
        .withNullsAsValue(reference.request().nullsAsValue());
    return start(stream, new StreamingProfile(states, request, reference, null, o, results), states, checkpoint);
  }

  private static StreamingQuery start(Dataset<Row> stream, StreamingProfile p, String states, String checkpoint) {
    if (checkpoint == null || checkpoint.isBlank()) {
      throw new BadInputException("checkpoint: a stream needs a checkpoint location (a folder) to resume exactly once");
    }
    if (states == null || states.isBlank()) {
      throw new BadInputException("states: a stream needs a folder for its running count state");
    }
    if (!stream.isStreaming()) {
      throw new BadInputException("input: expected a streaming DataFrame (readStream)");
    }
    try {
      return stream.writeStream().option("checkpointLocation", checkpoint)
          .foreachBatch((VoidFunction2<Dataset<Row>, Long>) p::onBatch).start();
    } catch (TimeoutException e) {
      throw new IllegalStateException("the stream did not start", e);
    }
  }

  /** Merges one micro-batch into the running state (once per batch id) and emits the results. */
  void onBatch(Dataset<Row> batch, long batchId) {
    SparkSession spark = batch.sparkSession();
    Long last = lastBatch(spark);
    String run = PREFIX + batchId;
    if (last == null || batchId > last) {
      Dataset<Row> rows = compareOptions == null ? batch : castBinned(batch);
      try (CountResult counts = ValueCounter.count(rows, request)) {
        CountState.accumulate(counts, states, last == null ? null : PREFIX + last, run, LocalDate.now(ZoneOffset.UTC));
      }
    } else if (batchId < last) {
      return; // a batch the state already holds, with later ones: nothing to emit for it
    }
    try (CountResult state = CountState.merge(spark, states, StateWindow.runs(List.of(run)))) {
      results.accept(batchId, compareOptions == null ? Profiler.profile(state, profileOptions)
          : DistributionComparison.compare(state, reference, compareOptions));
    }
  }

  private Dataset<Row> castBinned(Dataset<Row> batch) {
    for (String n : compareOptions.binnedColumns()) {
      batch = batch.withColumn(n, ColumnNames.col(n).cast(org.apache.spark.sql.types.DataTypes.DoubleType));
    }
    return batch;
  }

  /** The batch id the running state holds up to, or null. */
  private Long lastBatch(SparkSession spark) {
    Long last = null;
    for (CountState.Run r : CountState.runs(spark, states)) {
      if (r.id().startsWith(PREFIX)) {
        long id = Long.parseLong(r.id().substring(PREFIX.length()));
        last = last == null ? id : Math.max(last, id);
      }
    }
    return last;
  }
}
