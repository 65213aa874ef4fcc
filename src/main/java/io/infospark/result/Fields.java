package io.infospark.result;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infospark.core.TextWidth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The fields of one item of a result, described once: name, kind, how to read it from the item,
 * and where it shows. From this one list follow
 *
 * <ul>
 *   <li>the table's {@link #schema()} and {@link #rows} (the history table, {@code toDataFrame});
 *   <li>the item's object of the summary JSON ({@link #summary}), with the rules of
 *       {@link SummaryJson}: ±∞ as strings, undefined numbers as null with a {@code reason};
 *   <li>the readable {@link #table text table}: the fields marked {@link Builder#shown shown},
 *       in their order, each column as wide as its widest cell (in terminal cells).
 * </ul>
 *
 * <pre>{@code
 * static final Fields<ColumnProfile> FIELDS = Fields.<ColumnProfile>builder()
 *     .text("column", ColumnProfile::column).shown("column")
 *     .number("entropy", p -> p.estimate().entropy()).shown("entropy")
 *     .reason(p -> p.estimate().reason())
 *     .build();
 * }</pre>
 *
 * @param <T> the item
 */
public final class Fields<T> {
  /** The main part of a text table; a result may show more parts ({@link Builder#shownIn}). */
  public static final String MAIN = "main";
  /** Text fields are cut to this many terminal cells in a text table. */
  public static final int TEXT_CELLS = 40;

  /** What a field holds, which fixes its Spark type, its JSON form and its default text. */
  enum Kind {
    /** A string. */
    TEXT(DataTypes.StringType, false),
    /** A count or a weight sum (double): an integer in JSON when whole. */
    COUNT(DataTypes.DoubleType, false),
    /** A whole number (long). */
    WHOLE(DataTypes.LongType, false),
    /** A real number; null when undefined. */
    NUMBER(DataTypes.DoubleType, true),
    /** A flag; null when unknown. */
    FLAG(DataTypes.BooleanType, true),
    /** A list of strings. */
    TEXTS(DataTypes.createArrayType(DataTypes.StringType, false), false),
    /** Why the undefined fields are undefined (a string, or null). */
    REASON(DataTypes.StringType, true),
    /** Only in the summary: written by its own writer (nested objects). */
    NESTED(null, true),
    /** Only in the text table. */
    SHOWN(null, true);

    final DataType type;
    final boolean nullable;

    Kind(DataType type, boolean nullable) {
      this.type = type;
      this.nullable = nullable;
    }
  }

  /** Writes a nested summary field of an item into its object. */
  @FunctionalInterface
  public interface Nested<T> {
    void write(T item, ObjectNode node, String name);
  }

  /** Where a field shows in a text table: its part, heading and text (null: the default for its kind). */
  record Show<T>(String part, String heading, Function<T, String> text) {}

  /**
   * One field.
   *
   * @param undefinedIsReason whether a null value is listed in the item's {@code reason}
   * @param whenNull the summary's and text table's value for null (a text field), or null
   * @param shows where it shows in text tables (none: not shown)
   */
  record Field<T>(String name, Kind kind, Function<T, ?> value, boolean nullable, boolean history,
      boolean summary, boolean undefinedIsReason, String whenNull, List<Show<T>> shows, Nested<T> nested) {

    Field<T> with(boolean nullable, boolean history, boolean summary, boolean undefinedIsReason, String whenNull) {
      return new Field<>(name, kind, value, nullable, history, summary, undefinedIsReason, whenNull, shows, nested);
    }

    Field<T> shown(String part, String heading, Function<T, String> text) {
      List<Show<T>> more = new ArrayList<>(shows);
      more.add(new Show<>(part, heading, text));
      return new Field<>(name, kind, value, nullable, history, summary, undefinedIsReason, whenNull, List.copyOf(more),
          nested);
    }
  }

  private final List<Field<T>> fields;
  private final StructType schema;

  private Fields(List<Field<T>> fields) {
    this.fields = List.copyOf(fields);
    List<StructField> columns = new ArrayList<>();
    for (Field<T> f : this.fields) {
      if (f.history()) {
        columns.add(DataTypes.createStructField(f.name(), f.kind().type, f.nullable()));
      }
    }
    this.schema = new StructType(columns.toArray(new StructField[0]));
  }

  public static <T> Builder<T> builder() {
    return new Builder<>();
  }

  /** The table's schema: the fields kept in the table, in their order. */
  public StructType schema() {
    return schema;
  }

  /** The names of the fields of the summary's objects, in their order ({@code reason} when there is one). */
  public List<String> summaryNames() {
    List<String> names = new ArrayList<>();
    for (Field<T> f : fields) {
      if (f.summary()) {
        names.add(f.kind() == Kind.REASON ? "reason" : f.name());
      }
    }
    return names;
  }

  /** One row of {@link #schema()} per item. */
  public List<Row> rows(List<T> items) {
    List<Row> rows = new ArrayList<>(items.size());
    for (T item : items) {
      rows.add(row(item));
    }
    return rows;
  }

  /** The row of one item. */
  public Row row(T item) {
    List<Object> values = new ArrayList<>();
    for (Field<T> f : fields) {
      if (f.history()) {
        Object v = f.value().apply(item);
        values.add(f.kind() == Kind.TEXTS ? seq(texts(v)) : v);
      }
    }
    return RowFactory.create(values.toArray());
  }

  /**
   * Writes one item's object of the summary into {@code node}: every summary field in order, then
   * the {@code reason}: the item's own, else which fields were undefined.
   */
  public ObjectNode summary(T item, ObjectNode node) {
    List<String> undefined = new ArrayList<>();
    String reason = null;
    for (Field<T> f : fields) {
      if (!f.summary()) {
        continue;
      }
      Object v = f.kind() == Kind.NESTED ? null : f.value().apply(item);
      List<String> missing = f.undefinedIsReason() ? undefined : new ArrayList<>();
      switch (f.kind()) {
        case TEXT -> {
          String s = v == null ? f.whenNull() : (String) v;
          if (s == null) {
            node.putNull(f.name());
          } else {
            node.put(f.name(), s);
          }
        }
        case COUNT -> {
          if (v == null) {
            SummaryJson.putNumber(node, f.name(), null, missing);
          } else {
            SummaryJson.putCount(node, f.name(), ((Number) v).doubleValue(), missing);
          }
        }
        case WHOLE -> SummaryJson.putWhole(node, f.name(), v == null ? null : ((Number) v).longValue(), missing);
        case NUMBER -> SummaryJson.putNumber(node, f.name(), v == null ? null : ((Number) v).doubleValue(), missing);
        case FLAG -> SummaryJson.putOptional(node, f.name(), v);
        case TEXTS -> {
          ArrayNode a = node.putArray(f.name());
          texts(v).forEach(a::add);
        }
        case REASON -> reason = (String) v;
        case NESTED -> f.nested().write(item, node, f.name());
        case SHOWN -> { }
        default -> throw new IllegalStateException(f.kind().toString());
      }
    }
    SummaryJson.putReason(node, reason, undefined);
    return node;
  }

  /**
   * The text table of the fields shown in {@code part}: a header line, then one line per item,
   * each ending with a line break. Text columns are left-aligned, the others right-aligned; every
   * line takes the same number of terminal cells.
   */
  public String table(List<T> items, String part) {
    List<Field<T>> shown = new ArrayList<>();
    List<Show<T>> shows = new ArrayList<>();
    for (Field<T> f : fields) {
      for (Show<T> show : f.shows()) {
        if (part.equals(show.part())) {
          shown.add(f);
          shows.add(show);
        }
      }
    }
    List<List<String>> cells = new ArrayList<>();
    List<String> header = new ArrayList<>();
    shows.forEach(show -> header.add(show.heading()));
    cells.add(header);
    for (T item : items) {
      List<String> line = new ArrayList<>();
      for (int i = 0; i < shown.size(); i++) {
        Function<T, String> text = shows.get(i).text();
        line.add(text != null ? text.apply(item) : text(shown.get(i), shown.get(i).value().apply(item)));
      }
      cells.add(line);
    }
    int[] widths = new int[shown.size()];
    for (List<String> line : cells) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], TextWidth.of(line.get(i)));
      }
    }
    StringBuilder sb = new StringBuilder();
    for (List<String> line : cells) {
      for (int i = 0; i < widths.length; i++) {
        String cell = line.get(i);
        boolean left = shown.get(i).kind() == Kind.TEXT;
        String pad = " ".repeat(widths[i] - TextWidth.of(cell));
        if (i > 0) {
          sb.append("  ");
        }
        sb.append(left ? cell + pad : pad + cell);
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** The default text of a value: numbers to 4 decimals, counts whole when they are, "-" for null. */
  private static String text(Field<?> f, Object v) {
    if (v == null) {
      return f.whenNull() != null ? f.whenNull() : "-";
    }
    return switch (f.kind()) {
      case TEXT, REASON -> TextWidth.cut((String) v, TEXT_CELLS);
      case COUNT -> count(((Number) v).doubleValue());
      case NUMBER -> number(((Number) v).doubleValue());
      case TEXTS -> String.join(", ", texts(v));
      default -> v.toString();
    };
  }

  /** A count: whole as an integer, else with 3 decimals. */
  public static String count(double x) {
    return x == Math.rint(x) && Math.abs(x) < 1e15 ? String.valueOf((long) x) : String.format(Locale.ROOT, "%.3f", x);
  }

  /** A measure: 4 decimals, {@code Infinity}, or "-" when undefined. */
  public static String number(Double x) {
    if (x == null || x.isNaN()) {
      return "-";
    }
    return x.isInfinite() ? (x > 0 ? "Infinity" : "-Infinity") : String.format(Locale.ROOT, "%.4f", x);
  }

  @SuppressWarnings("unchecked")
  private static List<String> texts(Object v) {
    return v == null ? List.of() : (List<String>) v;
  }

  /** A list as the Scala sequence a Row's array field holds (written out: Scala 2.12 and 2.13 differ). */
  private static scala.collection.Seq<String> seq(List<String> list) {
    scala.collection.mutable.ArrayBuffer<String> b = new scala.collection.mutable.ArrayBuffer<>();
    for (String x : list) {
      b.$plus$eq(x);
    }
    return b;
  }

  /**
   * Builds a description. Each method adds a field; {@link #shown}, {@link #orNull} and the other
   * modifiers apply to the field added last.
   */
  public static final class Builder<T> {
    private final List<Field<T>> fields = new ArrayList<>();

    private Builder() {}

    private Builder<T> add(String name, Kind kind, Function<T, ?> value) {
      for (Field<T> f : fields) {
        if (f.name().equals(name) && kind != Kind.SHOWN && f.kind() != Kind.SHOWN) {
          throw new IllegalArgumentException("two fields named " + name);
        }
      }
      boolean inTable = kind != Kind.NESTED && kind != Kind.SHOWN;
      fields.add(new Field<>(name, kind, value, kind.nullable, inTable, kind != Kind.SHOWN,
          kind == Kind.NUMBER || kind == Kind.COUNT || kind == Kind.WHOLE, null, List.of(), null));
      return this;
    }

    private Field<T> last() {
      return fields.get(fields.size() - 1);
    }

    private Builder<T> replaceLast(Field<T> f) {
      fields.set(fields.size() - 1, f);
      return this;
    }

    /** A string, never null unless {@link #orNull}. */
    public Builder<T> text(String name, Function<T, String> value) {
      return add(name, Kind.TEXT, value);
    }

    /** A count or weight sum; in JSON an integer when whole. */
    public Builder<T> count(String name, Function<T, Double> value) {
      return add(name, Kind.COUNT, value);
    }

    /** A whole number. */
    public Builder<T> whole(String name, Function<T, Long> value) {
      return add(name, Kind.WHOLE, value);
    }

    /** A real number, null when undefined (then listed in the item's reason). */
    public Builder<T> number(String name, Function<T, Double> value) {
      return add(name, Kind.NUMBER, value);
    }

    /** A flag, null when unknown (not listed in the reason: it follows from other fields). */
    public Builder<T> flag(String name, Function<T, Boolean> value) {
      return add(name, Kind.FLAG, value);
    }

    /** A list of strings. */
    public Builder<T> texts(String name, Function<T, List<String>> value) {
      return add(name, Kind.TEXTS, value);
    }

    /** The item's {@code reason}; in the summary, when null, the list of its undefined fields. */
    public Builder<T> reason(Function<T, String> value) {
      return add("reason", Kind.REASON, value);
    }

    /** A summary-only field with nested objects, written by {@code writer}. */
    public Builder<T> nested(String name, Nested<T> writer) {
      add(name, Kind.NESTED, t -> null);
      Field<T> f = last();
      return replaceLast(new Field<>(f.name(), f.kind(), f.value(), true, false, true, false, null, List.of(), writer));
    }

    /** A column of the text table only, made of other fields (e.g. {@code nsb ± sd}). */
    public Builder<T> shownOnly(String part, String heading, Function<T, String> text) {
      add(heading, Kind.SHOWN, t -> null);
      return replaceLast(last().shown(part, heading, text));
    }

    /** The last field may be null (a text, count or whole number). */
    public Builder<T> orNull() {
      Field<T> f = last();
      return replaceLast(f.with(true, f.history(), f.summary(), f.undefinedIsReason(), f.whenNull()));
    }

    /** The last field is never null (a number that is always defined). */
    public Builder<T> notNull() {
      Field<T> f = last();
      return replaceLast(f.with(false, f.history(), f.summary(), f.undefinedIsReason(), f.whenNull()));
    }

    /** The last field, when null, is not listed in the reason (a size that may be unknown). */
    public Builder<T> nullWithoutReason() {
      Field<T> f = last();
      return replaceLast(f.with(f.nullable(), f.history(), f.summary(), false, f.whenNull()));
    }

    /** The last (text) field reads {@code text} in the summary and the text table when null. */
    public Builder<T> whenNull(String text) {
      Field<T> f = last();
      return replaceLast(f.with(f.nullable(), f.history(), f.summary(), f.undefinedIsReason(), text));
    }

    /** The last field is in the table and the text, not in the summary. */
    public Builder<T> notInSummary() {
      Field<T> f = last();
      return replaceLast(f.with(f.nullable(), f.history(), false, f.undefinedIsReason(), f.whenNull()));
    }

    /** The last field shows in the main text table under {@code heading}, in its default format. */
    public Builder<T> shown(String heading) {
      return replaceLast(last().shown(MAIN, heading, null));
    }

    /** The last field shows in the main text table under {@code heading}, as {@code text} writes it. */
    public Builder<T> shown(String heading, Function<T, String> text) {
      return replaceLast(last().shown(MAIN, heading, text));
    }

    /** The last field shows in the text table's {@code part} (too). */
    public Builder<T> shownIn(String part, String heading) {
      return replaceLast(last().shown(part, heading, null));
    }

    /** The last field shows in the text table's {@code part} (too), as {@code text} writes it. */
    public Builder<T> shownIn(String part, String heading, Function<T, String> text) {
      return replaceLast(last().shown(part, heading, text));
    }

    public Fields<T> build() {
      return new Fields<>(fields);
    }
  }
}
