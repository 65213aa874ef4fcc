package io.infospark.job;

import io.infospark.core.BadInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads a job's input table ({@code --input PATH --format F} or {@code --table NAME}) and checks
 * the columns a job names. Every way an input can be missing or unreadable is a
 * {@link BadInputException} naming the path, table or column.
 */
final class Inputs {
  private Inputs() {}

  /** The input as a DataFrame. CSV: header row, comma, empty field = null, types inferred. */
  static Dataset<Row> read(SparkSession spark, JobConfig config) {
    return read(spark, config, JobConfig.INPUT, JobConfig.FORMAT, JobConfig.TABLE);
  }

  /** The reference table of a comparison ({@code --reference PATH} or {@code --reference-table NAME}). */
  static Dataset<Row> readReference(SparkSession spark, JobConfig config) {
    return read(spark, config, JobConfig.REFERENCE, JobConfig.REFERENCE_FORMAT, JobConfig.REFERENCE_TABLE);
  }

  private static Dataset<Row> read(SparkSession spark, JobConfig config, JobConfig.Key<String> inputKey,
      JobConfig.Key<String> formatKey, JobConfig.Key<String> tableKey) {
    if (config.has(tableKey)) {
      String table = config.get(tableKey);
      try {
        return spark.table(table);
      } catch (Exception e) {
        throw new BadInputException(tableKey.name() + ": cannot read table or view '" + table + "' ("
            + Main.firstLine(e) + ")", e);
      }
    }
    String input = config.get(inputKey);
    String format = config.has(formatKey) ? config.get(formatKey) : formatOf(input);
    requireExists(spark, input, inputKey.name());
    try {
      var reader = spark.read().format(format);
      if (format.equals("csv")) {
        // RFC 4180 quoting ("" inside quotes is a quote, as spreadsheets and pandas write it), and
        // a row with more or fewer fields than the header is an error, not nulls or a cut row
        reader = reader.option("header", "true").option("sep", ",").option("inferSchema", "true")
            .option("nullValue", "").option("quote", "\"").option("escape", "\"").option("mode", "FAILFAST");
      }
      Dataset<Row> df = reader.load(input);
      if (df.schema().isEmpty()) {
        throw new BadInputException("input: no columns in " + input + " as " + format + " (an empty file?)");
      }
      return df;
    } catch (Exception e) {
      if (e instanceof SparkThrowable || e instanceof IOException || e.getCause() instanceof IOException) {
        throw new BadInputException(inputKey.name() + ": cannot read " + input + " as " + format + " ("
            + Main.firstLine(e) + ")", e);
      }
      throw e;
    }
  }

  /** The format from the path's extension ({@code .csv}, {@code .json}, {@code .orc}), else parquet. */
  static String formatOf(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    for (String ext : new String[] {"csv", "json", "orc"}) {
      if (p.endsWith("." + ext) || p.endsWith("." + ext + ".gz")) {
        return ext;
      }
    }
    return "parquet";
  }

  private static void requireExists(SparkSession spark, String input, String key) {
    FileStatus[] found;
    String where = input;
    try {
      Path path = new Path(input);
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      where = fs.makeQualified(path).toString();
      found = fs.globStatus(path);
    } catch (IOException | IllegalArgumentException e) {
      throw new BadInputException(key + ": cannot open " + input + " (" + Main.firstLine(e) + ")", e);
    } catch (RuntimeException e) {
      // Hadoop knows the scheme (s3a, gs, abfs) but its file system is not on the classpath
      if (e.getCause() instanceof ClassNotFoundException) {
        throw new BadInputException(key + ": cannot open " + input + ": the file system of scheme '"
            + new Path(input).toUri().getScheme() + "' is not on the classpath (" + e.getCause().getMessage() + ")", e);
      }
      throw e;
    }
    if (found == null || found.length == 0) {
      throw new BadInputException(key + ": path does not exist: " + input
          + (where.equals(input) ? "" : " (" + where + ")"));
    }
  }

  /**
   * Checks that every named column is in the input.
   *
   * @throws BadInputException naming the key, the missing column and the columns available
   */
  static void requireColumns(Dataset<Row> df, List<String> columns, JobConfig.Key<?> key, String inputName) {
    List<String> available = Arrays.asList(df.columns());
    List<String> missing = new ArrayList<>();
    for (String c : columns) {
      if (!available.contains(c)) {
        missing.add(c);
      }
    }
    if (!missing.isEmpty()) {
      String m = missing.get(0);
      throw new BadInputException(key.name() + ": no column '" + m + "' in " + inputName
          + JobConfig.suggestion(m, available) + "; available: " + String.join(", ", available));
    }
  }

  /** The input's name for messages: its path or table name. */
  static String name(JobConfig config) {
    return config.has(JobConfig.TABLE) ? "table " + config.get(JobConfig.TABLE) : config.get(JobConfig.INPUT);
  }

  /** The reference's name for messages: its path or table name. */
  static String referenceName(JobConfig config) {
    return config.has(JobConfig.REFERENCE_TABLE) ? "table " + config.get(JobConfig.REFERENCE_TABLE)
        : config.get(JobConfig.REFERENCE);
  }
}
