package io.infospark.job;

import io.infospark.engine.Leftovers;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * A folder of results that reads as one table partitioned by {@code run_id}: each run writes
 * {@code <folder>/run_id=<id>/}. Safe for scheduled ETL:
 *
 * <ul>
 *   <li>a run is written to a hidden temporary sibling ({@code .tmp-<id>-<uuid>}, which Spark's
 *       readers skip) and renamed into place only when complete, so a failed run never leaves a
 *       partial partition nor touches earlier runs;
 *   <li>a rerun of the same id replaces only its own partition (idempotent): the old partition is
 *       stamped with the time, moved aside ({@code .old-<id>-<uuid>}), the new one renamed in, the
 *       old one deleted. Between the two renames (a metadata operation) that one partition is
 *       briefly absent; if the run dies right there, the next run of that id puts the earlier
 *       partition back first, and so does any run on the folder once it has been aside for
 *       {@link #IN_FLIGHT} (younger, it may belong to a live run);
 *   <li>leftovers of killed runs are deleted by later runs: a {@code .tmp-} folder in which nothing
 *       changed for {@link #ABANDONED}, and an {@code .old-} folder older than {@link #IN_FLIGHT}
 *       whose partition is back in place.
 * </ul>
 *
 * Renames are atomic on HDFS and local disks; on object stores (S3) they are copies, and folders
 * have no modification times there, so only a run of the same id repairs and nothing is deleted.
 */
final class HistoryTable {
  static final String PARTITION_COLUMN = "run_id";
  /** A partition moved aside more recently than this may be between the two renames of a live run. */
  static final Duration IN_FLIGHT = Leftovers.IN_FLIGHT;
  /** A temporary folder in which nothing changed for this long belongs to no live run. */
  static final Duration ABANDONED = Leftovers.ABANDONED;
  private static final int UUID_LENGTH = 36;

  private HistoryTable() {}

  /**
   * Writes {@code rows} as the partition {@code run_id=<runId>} of {@code folder}.
   *
   * @param runId a validated run id (letters, digits, '.', '_', '-'), so the folder name needs no escaping
   * @param format parquet, csv (with a header), json or orc
   * @return the partition folder written
   */
  static Path writeRun(Dataset<Row> rows, String folder, String runId, String format) throws IOException {
    Path base = new Path(folder);
    FileSystem fs = base.getFileSystem(rows.sparkSession().sparkContext().hadoopConfiguration());
    String partition = PARTITION_COLUMN + "=" + runId;
    String unique = UUID.randomUUID().toString();
    // Hidden names without '=': Spark's readers skip names starting with '.', but not names
    // starting with '_' that contain '=' (those could be partitions).
    Path tmp = new Path(base, ".tmp-" + runId + "-" + unique);
    Path old = new Path(base, ".old-" + runId + "-" + unique);
    Path target = new Path(base, partition);
    repair(fs, base, runId);
    try {
      rows.withColumn(PARTITION_COLUMN, functions.lit(runId))
          .coalesce(1)
          .write()
          .format(format)
          .option("header", "true")
          .partitionBy(PARTITION_COLUMN)
          .save(tmp.toString());
      Path written = new Path(tmp, partition);
      if (!fs.exists(written)) {
        fs.mkdirs(written); // no rows: an empty partition
      }
      boolean replacing = fs.exists(target);
      if (replacing) {
        // the time it was moved aside, for repair() in other runs (a rename keeps a folder's time)
        try {
          fs.setTimes(target, System.currentTimeMillis(), -1);
        } catch (IOException | UnsupportedOperationException e) {
          // a file system without folder times: only a run of the same id puts it back
        }
        if (!fs.rename(target, old)) {
          throw new IOException("cannot move the earlier " + target + " aside to " + old);
        }
      }
      if (!fs.rename(written, target)) {
        if (replacing) {
          fs.rename(old, target);
        }
        throw new IOException("cannot rename " + written + " to " + target);
      }
      if (replacing) {
        fs.delete(old, true);
      }
      return fs.makeQualified(target);
    } finally {
      fs.delete(tmp, true);
    }
  }

  /**
   * Repairs what killed runs left in {@code base}, before a run of {@code runId} writes there: an
   * earlier partition left moved aside ({@code .old-<id>-<uuid>}) with none in its place is put
   * back, so earlier results are never lost (and are read again) even then; abandoned leftovers
   * are deleted (see the class comment for which, and when). Never touches what a live run may be
   * using.
   */
  static void repair(FileSystem fs, Path base, String runId) throws IOException {
    if (!fs.exists(base) || !fs.getFileStatus(base).isDirectory()) {
      return;
    }
    long now = System.currentTimeMillis();
    for (FileStatus s : fs.listStatus(base)) {
      String name = s.getPath().getName();
      String id = leftoverRunId(name);
      if (id == null || !s.isDirectory()) {
        continue;
      }
      if (name.startsWith(".old-")) {
        Path partition = new Path(base, PARTITION_COLUMN + "=" + id);
        boolean settled = Leftovers.settled(s, now); // object stores have no folder times: never
        if (!fs.exists(partition)) {
          if (id.equals(runId) || settled) {
            fs.rename(s.getPath(), partition);
          }
        } else if (settled) {
          fs.delete(s.getPath(), true); // the swap completed; only its clean-up was lost
        }
      } else if (Leftovers.abandoned(fs, s, now)) {
        fs.delete(s.getPath(), true);
      }
    }
  }

  /** The run id of a leftover {@code .tmp-<id>-<uuid>} or {@code .old-<id>-<uuid>}, else null. */
  static String leftoverRunId(String name) {
    if (!(name.startsWith(".tmp-") || name.startsWith(".old-")) || name.length() < 5 + 2 + UUID_LENGTH) {
      return null;
    }
    String uuid = name.substring(name.length() - UUID_LENGTH);
    try {
      UUID.fromString(uuid);
    } catch (IllegalArgumentException e) {
      return null;
    }
    String id = name.substring(5, name.length() - UUID_LENGTH - 1);
    return name.charAt(name.length() - UUID_LENGTH - 1) == '-' && !id.isEmpty() ? id : null;
  }
}
