package io.infospark.job;

import io.infospark.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Checks, before a job does any work, that the places it will write to can hold what it writes:
 * a file where a folder must be is a configuration error (exit 2 naming the key and the path),
 * found in seconds rather than after an hour of computing. It also puts back an earlier history
 * partition that a killed rerun left moved aside ({@link HistoryTable#restoreInterrupted}).
 */
final class OutputPaths {
  private OutputPaths() {}

  static void check(SparkSession spark, JobConfig config) {
    if (config.has(JobConfig.SUMMARY)) {
      java.nio.file.Path summary = java.nio.file.Path.of(config.get(JobConfig.SUMMARY)).toAbsolutePath();
      if (Files.isDirectory(summary)) {
        throw new BadInputException("summary: " + config.get(JobConfig.SUMMARY) + " is a folder; expected a file path");
      }
      for (java.nio.file.Path p = summary.getParent(); p != null; p = p.getParent()) {
        if (Files.exists(p)) {
          if (!Files.isDirectory(p)) {
            throw new BadInputException("summary: cannot write " + config.get(JobConfig.SUMMARY) + ": " + p
                + " is a file, not a folder");
          }
          break;
        }
      }
    }
    if (config.accepted().contains(JobConfig.OUTPUT) && config.has(JobConfig.OUTPUT)) {
      String folder = config.get(JobConfig.OUTPUT);
      FileSystem fs = requireFolder(spark, JobConfig.OUTPUT.name(), folder);
      try {
        Path base = fs.makeQualified(new Path(folder));
        HistoryTable.restoreInterrupted(fs, base, config.runId(),
            new Path(base, HistoryTable.PARTITION_COLUMN + "=" + config.runId()));
      } catch (IOException | IllegalArgumentException e) {
        if (e instanceof BadInputException) {
          throw (BadInputException) e;
        }
        throw new BadInputException("output: cannot use " + folder + " (" + Main.firstLine(e) + ")", e);
      }
    }
  }

  /**
   * Checks that {@code folder} is, or can be made, a folder: neither it nor a parent is a file.
   *
   * @return its file system
   * @throws BadInputException naming the key and the file in the way
   */
  static FileSystem requireFolder(SparkSession spark, String key, String folder) {
    try {
      FileSystem fs = new Path(folder).getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (Path p = fs.makeQualified(new Path(folder)); p != null; p = p.getParent()) {
        if (fs.exists(p)) {
          if (!fs.getFileStatus(p).isDirectory()) {
            throw new BadInputException(key + ": cannot write " + folder + ": " + p + " is a file, not a folder");
          }
          break;
        }
      }
      return fs;
    } catch (IOException | IllegalArgumentException e) {
      if (e instanceof BadInputException) {
        throw (BadInputException) e;
      }
      throw new BadInputException(key + ": cannot use " + folder + " (" + Main.firstLine(e) + ")", e);
    }
  }
}
