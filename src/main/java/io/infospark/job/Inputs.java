package io.infospark.job;

import io.infospark.core.BadInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a job's input table ({@code --input PATH --format F} or {@code --table NAME}) and checks
 * the columns a job names. Every way an input can be missing, unreadable or not what its format
 * says is a {@link BadInputException} naming the path, file, table or column, found before any
 * task runs where it can be:
 *
 * <ul>
 *   <li>a glob is expanded here, once ({@code globPaths=false} for Spark), so a path that is a
 *       glob is never looked up as a file;
 *   <li>the files read must be of one kind, the format's: a folder holding CSV, JSON and text
 *       files, or JSON files read as CSV, is named and refused (file kinds by extension);
 *   <li>CSV: the header must not name a column twice, a header that is one column holding ';',
 *       tab or '|' asks for {@code --delimiter}, and the files of a folder must have one header;
 *   <li>JSON: a line that is not a JSON object is named with its file ({@code mode=PERMISSIVE}
 *       infers a {@code _corrupt_record} column for it, which is never profiled);
 *   <li>Parquet and ORC: files with different columns are refused unless {@code --merge-schema
 *       true} asks for the union of their columns.
 * </ul>
 */
final class Inputs {
  private Inputs() {}

  /** File name extensions (after a compression suffix) by the format they hold. */
  private static final Map<String, String> KINDS = Map.ofEntries(
      Map.entry("csv", "csv"), Map.entry("tsv", "csv"), Map.entry("json", "json"), Map.entry("jsonl", "json"),
      Map.entry("ndjson", "json"), Map.entry("parquet", "parquet"), Map.entry("orc", "orc"),
      Map.entry("avro", "avro"), Map.entry("xml", "xml"));
  private static final List<String> COMPRESSION = List.of("gz", "bz2", "deflate", "xz", "zst", "lz4", "snappy", "br",
      "zstd");

  /** The input as a DataFrame. CSV: header row, the delimiter (comma), empty field = null, types inferred. */
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
    String key = inputKey.name();
    List<String> paths = expand(spark, input, key);
    boolean merge = Boolean.TRUE.equals(config.get(JobConfig.MERGE_SCHEMA));
    try {
      List<String> files = requireOneKind(spark, paths, input, format, key);
      DataFrameReader reader = spark.read().format(format).option("globPaths", "false");
      String delimiter = config.get(JobConfig.DELIMITER);
      if (format.equals("csv")) {
        reader = csvOptions(reader, delimiter).option("inferSchema", "true").option("mode", "FAILFAST");
        if (files.size() != 1) {
          // every file's header must match the first file's (which names the columns); one file's
          // header is the schema, empty names included (Spark names them _c<i>)
          reader = reader.option("enforceSchema", "false");
        }
      } else if (format.equals("json")) {
        reader = reader.option("mode", "PERMISSIVE");
      } else if (merge) {
        reader = reader.option("mergeSchema", "true");
      }
      Dataset<Row> df = reader.load(paths.toArray(new String[0]));
      if (df.schema().isEmpty()) {
        throw new BadInputException(key + ": no columns in " + input + " as " + format + " (an empty file?)");
      }
      if (format.equals("csv")) {
        checkHeader(spark, paths, input, delimiter, key);
      } else if (format.equals("json")) {
        checkJsonLines(spark, df, input, key);
      } else if (!merge && files.size() > 1 && (format.equals("parquet") || format.equals("orc"))) {
        checkSameColumns(spark, paths, df.schema(), input, format, key);
      }
      return df;
    } catch (BadInputException e) {
      throw e;
    } catch (Exception e) {
      if (e instanceof SparkThrowable || e instanceof IOException || e.getCause() instanceof IOException) {
        throw new BadInputException(key + ": cannot read " + input + " as " + format + " ("
            + Main.firstLine(e) + ")", e);
      }
      throw e;
    }
  }

  private static DataFrameReader csvOptions(DataFrameReader reader, String delimiter) {
    return reader.options(csvOptions(delimiter));
  }

  private static Map<String, String> csvOptions(String delimiter) {
    // RFC 4180 quoting ("" inside quotes is a quote, as spreadsheets and pandas write it), and
    // a row with more or fewer fields than the header is an error, not nulls or a cut row
    return Map.of("header", "true", "sep", delimiter == null ? "," : delimiter, "nullValue", "", "quote", "\"",
        "escape", "\"");
  }

  /**
   * The input as a stream: the table's, or the files that land in the input folder, read like the
   * files already there (whose schema the stream takes), with the {@code source-options}.
   */
  static Dataset<Row> readStream(SparkSession spark, JobConfig config) {
    Map<String, String> options = config.get(JobConfig.SOURCE_OPTIONS);
    if (config.has(JobConfig.TABLE)) {
      return spark.readStream().options(options).table(config.get(JobConfig.TABLE));
    }
    StructType schema = read(spark, config).schema();
    String input = config.get(JobConfig.INPUT);
    String format = config.has(JobConfig.FORMAT) ? config.get(JobConfig.FORMAT) : formatOf(input);
    org.apache.spark.sql.streaming.DataStreamReader reader = spark.readStream().format(format).schema(schema);
    if (format.equals("csv")) {
      reader = reader.options(csvOptions(config.get(JobConfig.DELIMITER))).option("mode", "FAILFAST");
    }
    return reader.options(options).load(input);
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

  /**
   * The paths an input names: itself, or what its glob matches.
   *
   * @throws BadInputException when nothing is there, or the file system cannot be reached
   */
  private static List<String> expand(SparkSession spark, String input, String key) {
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
    List<String> paths = new ArrayList<>();
    for (FileStatus s : found) {
      paths.add(s.getPath().toString());
    }
    return paths;
  }

  /**
   * The data files under the paths (as Spark lists them: hidden files skipped, its listing cache
   * filled for the read that follows), checked to be of one kind, the format's.
   */
  private static List<String> requireOneKind(SparkSession spark, List<String> paths, String input, String format,
      String key) {
    List<String> files;
    try {
      files = Arrays.asList(spark.read().format("text").option("globPaths", "false")
          .load(paths.toArray(new String[0])).inputFiles());
    } catch (RuntimeException e) {
      return List.of(); // a layout Spark cannot list: the read itself reports it
    }
    Map<String, List<String>> byKind = new TreeMap<>();
    for (String f : files) {
      byKind.computeIfAbsent(kind(f), k -> new ArrayList<>()).add(f);
    }
    if (byKind.size() > 1) {
      List<String> kinds = new ArrayList<>();
      byKind.forEach((kind, list) -> kinds.add(list.size() + " " + (kind.isEmpty() ? "without extension" : "." + kind)
          + " (e.g. " + name(list.get(0)) + ")"));
      throw new BadInputException(key + ": " + input + " holds files of different kinds: " + String.join(", ", kinds)
          + "; expected only " + format + " files (move the others out, or point " + key + " at a glob of one kind)");
    }
    if (byKind.size() == 1) {
      String kind = byKind.keySet().iterator().next();
      String holds = KINDS.get(kind);
      if (holds != null && !holds.equals(format)) {
        String example = name(byKind.get(kind).get(0));
        throw new BadInputException(key + ": " + input + (files.size() == 1 ? " is a ." + kind + " file"
            : " holds ." + kind + " files (e.g. " + example + ")") + " but the format is " + format
            + "; give --" + (key.equals("input") ? "format" : key + "-format") + " " + holds);
      }
    }
    return files;
  }

  /** A file's kind: its extension after a compression suffix, lower case; "" without one. */
  static String kind(String file) {
    String n = name(file).toLowerCase(Locale.ROOT);
    int dot = n.lastIndexOf('.');
    if (dot > 0 && COMPRESSION.contains(n.substring(dot + 1))) {
      n = n.substring(0, dot);
      dot = n.lastIndexOf('.');
    }
    return dot > 0 ? n.substring(dot + 1) : "";
  }

  private static String name(String file) {
    return new Path(file).getName();
  }

  /**
   * The CSV header as written (Spark renames repeated names to name0, name1…): no name twice, and
   * not one column that holds another delimiter.
   */
  private static void checkHeader(SparkSession spark, List<String> paths, String input, String delimiter,
      String key) {
    Dataset<Row> raw = csvOptions(spark.read().format("csv").option("globPaths", "false"), delimiter)
        .option("header", "false").load(paths.toArray(new String[0]));
    Row header = raw.first();
    boolean caseSensitive = Boolean.parseBoolean(spark.conf().get("spark.sql.caseSensitive", "false"));
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      if (header.isNullAt(i)) {
        continue;
      }
      String name = header.getString(i);
      Integer before = seen.putIfAbsent(caseSensitive ? name : name.toLowerCase(Locale.ROOT), i);
      if (before != null) {
        String first = header.getString(before);
        throw new BadInputException(key + ": the header of " + input + (first.equals(name)
            ? " names column '" + name + "' twice (columns " + (before + 1) + " and " + (i + 1) + ")"
            : " has columns '" + first + "' (" + (before + 1) + ") and '" + name + "' (" + (i + 1)
                + "), one name to Spark SQL, which ignores case") + "; expected distinct column names");
      }
    }
    if (header.size() == 1 && !header.isNullAt(0)) {
      String only = header.getString(0);
      for (String d : List.of(";", "\t", "|")) {
        if (only.contains(d) && !d.equals(delimiter)) {
          String shown = d.equals("\t") ? "tab" : d;
          throw new BadInputException(key + ": the header of " + input + " is one column '" + only.replace("\t", "\\t")
              + "': the file looks " + shown + "-separated; give --delimiter '" + (d.equals("\t") ? "\\t" : d) + "'");
        }
      }
    }
  }

  /** A JSON input must be JSON Lines: a line Spark could not parse is named with its file. */
  private static void checkJsonLines(SparkSession spark, Dataset<Row> df, String input, String key) {
    String corrupt = spark.conf().get("spark.sql.columnNameOfCorruptRecord", "_corrupt_record");
    if (!Arrays.asList(df.columns()).contains(corrupt)) {
      return;
    }
    // every column is selected: Spark refuses a query of the corrupt-record column alone
    Row bad = df.filter(functions.col(corrupt).isNotNull()).withColumn("__file", functions.input_file_name())
        .first();
    String line = bad.<String>getAs(corrupt).strip();
    throw new BadInputException(key + ": malformed JSON in " + name(bad.<String>getAs("__file")) + ": '"
        + (line.length() > 60 ? line.substring(0, 60) + "…" : line)
        + "'; expected one JSON object per line (JSON Lines)");
  }

  /**
   * Parquet and ORC take their schema from one file: the others must have the same columns, or a
   * column missing from the first file would be silently absent. One job reads every footer.
   */
  private static void checkSameColumns(SparkSession spark, List<String> paths, StructType first, String input,
      String format, String key) {
    StructType merged;
    try {
      merged = spark.read().format(format).option("globPaths", "false").option("mergeSchema", "true")
          .load(paths.toArray(new String[0])).schema();
    } catch (Exception e) {
      throw new BadInputException(key + ": the " + format + " files of " + input + " have conflicting column types ("
          + Main.firstLine(e) + ")", e);
    }
    Map<String, String> firstColumns = new LinkedHashMap<>();
    for (StructField f : first.fields()) {
      firstColumns.put(f.name(), f.dataType().simpleString());
    }
    for (StructField f : merged.fields()) {
      String type = firstColumns.get(f.name());
      if (type == null) {
        throw new BadInputException(key + ": the " + format + " files of " + input + " do not all have the same "
            + "columns: column '" + f.name() + "' is in some of them only; give --merge-schema true to read the union "
            + "of their columns (null where a file lacks one)");
      }
      if (!type.equals(f.dataType().simpleString())) {
        throw new BadInputException(key + ": the " + format + " files of " + input + " disagree on the type of column '"
            + f.name() + "' (" + type + " and " + f.dataType().simpleString() + ")");
      }
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

  /**
   * Reads the input and checks that it has the columns the keys name: a list of columns or one
   * column each (an unset key names none).
   */
  static Dataset<Row> readWithColumns(SparkSession spark, JobConfig config, JobConfig.Key<?>... keys) {
    Dataset<Row> df = read(spark, config);
    for (JobConfig.Key<?> key : keys) {
      Object value = config.get(key);
      if (value instanceof List<?> list) {
        requireColumns(df, list.stream().map(String::valueOf).toList(), key, name(config));
      } else if (value != null) {
        requireColumns(df, List.of(String.valueOf(value)), key, name(config));
      }
    }
    return df;
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
