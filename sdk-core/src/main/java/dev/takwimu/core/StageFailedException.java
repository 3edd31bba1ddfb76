package dev.takwimu.core;

/** A stage stopped before committing anything, for example because a rule of severity FAIL was broken. */
public class StageFailedException extends TakwimuException {
  private final String stage;

  public StageFailedException(String stage, String message) {
    super("Stage " + stage + " failed: " + message);
    this.stage = stage;
  }

  public String stage() {
    return stage;
  }
}
