package io.infospark.core;

/**
 * An error the user caused and can fix: a missing column, a bad option value, an unreadable file.
 * Its message is one line that names the column, key or file and says what was expected. Jobs
 * turn it into exit code 2 and print only the message, never a stack trace.
 */
public class BadInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
