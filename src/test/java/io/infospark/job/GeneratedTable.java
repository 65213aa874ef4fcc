package io.infospark.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A table for the property tier: a few columns of one kind each, with nulls, NaN, ±∞, −0.0,
 * duplicates, empty and constant columns, skew, and names users give columns (dots, spaces,
 * backticks, quotes, CJK, SQL, names that clash), written as Parquet, CSV or JSON Lines the way a
 * user's file would be. The values of a column come from a seed, so jqwik shrinks a failing table
 * to fewer rows and columns.
 */
record GeneratedTable(List<Column> columns, int rows, String format) {

  enum Kind { STRING, LONG, DOUBLE, BOOLEAN }

  enum Shape { CONSTANT, ALL_NULL, SKEWED, UNIQUE, FEW }

  record Column(String name, Kind kind, List<Object> values) {
    boolean categorical() {
      return kind != Kind.DOUBLE;
    }
  }

  /** Names users give columns: plain, with SQL's special characters, non-ASCII, and clashing. */
  static final List<String> NAMES = List.of("a", "b", "x1", "price", "Name", "name", "a.b", "a b", "`x`",
      "城市", "ねだん", "a; DROP TABLE x", "q\"uote", "col,comma", " lead", "é", "_c0", "run_id", "weight", "");
  /** String values, none of which Spark's CSV reader would take for a number, boolean or null. */
  static final List<String> WORDS = List.of("a", "b", "c", "Oslo", "東京", "a,b", "say \"hi\"", "x y", " pad ",
      "a; DROP TABLE x", "é", "null", "NA", "-", "long value with spaces and more spaces");
  static final List<Double> SPECIAL = List.of(0.0, -0.0, 1.5, -2.25, Double.NaN, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, 1e300, Double.MIN_VALUE);

  /** Tables of 0 to maxRows rows and 1 to maxColumns columns, in any of the formats. */
  static Arbitrary<GeneratedTable> tables(int maxRows, int maxColumns) {
    Arbitrary<String> format = Arbitraries.of("parquet", "csv", "json");
    Arbitrary<Integer> rows = Arbitraries.integers().between(0, maxRows);
    return Combinators.combine(format, rows, specs().list().ofMinSize(1).ofMaxSize(maxColumns))
        .as((f, n, specs) -> build(f, n, specs));
  }

  /** What a column will be: its name, kind, shape, share of nulls and the seed of its values. */
  record Spec(String name, Kind kind, Shape shape, int nullPercent, long seed) {}

  static Arbitrary<Spec> specs() {
    return Combinators.combine(Arbitraries.of(NAMES), Arbitraries.of(Kind.class), Arbitraries.of(Shape.class),
        Arbitraries.of(0, 0, 10, 50), Arbitraries.longs()).as(Spec::new);
  }

  /** The same columns (names, kinds) with other values and rows: the other side of a comparison. */
  GeneratedTable resample(int newRows, long seed) {
    Random r = new Random(seed);
    List<Spec> specs = new ArrayList<>();
    for (Column c : columns) {
      specs.add(new Spec(c.name(), c.kind(), Shape.values()[r.nextInt(Shape.values().length)],
          List.of(0, 10, 50).get(r.nextInt(3)), r.nextLong()));
    }
    return build(format, newRows, specs);
  }

  static GeneratedTable build(String format, int rows, List<Spec> specs) {
    List<Column> columns = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Spec s : specs) {
      Kind kind = s.kind();
      if (format.equals("json") && kind == Kind.DOUBLE) {
        kind = Kind.LONG; // JSON has no NaN or Infinity
      }
      String name = s.name();
      if (name.isEmpty() && !format.equals("csv")) {
        name = "empty"; // only a CSV header can leave a column unnamed (Spark calls it _c<i>)
      }
      if (!format.equals("csv")) {
        // Parquet and JSON cannot hold two columns one name (Spark refuses to write them): CSV can
        while (!seen.add(name.toLowerCase(Locale.ROOT))) {
          name = name + "_";
        }
      }
      columns.add(new Column(name, kind, values(format, kind, s.shape(), s.nullPercent(), rows, s.seed())));
    }
    if (format.equals("csv") && columns.size() == 1) {
      // a null in a one-column CSV is an empty line, which is no row to CSV readers (Spark, pandas)
      Column only = columns.get(0);
      List<Object> present = only.values().stream().filter(java.util.Objects::nonNull).toList();
      return new GeneratedTable(List.of(new Column(only.name(), only.kind(), present)), present.size(), format);
    }
    return new GeneratedTable(columns, rows, format);
  }

  private static List<Object> values(String format, Kind kind, Shape shape, int nullPercent, int rows, long seed) {
    Random r = new Random(seed);
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      if (shape == Shape.ALL_NULL || r.nextInt(100) < nullPercent) {
        out.add(null);
        continue;
      }
      int pick = switch (shape) {
        case CONSTANT -> 0;
        case SKEWED -> r.nextInt(10) < 8 ? 0 : 1 + r.nextInt(4);
        case UNIQUE -> i;
        default -> r.nextInt(4);
      };
      out.add(switch (kind) {
        case STRING -> shape == Shape.UNIQUE ? "v" + i : WORDS.get((pick + (int) (seed & 7)) % WORDS.size());
        case LONG -> shape == Shape.UNIQUE ? (long) i * 1_000_003L : (long) pick - 1;
        case BOOLEAN -> pick % 2 == 0;
        case DOUBLE -> {
          if (format.equals("csv")) {
            yield pick + 0.5; // finite, with a fraction: Spark's CSV reader infers a double
          }
          yield shape == Shape.UNIQUE ? i / 7.0 : SPECIAL.get((pick + (int) (seed & 7)) % SPECIAL.size());
        }
      });
    }
    return out;
  }

  /** Spark's type of a column of this kind in a file of this format. */
  static DataType sparkType(Kind kind) {
    return switch (kind) {
      case STRING -> DataTypes.StringType;
      case LONG -> DataTypes.LongType;
      case DOUBLE -> DataTypes.DoubleType;
      case BOOLEAN -> DataTypes.BooleanType;
    };
  }

  /** Writes the table under {@code dir} and returns the path to give as {@code --input}. */
  Path write(SparkSession spark, Path dir) throws IOException {
    Files.createDirectories(dir);
    switch (format) {
      case "parquet": {
        StructType schema = new StructType();
        for (Column c : columns) {
          schema = schema.add(c.name(), sparkType(c.kind()), true);
        }
        List<Row> list = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
          Object[] row = new Object[columns.size()];
          for (int j = 0; j < columns.size(); j++) {
            row[j] = columns.get(j).values().get(i);
          }
          list.add(RowFactory.create(row));
        }
        Path out = dir.resolve("table.parquet");
        spark.createDataFrame(list, schema).coalesce(1).write().parquet(out.toString());
        return out;
      }
      case "csv": {
        StringBuilder b = new StringBuilder();
        List<String> header = new ArrayList<>();
        columns.forEach(c -> header.add(csvField(c.name())));
        b.append(String.join(",", header)).append("\r\n");
        for (int i = 0; i < rows; i++) {
          List<String> fields = new ArrayList<>();
          for (Column c : columns) {
            Object v = c.values().get(i);
            fields.add(v == null ? "" : csvField(String.valueOf(v)));
          }
          b.append(String.join(",", fields)).append("\r\n");
        }
        return Files.writeString(dir.resolve("table.csv"), b.toString(), StandardCharsets.UTF_8);
      }
      default: {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < rows; i++) {
          List<String> fields = new ArrayList<>();
          for (Column c : columns) {
            Object v = c.values().get(i);
            String value = v == null ? "null" : v instanceof String s ? jsonString(s) : String.valueOf(v);
            fields.add(jsonString(c.name()) + ": " + value);
          }
          b.append('{').append(String.join(", ", fields)).append("}\n");
        }
        return Files.writeString(dir.resolve("table.json"), b.toString(), StandardCharsets.UTF_8);
      }
    }
  }

  /** A CSV field, quoted (RFC 4180) when it holds a comma, a quote or starts or ends with a space. */
  static String csvField(String s) {
    boolean quote = s.contains(",") || s.contains("\"") || s.isEmpty() || !s.equals(s.strip());
    return quote ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  static String jsonString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  Column column(String name) {
    for (Column c : columns) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    return null;
  }

  List<String> names() {
    return columns.stream().map(Column::name).toList();
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(format + ", " + rows + " rows:");
    for (Column c : columns) {
      b.append("\n  '").append(c.name()).append("' ").append(c.kind()).append(' ').append(c.values());
    }
    return b.toString();
  }
}
