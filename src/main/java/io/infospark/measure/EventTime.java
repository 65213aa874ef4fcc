package io.infospark.measure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * What a stream with a lateness has seen up to a batch: the latest event time (epoch ms; {@code
 * Long.MIN_VALUE}: none yet) and the rows dropped as late. Saved after each batch as the file {@code
 * _event_time/<batch id>} of the states folder (written beside and renamed), so that a batch
 * replayed after a restart gets the watermark it had. The folder also holds a marker {@code
 * closing-<group>} while a final window's state is being deleted.
 */
record EventTime(long latest, long lateRows) {
  private static final String FOLDER = "_event_time";
  private static final String CLOSING = "closing-";

  /** The latest event time minus the lateness ({@code Long.MIN_VALUE}: no watermark yet). */
  long watermark(long lateness) {
    return latest < Long.MIN_VALUE + lateness ? Long.MIN_VALUE : latest - lateness;
  }

  /** After a batch whose latest event time is {@code batchLatest} and which dropped {@code late} rows. */
  EventTime after(long batchLatest, long late) {
    return new EventTime(Math.max(latest, batchLatest), lateRows + late);
  }

  /** What the batches before {@code batchId} saw (none: nothing yet). */
  static EventTime before(SparkSession spark, String states, long batchId) {
    Path dir = folder(states);
    try {
      FileSystem fs = fs(spark, dir);
      long best = -1;
      for (FileStatus f : list(fs, dir)) {
        String name = f.getPath().getName();
        if (name.matches("\\d+") && Long.parseLong(name) < batchId) {
          best = Math.max(best, Long.parseLong(name));
        }
      }
      if (best < 0) {
        return new EventTime(Long.MIN_VALUE, 0);
      }
      try (var in = fs.open(new Path(dir, String.valueOf(best)))) {
        String[] parts = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().split(" ");
        return new EventTime(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the event time of the stream in " + dir, e);
    }
  }

  /** Saves this as what batch {@code batchId} saw; the files of batches before the one before it go. */
  void save(SparkSession spark, String states, long batchId) {
    Path dir = folder(states);
    try {
      FileSystem fs = fs(spark, dir);
      Path target = new Path(dir, String.valueOf(batchId));
      if (!fs.exists(target)) {
        Path aside = new Path(dir, "." + batchId + "-" + java.util.UUID.randomUUID());
        try (FSDataOutputStream out = fs.create(aside, false)) {
          out.write((latest + " " + lateRows).getBytes(StandardCharsets.UTF_8));
        }
        if (!fs.rename(aside, target)) {
          throw new IOException("cannot rename " + aside + " to " + target);
        }
      }
      for (FileStatus f : list(fs, dir)) {
        String name = f.getPath().getName();
        if (name.matches("\\d+") && Long.parseLong(name) < batchId - 1 || name.matches("\\.\\d+-.{36}")) {
          fs.delete(f.getPath(), false); // a replay needs the batch before only; '.': a write a kill cut short
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the event time of the stream in " + dir, e);
    }
  }

  /** The groups whose deletion began and did not end (a kill). */
  static List<String> closing(SparkSession spark, String states) {
    Path dir = folder(states);
    List<String> out = new ArrayList<>();
    try {
      for (FileStatus f : list(fs(spark, dir), dir)) {
        if (f.getPath().getName().startsWith(CLOSING)) {
          out.add(f.getPath().getName().substring(CLOSING.length()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return out;
  }

  /** Writes ({@code on}) or deletes the marker that the state of {@code group} is being deleted. */
  static void markClosing(SparkSession spark, String states, String group, boolean on) {
    Path marker = new Path(folder(states), CLOSING + group);
    try {
      FileSystem fs = fs(spark, marker);
      if (on) {
        fs.create(marker, true).close();
      } else {
        fs.delete(marker, false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot " + (on ? "write " : "delete ") + marker, e);
    }
  }

  private static Path folder(String states) {
    return new Path(states, FOLDER);
  }

  private static FileSystem fs(SparkSession spark, Path p) throws IOException {
    return p.getFileSystem(spark.sparkContext().hadoopConfiguration());
  }

  private static FileStatus[] list(FileSystem fs, Path dir) throws IOException {
    return fs.exists(dir) ? fs.listStatus(dir) : new FileStatus[0];
  }
}
