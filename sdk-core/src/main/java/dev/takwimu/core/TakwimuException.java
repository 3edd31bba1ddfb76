package dev.takwimu.core;

/** Base of every error Takwimu raises; the message is written for the person who has to act on it. */
public class TakwimuException extends RuntimeException {
  public TakwimuException(String message) {
    super(message);
  }

  public TakwimuException(String message, Throwable cause) {
    super(message, cause);
  }

  public TakwimuException(Throwable cause, String format, Object... args) {
    super(String.format(format, args), cause);
  }
}
