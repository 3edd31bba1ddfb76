package dev.takwimu.core;

/** A model cannot be trained because its dataset has too few rows of a class; more data, not a fix, is needed. */
public class NotEnoughDataException extends InvalidInputException {
  public NotEnoughDataException(String message) {
    super(message);
  }
}
