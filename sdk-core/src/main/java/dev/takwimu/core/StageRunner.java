package dev.takwimu.core;

/** Runs ETL stages on a backend's engine. */
public interface StageRunner {

  /**
   * Runs the stage and commits its output (and quarantine, when rows were rejected).
   *
   * @throws StageFailedException when a FAIL rule is broken; nothing is committed then
   * @throws NoSuchDatasetException when an input does not exist
   */
  StageReport run(EtlStage stage);
}
