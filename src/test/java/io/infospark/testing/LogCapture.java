package io.infospark.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * The messages logged (at WARN and above) by loggers under a name prefix while it is open, through
 * Spark's log4j 2 backend.
 *
 * <pre>{@code
 * try (LogCapture log = LogCapture.of("io.infospark")) { ...; assertEquals(1, log.matching("x").size()); }
 * }</pre>
 */
public final class LogCapture implements AutoCloseable {
  private final List<String> messages = new ArrayList<>();
  private final String logger;
  private final Appender appender;
  private final Level before;

  private LogCapture(String logger) {
    this.logger = logger;
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    Configuration config = ctx.getConfiguration();
    appender = new Appender("capture-" + System.nanoTime(), messages);
    appender.start();
    LoggerConfig lc = config.getLoggerConfig(logger);
    if (!lc.getName().equals(logger)) {
      lc = new LoggerConfig(logger, Level.WARN, true);
      config.addLogger(logger, lc);
    }
    before = lc.getLevel();
    lc.setLevel(Level.WARN);
    lc.addAppender(appender, Level.WARN, null);
    ctx.updateLoggers();
  }

  public static LogCapture of(String logger) {
    return new LogCapture(logger);
  }

  /** The messages captured so far that contain this text. */
  public List<String> matching(String text) {
    List<String> out = new ArrayList<>();
    synchronized (messages) {
      for (String m : messages) {
        if (m.contains(text)) {
          out.add(m);
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    LoggerConfig lc = ctx.getConfiguration().getLoggerConfig(logger);
    lc.removeAppender(appender.getName());
    lc.setLevel(before);
    ctx.updateLoggers();
    appender.stop();
  }

  private static final class Appender extends AbstractAppender {
    private final List<String> sink;

    Appender(String name, List<String> sink) {
      super(name, null, null, true, Property.EMPTY_ARRAY);
      this.sink = sink;
    }

    @Override
    public void append(LogEvent event) {
      synchronized (sink) {
        sink.add(event.getMessage().getFormattedMessage());
      }
    }
  }
}
