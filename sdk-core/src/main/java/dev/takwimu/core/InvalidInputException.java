package dev.takwimu.core;

/** Input delivered to Takwimu (a file, a parameter, a configuration value) cannot be used as it is. */
public class InvalidInputException extends TakwimuException {
  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
