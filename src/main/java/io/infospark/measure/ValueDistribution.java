package io.infospark.measure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infospark.core.BadInputException;
import io.infospark.core.TextWidth;
import io.infospark.engine.CountRequest;
import io.infospark.engine.CountResult;
import io.infospark.engine.CountedColumn;
import io.infospark.engine.ValueCounter;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The empirical distribution of some columns, value by value, kept distributed: one row per
 * (column, distinct value) with its count. It is what {@link Surprisal} scores rows against, and
 * it can be saved and loaded, so that today's rows are scored against yesterday's distribution.
 * Its size is the number of distinct values: it never goes to the driver.
 *
 * <p>Saved layout: {@code PATH/values} (parquet, {@link #SCHEMA}) and {@code PATH/metadata.json}
 * (columns, types, bins, null policy).
 */
public final class ValueDistribution implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One row per (column, distinct value): the engine's value table ({@link CountResult#VALUE_SCHEMA}). */
  public static final StructType SCHEMA = CountResult.VALUE_SCHEMA;

  private final List<CountedColumn> codecs;
  private final NullPolicy nulls;
  private final transient Dataset<Row> values;

  private ValueDistribution(List<CountedColumn> codecs, NullPolicy nulls, Dataset<Row> values) {
    this.codecs = List.copyOf(codecs);
    this.nulls = nulls;
    this.values = values;
  }

  /** The distribution of the options' columns in df (same scan and counts as the profile). */
  public static ValueDistribution of(Dataset<Row> df, ProfileOptions options) {
    Binning.requireOneSample(options.binning());
    List<String> names = ColumnNames.orAll(df, options.columns(), options.weight());
    ColumnNames.require(df, names, "columns");
    List<CountedColumn> columns = Profiler.columns(df, names, options, Map.of());
    CountRequest request = CountRequest.of(columns).withWeight(options.weight())
        .withNullsAsValue(options.nulls() == NullPolicy.CATEGORY);
    Dataset<Row> values;
    try (CountResult counts = ValueCounter.count(df, request)) {
      values = counts.values();
    }
    return new ValueDistribution(columns, options.nulls(), values);
  }

  /**
   * This distribution over a persisted copy of its values, computed by the first action that reads
   * them and read from Spark's block stores afterwards. Spark holds the copy only while something
   * refers to it: its context cleaner releases the blocks once this distribution and every
   * DataFrame made from it are garbage (unlike {@code Dataset.cache()}, which holds them until
   * {@code unpersist}).
   */
  ValueDistribution persisted() {
    JavaRDD<Row> rows = values.toJavaRDD();
    rows.persist(StorageLevel.MEMORY_AND_DISK());
    return new ValueDistribution(codecs, nulls, values.sparkSession().createDataFrame(rows, SCHEMA));
  }

  /** One row per (column, distinct value): {@link #SCHEMA}. Cache it if you use it twice. */
  public Dataset<Row> values() {
    return values;
  }

  /**
   * {@link #values()}, named like every other result's conversion ({@code spark} is not needed:
   * the distribution is already a DataFrame).
   */
  public Dataset<Row> toDataFrame(SparkSession spark) {
    return values;
  }

  /** What the distribution holds (it stays distributed: show {@link #values()} to see it). */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("value distribution (nulls ")
        .append(nulls.name().toLowerCase(java.util.Locale.ROOT)).append(")\n");
    sb.append(String.format(java.util.Locale.ROOT, "%s %-10s %s%n", TextWidth.padRight("column", 30), "type",
        "binning"));
    for (CountedColumn c : codecs) {
      sb.append(String.format(java.util.Locale.ROOT, "%s %-10s %s%n", TextWidth.padRight(c.name(), 30),
          c.type().simpleString(),
          c.bins() == null ? "none" : c.bins().describe()));
    }
    return sb.append("values(): one row per (column, value) with its count, distributed").toString();
  }

  /** The columns of the distribution as the engine counts them (name, type, bins). */
  public List<CountedColumn> columns() {
    return codecs;
  }

  public NullPolicy nulls() {
    return nulls;
  }

  CountedColumn column(String column) {
    for (CountedColumn c : codecs) {
      if (c.name().equals(column)) {
        return c;
      }
    }
    List<String> names = new ArrayList<>();
    codecs.forEach(c -> names.add(c.name()));
    throw new BadInputException("column '" + column + "' is not in the saved distribution; it has: "
        + String.join(", ", names));
  }

  /** Writes the distribution to {@code path} (a directory; replaced if it exists). */
  public void save(String path) {
    values.write().mode("overwrite").parquet(path + "/values");
    ObjectMapper json = new ObjectMapper();
    ObjectNode meta = json.createObjectNode();
    meta.put("format", "infospark-value-distribution/1");
    meta.put("nulls", nulls.name().toLowerCase(java.util.Locale.ROOT));
    ArrayNode cols = meta.putArray("columns");
    for (CountedColumn c : codecs) {
      ObjectNode o = cols.addObject();
      o.put("name", c.name());
      o.set("type", readTree(json, c.type().json()));
      if (c.bins() instanceof BinSpec bins) {
        o.put("binning", bins.kind().name());
        ArrayNode e = o.putArray("edges");
        for (double x : bins.edges()) {
          e.add(x);
        }
      }
    }
    try {
      Path p = new Path(path, "metadata.json");
      FileSystem fs = p.getFileSystem(values.sparkSession().sparkContext().hadoopConfiguration());
      try (FSDataOutputStream out = fs.create(p, true)) {
        json.writerWithDefaultPrettyPrinter().writeValue((java.io.OutputStream) out, meta);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + path + "/metadata.json", e);
    }
  }

  /** Reads a distribution written by {@link #save}. */
  public static ValueDistribution load(SparkSession spark, String path) {
    JsonNode meta;
    try {
      Path p = new Path(path, "metadata.json");
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        throw new BadInputException("distribution '" + path + "': no metadata.json there; expected a folder "
            + "written by ValueDistribution.save or the profile job's value-distribution option");
      }
      try (FSDataInputStream in = fs.open(p)) {
        meta = new ObjectMapper().readTree((java.io.InputStream) in);
      }
    } catch (IOException e) {
      throw new BadInputException("distribution '" + path + "': cannot read metadata.json (" + e.getMessage() + ")", e);
    }
    List<CountedColumn> codecs = new ArrayList<>();
    for (JsonNode c : meta.get("columns")) {
      DataType t = DataType.fromJson(c.get("type").toString());
      BinSpec bins = null;
      if (c.has("edges")) {
        double[] e = new double[c.get("edges").size()];
        for (int i = 0; i < e.length; i++) {
          e[i] = c.get("edges").get(i).asDouble();
        }
        bins = BinSpec.of(Binning.valueOf(c.get("binning").asText()), e);
      }
      codecs.add(CountedColumn.of(c.get("name").asText(), t, bins));
    }
    NullPolicy nulls = NullPolicy.parse(meta.get("nulls").asText(), path + "/metadata.json nulls");
    return new ValueDistribution(codecs, nulls, spark.read().schema(SCHEMA).parquet(path + "/values"));
  }

  /** The total count (or weight) of a column under the null policy: the N of p = c / N. */
  double total(String column, boolean weighted) {
    Dataset<Row> v = values.filter(functions.col("column").equalTo(column));
    if (nulls == NullPolicy.DROP) {
      v = v.filter(functions.not(functions.col("is_null")));
    }
    Row r = v.agg(functions.sum(weighted ? "weight" : "count")).first();
    return r.isNullAt(0) ? 0.0 : ((Number) r.get(0)).doubleValue();
  }

  private static JsonNode readTree(ObjectMapper json, String text) {
    try {
      return json.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
