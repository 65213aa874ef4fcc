package io.infospark.job;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infospark.core.BadInputException;
import io.infospark.engine.CountResult;
import io.infospark.measure.CompareOptions;
import io.infospark.measure.Comparison;
import io.infospark.measure.EntropyProfile;
import io.infospark.measure.ProfileOptions;
import io.infospark.measure.ResultSink;
import io.infospark.measure.ResultSink.Window;
import io.infospark.measure.StreamWindow;
import io.infospark.measure.StreamingProfile;
import io.infospark.report.CompareReport;
import io.infospark.report.ProfileReport;
import io.infospark.result.ResultTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * {@code profile-stream} and {@code compare-stream}: the running profile of a stream — new files
 * landing in the input folder, or a Kafka topic — or its running comparison against a reference,
 * on the embedded Spark (or the cluster of spark-submit). Each micro-batch merges its counts into
 * the running state kept under {@code checkpoint} (exactly once: a batch replayed after a restart
 * is not counted again), prints the result of each window the batch added rows to, and appends
 * them to the history folder {@code output} as partition {@code run_id=b<batch id, 9 digits>} with
 * the columns {@code batch_id}, {@code window}, {@code window_start} and {@code window_end}. With
 * {@code trigger = available-now} the job processes what has arrived and stops, then writes the
 * summary and the report of the last batch's windows (compare-stream: exit 3 when one exceeds a
 * threshold); with {@code trigger = every …} it runs until stopped.
 */
final class StreamJob extends ResultJob<StreamJob.Emitted> {
  /** The Spark class of the Kafka source, present when the connector is on the class path. */
  static final String KAFKA_PROVIDER = "org.apache.spark.sql.kafka010.KafkaSourceProvider";

  private final boolean compare;

  /** What the stream emitted: the number of batches this run, the windows of its last batch, the late rows dropped. */
  record Emitted(int batches, long lastBatch, List<Window> windows, long lateRows) {}

  StreamJob(boolean compare) {
    this.compare = compare;
  }

  @Override
  public String name() {
    return compare ? "compare-stream" : "profile-stream";
  }

  @Override
  public String description() {
    return compare ? "running comparison of a stream (files landing in a folder, or Kafka) against a reference, per "
        + "micro-batch and window, exactly once; exit 3 over a threshold"
        : "running entropy profile of a stream (files landing in a folder, or Kafka), per micro-batch and window, "
            + "exactly once";
  }

  @Override
  public List<JobConfig.Key<?>> keys() {
    List<JobConfig.Key<?>> keys = new ArrayList<>(List.of(JobConfig.INPUT, JobConfig.FORMAT, JobConfig.TABLE,
        JobConfig.DELIMITER, JobConfig.SOURCE, JobConfig.SOURCE_OPTIONS));
    if (compare) {
      keys.addAll(JobConfig.REFERENCE_KEYS);
    }
    keys.addAll(List.of(JobConfig.CHECKPOINT, JobConfig.TRIGGER, JobConfig.WINDOW, JobConfig.LATENESS,
        JobConfig.COLUMNS, JobConfig.BASE, JobConfig.NULLS));
    if (compare) {
      keys.addAll(List.of(JobConfig.SMOOTHING, JobConfig.BINNING, JobConfig.BINS, JobConfig.BIN_COLUMNS,
          JobConfig.MAX_KL, JobConfig.MAX_JS, JobConfig.MAX_PSI, JobConfig.MAX_HELLINGER, JobConfig.ALPHA));
    } else {
      keys.add(JobConfig.WEIGHT);
    }
    keys.addAll(List.of(JobConfig.OUTPUT, JobConfig.OUTPUT_FORMAT));
    return keys;
  }

  /** The stream of the input: files, a table, or Kafka (input names the topics). */
  static Dataset<Row> source(JobContext context) {
    JobConfig c = context.config();
    if (!c.get(JobConfig.SOURCE).equals("kafka")) {
      return Inputs.readStream(context.spark(), c);
    }
    try {
      Class.forName(KAFKA_PROVIDER, false, Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException e) {
      throw new BadInputException("source: kafka needs Spark's Kafka connector, which is not on the class path; add "
          + "it with --packages org.apache.spark:spark-sql-kafka-0-10_2.13:" + context.spark().version());
    }
    if (c.has(JobConfig.TABLE)) {
      throw new BadInputException("table: not for source kafka; give the topics as --input");
    }
    Dataset<Row> kafka = context.spark().readStream().format("kafka").option("subscribe", c.get(JobConfig.INPUT))
        .options(c.get(JobConfig.SOURCE_OPTIONS)).load();
    // the message's key and value as text
    return kafka.withColumn("key", functions.col("key").cast("string"))
        .withColumn("value", functions.col("value").cast("string"));
  }

  @Override
  protected Emitted compute(JobContext context) throws Exception {
    JobConfig c = context.config();
    String checkpoint = c.get(JobConfig.CHECKPOINT);
    if (checkpoint == null) {
      throw new BadInputException("checkpoint: missing; a stream needs --checkpoint FOLDER for its progress and "
          + "running counts, to resume exactly once");
    }
    if (compare) {
      CompareJob.thresholds(c);
    }
    Dataset<Row> stream = source(context);
    Long every = c.get(JobConfig.TRIGGER);
    Trigger trigger = every == null ? Trigger.AvailableNow() : Trigger.ProcessingTime(every);
    StreamWindow window = c.get(JobConfig.WINDOW);
    if (c.get(JobConfig.LATENESS) != null) {
      if (window.kind() != StreamWindow.Kind.TIME) {
        throw new BadInputException("lateness: only for a window of event time ('--window \"time COLUMN DURATION\"'); "
            + "the window is " + window.kind().name().toLowerCase(Locale.ROOT));
      }
      window = window.withLateness(c.get(JobConfig.LATENESS));
    }
    String states = new Path(checkpoint, "counts").toString();
    String progress = new Path(checkpoint, "progress").toString();
    StreamingQuery q;
    if (compare) {
      CompareOptions o = counting(CompareOptions.defaults(), c).withSmoothing(c.get(JobConfig.SMOOTHING))
          .withBinnedColumns(c.get(JobConfig.BIN_COLUMNS));
      Dataset<Row> reference = Inputs.readReference(context.spark(), c);
      Inputs.requireColumns(reference, c.get(JobConfig.COLUMNS), JobConfig.COLUMNS, Inputs.referenceName(c));
      if (o.columns().isEmpty() && window.kind() == StreamWindow.Kind.TIME) {
        List<String> names = new ArrayList<>(List.of(reference.columns()));
        names.remove(window.column());
        o = o.withColumns(names);
      }
      try (CountResult counts = StreamingProfile.reference(reference, o)) {
        Collector collector = new Collector(this, context);
        q = StreamingProfile.compare(stream, counts, o, window, states, progress, trigger, collector);
        await(q);
        return collector.emitted();
      }
    } else {
      ProfileOptions o = counting(ProfileOptions.defaults(), c).withWeight(c.get(JobConfig.WEIGHT))
          .withBinning(io.infospark.measure.Binning.EXACT);
      Collector collector = new Collector(this, context);
      q = StreamingProfile.profile(stream, o, window, states, progress, trigger, collector);
      await(q);
      return collector.emitted();
    }
  }

  private static void await(StreamingQuery q) throws Exception {
    try {
      q.awaitTermination();
    } catch (org.apache.spark.sql.streaming.StreamingQueryException e) {
      // the batch's own error (bad input is exit 2), not the stream's wrapper
      throw e.cause() instanceof Exception cause ? cause : e;
    }
  }

  /** Prints and appends each batch's windows; keeps the last batch's. */
  private static final class Collector extends ResultSink {
    private static final long serialVersionUID = 1L;
    private final transient StreamJob job;
    private final transient JobContext context;
    private List<Window> last = List.of();
    private long lastBatch = -1;
    private long lateRows;
    private int batches;

    Collector(StreamJob job, JobContext context) {
      this.job = job;
      this.context = context;
    }

    @Override
    public synchronized void batchDone(long batchId, long late) {
      batches++;
      lastBatch = batchId;
      lateRows = late;
      super.batchDone(batchId, late);
    }

    /** After each batch: print, append to the history folder, keep. */
    @Override
    protected void write(long batchId, List<Window> windows, Dataset<Row> rows) throws java.io.IOException {
      JobConfig c = context.config();
      if (windows.isEmpty()) {
        return;
      }
      for (Window w : windows) {
        if (c.get(JobConfig.SHOW)) {
          context.out().println("batch " + batchId + ", window " + w.span().label() + (w.span().closed() ? " (final)"
              : "") + ":");
          context.out().println(w.result());
        }
      }
      if (c.get(JobConfig.OUTPUT) != null) {
        job.writeHistory(rows, context, String.format(Locale.ROOT, "b%09d", batchId));
      }
      last = windows;
    }

    synchronized Emitted emitted() {
      return new Emitted(batches, lastBatch, last, lateRows);
    }
  }

  @Override
  protected void show(Emitted result, JobContext context) {
    if (context.config().get(JobConfig.SHOW)) {
      context.out().println("infospark: " + result.batches() + " micro-batch" + (result.batches() == 1 ? "" : "es")
          + " this run" + (result.lastBatch() < 0 ? "" : ", the last " + result.lastBatch()));
    }
  }

  @Override
  protected Dataset<Row> history(Emitted result, JobContext context) {
    return null; // appended batch by batch
  }

  @Override
  protected void summarize(Emitted result, ObjectNode summary, JobContext context) {
    summary.put("batches", result.batches());
    if (result.lastBatch() < 0) {
      summary.putNull("last_batch");
    } else {
      summary.put("last_batch", result.lastBatch());
    }
    summary.put("window", context.config().get(JobConfig.WINDOW).kind().name().toLowerCase(Locale.ROOT));
    summary.put("unit", context.config().get(JobConfig.BASE).unit());
    if (context.config().get(JobConfig.LATENESS) != null) {
      summary.put("late_rows", result.lateRows());
    }
    ArrayNode windows = summary.putArray("windows");
    for (Window w : result.windows()) {
      ObjectNode node = windows.addObject();
      node.put("window", w.span().label());
      node.put("batch_id", w.batchId());
      node.put("final", w.span().closed());
      items(w.result(), node.putArray(w.result().itemsName()));
    }
    if (compare) {
      ArrayNode over = summary.putArray("exceeded");
      exceeded(result, context).forEach(over::add);
    }
  }

  private List<String> exceeded(Emitted result, JobContext context) {
    List<String> out = new ArrayList<>();
    for (Window w : result.windows()) {
      for (String e : ((Comparison) w.result()).exceeded(CompareJob.thresholds(context.config()))) {
        out.add("window " + w.span().label() + ": " + e);
      }
    }
    return out;
  }

  @Override
  protected String report(Emitted result, Map<String, String> facts, JobContext context) {
    if (result.windows().isEmpty()) {
      return new io.infospark.report.Html("No new micro-batch", facts)
          .note("Nothing new arrived since the last run of this stream: its results are those of the last report.")
          .render();
    }
    Window w = result.windows().get(result.windows().size() - 1);
    facts.put("window", w.span().label() + " after micro-batch " + w.batchId());
    return compare ? CompareReport.html((Comparison) w.result(), CompareJob.thresholds(context.config()), facts)
        : ProfileReport.html((EntropyProfile) w.result(), facts);
  }

  @Override
  protected void verdict(Emitted result, JobContext context) {
    if (compare) {
      List<String> exceeded = exceeded(result, context);
      if (!exceeded.isEmpty()) {
        throw new ThresholdExceededException(exceeded.get(0)
            + (exceeded.size() > 1 ? " (and " + (exceeded.size() - 1) + " more; see the summary)" : ""));
      }
    }
  }
}
