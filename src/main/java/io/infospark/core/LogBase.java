package io.infospark.core;

import java.util.Locale;

/**
 * The base of the logarithm an information quantity is reported in, and so its unit. Everything
 * is computed in nats (natural log) and converted once, at the end, by {@link #fromNats}.
 */
public enum LogBase {
  /** Natural log: nats. The default of the Java API. */
  E("nats", 1.0),
  /** Base 2: bits (shannons). */
  TWO("bits", Math.log(2.0)),
  /** Base 10: hartleys (bans). */
  TEN("hartleys", Math.log(10.0));

  private final String unit;
  private final double natsPerUnit;

  LogBase(String unit, double natsPerUnit) {
    this.unit = unit;
    this.natsPerUnit = natsPerUnit;
  }

  /** The unit name written next to every result: {@code nats}, {@code bits} or {@code hartleys}. */
  public String unit() {
    return unit;
  }

  /** How many nats one unit is: ln(base). */
  public double natsPerUnit() {
    return natsPerUnit;
  }

  /** Converts a quantity in nats to this unit (identity for {@link #E}; keeps ±∞ and NaN). */
  public double fromNats(double nats) {
    return this == E ? nats : nats / natsPerUnit;
  }

  /**
   * Parses {@code e}, {@code 2}, {@code 10} or a unit name ({@code nats}, {@code bits},
   * {@code hartleys}).
   *
   * @throws BadInputException naming {@code key} when the text is none of these
   */
  public static LogBase parse(String text, String key) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "e": case "nats": case "nat": case "ln":
        return E;
      case "2": case "bits": case "bit":
        return TWO;
      case "10": case "hartleys": case "hartley": case "bans":
        return TEN;
      default:
        throw new BadInputException(key + ": expected e, 2 or 10 (or nats, bits, hartleys) but got '" + text + "'");
    }
  }
}
