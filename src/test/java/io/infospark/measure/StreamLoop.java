package io.infospark.measure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * A process that runs a file stream's running profile forever, for a test to kill with SIGKILL at
 * any moment ({@link StreamSafetyTest}). Arguments: the input folder, the states folder, the
 * checkpoint and the first file number. Each round moves one more Parquet file into the input (day
 * {@code n % 4}'s 150 rows, written aside first, so a file is in the input whole or not at all) and
 * processes it: one micro-batch, whose counts are added to the running count. Prints {@code
 * saved N} after each batch, and the steps of the running count's log ({@code adding N}, {@code
 * compacting N}, {@code compacted N}) as they happen.
 */
public final class StreamLoop {
  private StreamLoop() {}

  public static void main(String[] args) throws Exception {
    SparkSession spark = SparkSession.builder().master("local[1]").appName("stream-loop")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    Path input = Path.of(args[0]);
    Path aside = Path.of(args[0] + "-aside");
    if (args.length > 4) {
      windowed(spark, input, aside, args);
    }
    io.infospark.engine.RunningCountSteps.print();
    StreamingQuery q = StreamingProfile.profile(spark.readStream().schema(CountStateTest.SCHEMA).parquet(args[0]),
        StreamSafetyTest.OPTIONS, args[1], args[2], (id, p) -> {
          System.out.println("saved " + id);
          System.out.flush();
        });
    for (int n = Integer.parseInt(args[3]); ; n++) {
      addFile(spark, CountStateTest.day(spark, n % 4, 150), aside.resolve("f" + n), input.resolve("f" + n + ".parquet"));
      q.processAllAvailable();
    }
  }

  /**
   * With a fifth argument: windows of 10 minutes of event time with a lateness of 15 (file n's rows
   * at minutes 5n to 5n + 11, {@link StreamSafetyTest#timed}), so that every other batch a window
   * becomes final and its state is deleted; the process stops for good at the first deletion step
   * ({@code deleted <run>}) to be killed there.
   */
  private static void windowed(SparkSession spark, Path input, Path aside, String[] args) throws Exception {
    io.infospark.engine.RunningCountSteps.printAndHoldAt(args[4]);
    StreamingQuery q = StreamingProfile.profile(spark.readStream().schema(StreamSafetyTest.TIMED).parquet(args[0]),
        StreamSafetyTest.OPTIONS, StreamSafetyTest.WINDOW, args[1], args[2],
        org.apache.spark.sql.streaming.Trigger.ProcessingTime(0L), new StreamingProfile.WindowResults<EntropyProfile>() {
          @Override
          public void accept(long batchId, StreamWindow.Span window, EntropyProfile result) {}

          @Override
          public void batchDone(long batchId, long lateRows) {
            System.out.println("saved " + batchId);
            System.out.flush();
          }
        });
    for (int n = Integer.parseInt(args[3]); ; n++) {
      addFile(spark, StreamSafetyTest.timed(spark, n), aside.resolve("f" + n), input.resolve("f" + n + ".parquet"));
      q.processAllAvailable();
    }
  }

  /** Writes the rows aside as one Parquet file, then moves it into place (atomically). */
  static void addFile(SparkSession spark, Dataset<Row> rows, Path aside, Path target) throws Exception {
    rows.coalesce(1).write().mode("overwrite").parquet(aside.toString());
    try (Stream<Path> files = Files.list(aside)) {
      Path part = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
    }
  }
}
