package io.infospark.job;

import java.io.IOException;
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
 *   <li>a run is written to a hidden temporary sibling ({@code .tmp-…}, which Spark's readers
 *       skip) and renamed into place only when complete, so a failed run never leaves a partial
 *       partition nor touches earlier runs;
 *   <li>a rerun of the same id replaces only its own partition (idempotent): the old partition is
 *       moved aside, the new one renamed in, the old one deleted. Between the two renames (a
 *       metadata operation) that one partition is briefly absent; if the run dies right there,
 *       the next run of that id puts the earlier partition back first.
 * </ul>
 *
 * Renames are atomic on HDFS and local disks; on object stores (S3) they are copies.
 */
final class HistoryTable {
  static final String PARTITION_COLUMN = "run_id";

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
    restoreInterrupted(fs, base, runId, target);
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
      if (replacing && !fs.rename(target, old)) {
        throw new IOException("cannot move the earlier " + target + " aside to " + old);
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
   * A rerun killed between its two renames left the earlier partition moved aside as
   * {@code .old-<id>-<uuid>} and none in place: put it back before anything else, so the earlier
   * results are never lost (and read again) even then.
   */
  static void restoreInterrupted(FileSystem fs, Path base, String runId, Path target) throws IOException {
    if (!fs.exists(base) || fs.exists(target)) {
      return;
    }
    String prefix = ".old-" + runId + "-";
    int uuid = UUID.randomUUID().toString().length();
    for (FileStatus s : fs.listStatus(base)) {
      String name = s.getPath().getName();
      if (s.isDirectory() && name.startsWith(prefix) && name.length() == prefix.length() + uuid) {
        fs.rename(s.getPath(), target);
        return;
      }
    }
  }
}
