package io.infospark.measure;

import io.infospark.core.BadInputException;
import java.util.Locale;

/** What a null in a counted column is (DESIGN.md §1). NaN is never a null: it is a value. */
public enum NullPolicy {
  /** Nulls are not counted; their number is reported. The default. */
  DROP,
  /** Null is one more value of the column. */
  CATEGORY;

  public static NullPolicy parse(String text, String key) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "drop": return DROP;
      case "category": return CATEGORY;
      default:
        throw new BadInputException(key + ": expected drop or category but got '" + text + "'");
    }
  }
}
