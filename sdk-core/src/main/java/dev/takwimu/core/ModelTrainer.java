package dev.takwimu.core;

import java.nio.file.Path;
import java.util.Set;

/** Trains binary classifiers on lake datasets and loads saved ones; obtain one from {@link Backend#models()}. */
public interface ModelTrainer {

  /** The algorithms this backend can train. */
  Set<Algorithm> algorithms();

  /**
   * Trains on the definition's source (current version), holding out a stratified share for evaluation.
   *
   * @throws NoSuchDatasetException when the source dataset does not exist
   * @throws NotEnoughDataException when the source has fewer than 20 rows of either class
   * @throws InvalidInputException when the source lacks a column, or a parameter is unknown or invalid
   */
  TrainedModel train(ModelDefinition definition, TrainingOptions options);

  /**
   * Loads a model saved by {@link TrainedModel#save}.
   *
   * @throws InvalidInputException when the file is not a saved model
   */
  TrainedModel load(Path file);
}
