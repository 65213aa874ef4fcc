package io.infospark.logistic;

import io.infospark.core.BadInputException;
import java.util.Locale;

/** What a fit does with rows that have a null, NaN or ±∞ in the label, a feature or the weight. */
public enum NaPolicy {
  /** Fail, naming the column and the number of bad rows (the default). */
  ERROR,
  /** Drop such rows and report how many were dropped. */
  DROP;

  public static NaPolicy parse(String text, String key) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "error": return ERROR;
      case "drop": return DROP;
      default: throw new BadInputException(key + ": expected error or drop but got '" + text + "'");
    }
  }
}
