package io.infospark.measure;

import io.infospark.core.BadInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Column names as users give them, which may contain dots, spaces, backticks, quotes or any
 * Unicode: they are matched exactly against the schema and always quoted, never parsed as SQL.
 */
public final class ColumnNames {
  private ColumnNames() {}

  /** A Column for a top-level field, whatever characters its name has. */
  public static Column col(String name) {
    return functions.col("`" + name.replace("`", "``") + "`");
  }

  /**
   * Checks that every name is a top-level column of df.
   *
   * @param what how the names were given, for the message (e.g. {@code columns})
   * @throws BadInputException naming the first missing column and listing the available ones
   */
  public static void require(Dataset<Row> df, List<String> names, String what) {
    List<String> available = Arrays.asList(df.schema().fieldNames());
    for (String n : names) {
      if (!available.contains(n)) {
        throw new BadInputException(what + ": column '" + n + "' not found; available columns: "
            + abbreviate(available));
      }
    }
  }

  /**
   * The names as given, checked to name no column twice (a column listed twice would be measured
   * twice, and paired with itself by mutual information).
   *
   * @throws BadInputException naming the repeated column
   */
  public static List<String> distinct(List<String> names, String what) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String n : names) {
      if (!seen.add(n)) {
        throw new BadInputException(what + ": column '" + n + "' is listed twice; expected each column once");
      }
    }
    return List.copyOf(names);
  }

  /** The names, or every column but {@code except} when names is empty. */
  public static List<String> orAll(Dataset<Row> df, List<String> names, String except) {
    if (!names.isEmpty()) {
      return names;
    }
    List<String> all = new ArrayList<>(Arrays.asList(df.schema().fieldNames()));
    all.remove(except);
    return all;
  }

  private static String abbreviate(List<String> names) {
    List<String> shown = names.size() <= 30 ? names : names.subList(0, 30);
    return String.join(", ", shown) + (names.size() > 30 ? ", … (" + names.size() + " in all)" : "");
  }
}
