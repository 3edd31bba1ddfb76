package dev.takwimu.core;

import dev.takwimu.core.spi.ModelSupport;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * An immutable trained binary classifier: it predicts rows (no lake needed), scores a lake's copy of its source, and
 * saves with its provenance.
 */
public interface TrainedModel {

  ModelDefinition definition();

  ModelProvenance provenance();

  /** Metrics on the stratified hold-out. */
  ModelEvaluation evaluation();

  /**
   * Predicts each row, in order. A row carries the definition's id and feature columns by name (other columns are
   * ignored); feature values are numbers or text as the source holds them, null for missing.
   *
   * @throws InvalidInputException when a row lacks the id or a feature column, or a numeric feature is not a number
   */
  List<Prediction> predict(List<Row> rows);

  /**
   * Predicts a stream of rows lazily, in batches, in order; closing the result closes {@code rows}.
   *
   * @throws InvalidInputException as {@link #predict(List)}
   */
  default Stream<Prediction> predict(Stream<Row> rows) {
    return ModelSupport.inBatches(rows, ModelSupport.BATCH, this::predict);
  }

  /**
   * Predicts every row of the source dataset's current version in {@code lake} (any backend's) and commits them to the
   * definition's scores dataset there, replacing the previous scores: id, {@code probability}, {@code label},
   * {@code model_version}.
   *
   * @throws NoSuchDatasetException when the lake has no source dataset
   * @throws InvalidInputException when the source lacks the id or a feature column
   */
  default ScoreReport score(LakeStore lake) {
    return ModelSupport.score(this, lake);
  }

  /** Writes the model and its provenance to one file, atomically. */
  void save(Path file);
}
