package io.infospark.testing;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;

/**
 * What Spark and infospark log (WARN and above) while a block runs in this JVM, executors
 * included (local mode): what a user of the command line would see on stderr besides infospark's
 * own line. {@code try (LogCapture log = LogCapture.start()) { … } log.traces()}.
 */
public final class LogCapture implements AutoCloseable {
  private final List<LogEvent> events = new CopyOnWriteArrayList<>();
  private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
  private final AbstractAppender appender;

  private LogCapture() {
    appender = new AbstractAppender("capture-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        events.add(event.toImmutable());
      }
    };
  }

  public static LogCapture start() {
    LogCapture c = new LogCapture();
    c.appender.start();
    Configuration config = c.context.getConfiguration();
    config.getRootLogger().addAppender(c.appender, Level.WARN, null);
    c.context.updateLoggers();
    return c;
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

  @Override
  public void close() {
    context.getConfiguration().getRootLogger().removeAppender(appender.getName());
    context.updateLoggers();
    appender.stop();
  }
}
