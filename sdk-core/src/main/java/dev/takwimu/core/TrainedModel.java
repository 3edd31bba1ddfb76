package dev.takwimu.core;

import java.nio.file.Path;

/** An immutable trained binary classifier: it scores its source dataset and saves with its provenance. */
public interface TrainedModel {

  ModelDefinition definition();

  ModelProvenance provenance();

  /** Metrics on the stratified hold-out. */
  ModelEvaluation evaluation();

  /**
   * Scores every row of the source dataset's current version and commits them to the definition's scores dataset
   * (replacing the previous scores): id, {@code probability}, {@code label} (probability at or above the threshold),
   * {@code model_version}.
   *
   * @throws InvalidInputException when the source no longer has a feature column
   */
  ScoreReport score();

  /** Writes the model and its provenance to one file, atomically. */
  void save(Path file);
}
