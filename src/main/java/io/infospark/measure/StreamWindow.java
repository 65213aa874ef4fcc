package io.infospark.measure;

import io.infospark.core.BadInputException;
import java.io.Serializable;
import java.sql.Timestamp;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each result of a stream covers: every row since the stream started ({@link #all}), the rows
 * of a window of micro-batches ({@link #batches}: N batches, starting every S), or the rows whose
 * event time lies in a window ({@link #time}: of a duration, starting every slide, aligned to the
 * epoch). A window of size = slide is tumbling (each row in one window), a smaller slide makes it
 * sliding (each row in size/slide windows). After each batch the stream emits every window that
 * batch added rows to, with all its rows so far.
 *
 * <p>Without a lateness, event-time windows stay open: a late row is counted into its window whenever
 * it arrives, and the window's result is emitted again. With a lateness ({@link #withLateness}, as
 * Spark's {@code withWatermark}), the watermark of a batch is the latest event time of the batches
 * before it minus the lateness: a window that ends at or before it is final — its last result is
 * emitted, marked final, and its state deleted — and a row older than it is dropped and counted. A
 * row whose event time is null is in no window.
 *
 * @param lateness how long after the latest event time seen a window stays open, in ms (-1: for ever)
 */
public record StreamWindow(Kind kind, String column, long size, long slide, long lateness) implements Serializable {
  /** The three kinds of window. */
  public enum Kind {
    ALL, BATCHES, TIME
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?"
      + "|h|hours?|d|days?)");

  public StreamWindow {
    if (kind != Kind.ALL && (size < 1 || slide < 1 || slide > size)) {
      throw new BadInputException("window: expected a size >= 1 and a slide from 1 to the size but got size " + size
          + ", slide " + slide);
    }
    if (lateness >= 0 && kind != Kind.TIME) {
      throw new BadInputException("lateness: only for a window of event time ('time COLUMN DURATION'); the window is "
          + kind.name().toLowerCase(Locale.ROOT));
    }
    if (lateness < -1) {
      throw new BadInputException("lateness: expected a duration >= 0 but got " + lateness + " ms");
    }
  }

  /**
   * This window of event time, final once the watermark — the latest event time of the batches
   * before, minus {@code millis} — has passed its end; rows older than the watermark are dropped and
   * counted.
   *
   * @throws BadInputException for a window that is not of event time, or a negative lateness
   */
  public StreamWindow withLateness(long millis) {
    if (millis < 0) {
      throw new BadInputException("lateness: expected a duration >= 0 but got " + millis + " ms");
    }
    return new StreamWindow(kind, column, size, slide, millis);
  }

  /** Whether windows become final (a lateness was given). */
  public boolean closes() {
    return lateness >= 0;
  }

  /** Every row since the stream started. */
  public static StreamWindow all() {
    return new StreamWindow(Kind.ALL, null, 0, 0, -1);
  }

  /** Windows of {@code size} micro-batches, one starting every {@code every} batches (batch ids from 0). */
  public static StreamWindow batches(long size, long every) {
    return new StreamWindow(Kind.BATCHES, null, size, every, -1);
  }

  /** Windows of event time {@code column} ({@code size} ms), one starting every {@code every} ms from the epoch. */
  public static StreamWindow time(String column, long sizeMillis, long everyMillis) {
    return new StreamWindow(Kind.TIME, column, sizeMillis, everyMillis, -1);
  }

  /**
   * One window: a label, its first batch or start time, and its end (exclusive).
   *
   * @param start the first batch id, or the start time in epoch ms
   * @param end the batch id after the last, or the end time in epoch ms (exclusive)
   * @param closed whether this is the window's final result (the watermark passed its end)
   */
  public record Span(Kind kind, long start, long end, boolean closed) implements Serializable {
    public Span(Kind kind, long start, long end) {
      this(kind, start, end, false);
    }

    /** {@code all}, {@code batches 0-9}, or the event times {@code [start, end)} in UTC. */
    public String label() {
      return switch (kind) {
        case ALL -> "all";
        case BATCHES -> "batches " + start + "-" + (end - 1);
        case TIME -> "[" + new Timestamp(start).toInstant() + ", " + new Timestamp(end).toInstant() + ")";
      };
    }
  }

  /**
   * Reads {@code all}, {@code batches N}, {@code batches N every S}, {@code time COLUMN DURATION} or
   * {@code time COLUMN DURATION every DURATION}; durations such as {@code 10 minutes}, {@code 1 h},
   * {@code 30 s}, {@code 1 day}.
   */
  public static StreamWindow parse(String text, String key) {
    String t = text.strip();
    String expected = "; expected all, 'batches N', 'batches N every S', 'time COLUMN DURATION' or 'time COLUMN "
        + "DURATION every DURATION' (e.g. 'time event_time 10 minutes') but got '" + text + "'";
    if (t.equalsIgnoreCase("all")) {
      return all();
    }
    Matcher b = Pattern.compile("(?i)batches\\s+(\\d+)(?:\\s+every\\s+(\\d+))?").matcher(t);
    if (b.matches()) {
      long size = whole(b.group(1), key, expected);
      long every = b.group(2) == null ? size : whole(b.group(2), key, expected);
      return batches(size, every);
    }
    Matcher m = Pattern.compile("(?i)time\\s+(\\S+)\\s+(.+?)(?:\\s+every\\s+(.+))?").matcher(t);
    if (m.matches()) {
      long size = millis(m.group(2), key);
      long every = m.group(3) == null ? size : millis(m.group(3), key);
      if (every > size) {
        throw new BadInputException(key + ": the slide (" + m.group(3) + ") is longer than the window (" + m.group(2)
            + ")");
      }
      return time(m.group(1), size, every);
    }
    throw new BadInputException(key + ": not a window" + expected);
  }

  /** A duration such as {@code 10 minutes} in milliseconds (at least 1). */
  public static long millis(String text, String key) {
    return millis(text, key, 1);
  }

  /** A lateness such as {@code 2 hours} or {@code 0 s} in milliseconds (at least 0). */
  public static long lateness(String text, String key) {
    return millis(text, key, 0);
  }

  private static long millis(String text, String key, long least) {
    Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new BadInputException(key + ": expected a duration such as '30 seconds', '10 minutes', '1 hour' or '1 day' "
          + "but got '" + text.strip() + "'");
    }
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      n = -1; // too long: rejected below
    }
    String u = m.group(2);
    long unit = u.startsWith("ms") || u.startsWith("milli") ? 1 : u.startsWith("s") ? 1000 : u.startsWith("m") ? 60_000
        : u.startsWith("h") ? 3_600_000 : 86_400_000;
    if (n < least || n > Long.MAX_VALUE / unit) {
      throw new BadInputException(key + ": expected a " + (least > 0 ? "positive" : "non-negative")
          + " duration but got '" + text.strip() + "'");
    }
    return n * unit;
  }

  private static long whole(String s, String key, String expected) {
    try {
      long n = Long.parseLong(s);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new BadInputException(key + ": a number of batches must be a whole number >= 1" + expected);
  }
}
