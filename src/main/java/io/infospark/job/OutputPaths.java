package io.infospark.job;

import io.infospark.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Checks, before a job does any work, that the places it will write to can hold what it writes: a
 * file where a folder must be, a folder where the summary's file must be, or a destination that
 * cannot be written (read-only, no permission) is a configuration error (exit 2 naming the key
 * and the path), found in seconds rather than after an hour of computing. Writability is tried,
 * not guessed from permission bits: a hidden probe file is created and deleted in the nearest
 * existing folder. It also repairs what killed runs left in the history folder
 * ({@link HistoryTable#repair}).
 */
final class OutputPaths {
  private OutputPaths() {}

  static void check(SparkSession spark, JobConfig config) {
    for (JobConfig.Key<String> key : java.util.List.of(JobConfig.SUMMARY, JobConfig.REPORT)) {
      if (config.has(key)) {
        requireLocalFile(key.name(), config.get(key));
      }
    }
    if (config.accepted().contains(JobConfig.OUTPUT) && config.has(JobConfig.OUTPUT)) {
      String folder = config.get(JobConfig.OUTPUT);
      FileSystem fs = requireFolder(spark, JobConfig.OUTPUT.name(), folder);
      try {
        HistoryTable.repair(fs, fs.makeQualified(new Path(folder)), config.runId());
      } catch (IOException | IllegalArgumentException e) {
        throw new BadInputException("output: cannot use " + folder + " (" + Main.firstLine(e) + ")", e);
      }
    }
  }

  /**
   * Checks that a file of the driver's disk can be written at {@code path}: it is not a folder, no
   * parent is a file, and the nearest existing folder takes a new file.
   */
  static void requireLocalFile(String key, String path) {
    java.nio.file.Path file = java.nio.file.Path.of(path).toAbsolutePath();
    if (Files.isDirectory(file)) {
      throw new BadInputException(key + ": " + path + " is a folder; expected a file path");
    }
    for (java.nio.file.Path p = file.getParent(); p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        if (!Files.isDirectory(p)) {
          throw new BadInputException(key + ": cannot write " + path + ": " + p + " is a file, not a folder");
        }
        java.nio.file.Path probe = p.resolve(".infospark-probe-" + UUID.randomUUID());
        try {
          Files.createFile(probe);
          Files.delete(probe);
        } catch (IOException | SecurityException e) {
          throw new BadInputException(key + ": cannot write " + path + ": cannot create files in " + p
              + " (" + reason(e) + ")", e);
        }
        return;
      }
    }
  }

  /**
   * Checks that {@code folder} is, or can be made, a folder that takes new files: neither it nor a
   * parent is a file, and the nearest existing one is writable.
   *
   * @return its file system
   * @throws BadInputException naming the key and the path in the way
   */
  static FileSystem requireFolder(SparkSession spark, String key, String folder) {
    try {
      FileSystem fs = new Path(folder).getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (Path p = fs.makeQualified(new Path(folder)); p != null; p = p.getParent()) {
        if (fs.exists(p)) {
          if (!fs.getFileStatus(p).isDirectory()) {
            throw new BadInputException(key + ": cannot write " + folder + ": " + p + " is a file, not a folder");
          }
          Path probe = new Path(p, ".infospark-probe-" + UUID.randomUUID());
          try {
            fs.create(probe, false).close();
            fs.delete(probe, false);
          } catch (IOException | SecurityException e) {
            throw new BadInputException(key + ": cannot write " + folder + ": cannot create files in " + p
                + " (" + reason(e) + ")", e);
          }
          break;
        }
      }
      return fs;
    } catch (IOException | IllegalArgumentException e) {
      throw new BadInputException(key + ": cannot use " + folder + " (" + Main.firstLine(e) + ")", e);
    }
  }

  private static String reason(Exception e) {
    String type = e.getClass().getSimpleName();
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    String m = e.getMessage() == null ? type : Main.firstLine(e);
    return m.contains("Permission denied") || m.contains("AccessControlException") ? "permission denied" : m;
  }
}
