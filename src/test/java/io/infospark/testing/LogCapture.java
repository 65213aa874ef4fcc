package io.infospark.testing;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * What is logged at WARN and above while a block runs in this JVM (executors included in local
 * mode), through Spark's log4j 2 backend: by every logger ({@link #start()}: what a user of the
 * command line would see on stderr besides infospark's own line) or by the loggers under one name
 * ({@link #of}).
 *
 * <pre>{@code
 * try (LogCapture log = LogCapture.start()) { ... } log.traces()
 * try (LogCapture log = LogCapture.of("io.infospark")) { ...; assertEquals(1, log.matching("x").size()); }
 * }</pre>
 */
public final class LogCapture implements AutoCloseable {
  private final List<LogEvent> events = new CopyOnWriteArrayList<>();
  private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
  private final AbstractAppender appender;
  private final LoggerConfig config;
  private final Level before;

  private LogCapture(String logger) {
    appender = new AbstractAppender("capture-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        events.add(event.toImmutable());
      }
    };
    appender.start();
    if (logger == null) {
      config = context.getConfiguration().getRootLogger();
      before = null;
    } else {
      LoggerConfig lc = context.getConfiguration().getLoggerConfig(logger);
      if (!lc.getName().equals(logger)) {
        lc = new LoggerConfig(logger, Level.WARN, true);
        context.getConfiguration().addLogger(logger, lc);
      }
      config = lc;
      before = lc.getLevel();
      lc.setLevel(Level.WARN);
    }
    config.addAppender(appender, Level.WARN, null);
    context.updateLoggers();
  }

  /** Captures every logger's events. */
  public static LogCapture start() {
    return new LogCapture(null);
  }

  /** Captures the events of the loggers under this name (at WARN and above, whatever their level was). */
  public static LogCapture of(String logger) {
    return new LogCapture(logger);
  }

  /** The events logged with an exception (a stack trace on the console), as one line each. */
  public List<String> traces() {
    return events.stream().filter(e -> e.getThrown() != null)
        .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getMessage().getFormattedMessage() + " — "
            + e.getThrown())
        .toList();
  }

  /** Every event, one line each. */
  public List<String> lines() {
    return events.stream().map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getMessage().getFormattedMessage())
        .toList();
  }

  /** The messages captured so far that contain this text. */
  public List<String> matching(String text) {
    return events.stream().map(e -> e.getMessage().getFormattedMessage()).filter(m -> m.contains(text)).toList();
  }

  @Override
  public void close() {
    config.removeAppender(appender.getName());
    if (before != null) {
      config.setLevel(before);
    }
    context.updateLoggers();
    appender.stop();
  }
}
