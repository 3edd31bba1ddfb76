package dev.takwimu.aws.internal;

import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.LakeStore;
import dev.takwimu.core.ModelDefinition;
import dev.takwimu.core.ModelEvaluation;
import dev.takwimu.core.ModelProvenance;
import dev.takwimu.core.ScoreReport;
import dev.takwimu.core.TrainedModel;
import dev.takwimu.core.WriteMode;
import dev.takwimu.core.WriteOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A model trained on this machine (Tribuo, as on the local backend) that scores the AWS lake: each {@link #score()}
 * copies the source's model columns into a temporary local lake, scores there, and commits the scores to the AWS lake.
 * It holds the saved model file's bytes, which are exactly what {@link #save} writes.
 */
final class LocalModeModel implements TrainedModel {
  private final ModelDefinition definition;
  private final ModelProvenance provenance;
  private final ModelEvaluation evaluation;
  private final byte[] modelFile;
  private final LakeStore lake;

  LocalModeModel(ModelDefinition definition, ModelProvenance provenance, ModelEvaluation evaluation, byte[] modelFile,
      LakeStore lake) {
    this.definition = definition;
    this.provenance = provenance;
    this.evaluation = evaluation;
    this.modelFile = modelFile.clone();
    this.lake = lake;
  }

  @Override
  public ModelDefinition definition() {
    return definition;
  }

  @Override
  public ModelProvenance provenance() {
    return provenance;
  }

  @Override
  public ModelEvaluation evaluation() {
    return evaluation;
  }

  @Override
  public ScoreReport score() {
    long start = System.nanoTime();
    DatasetInfo source = ModelSource.require(lake, definition);
    try (TempLake temp = TempLake.create()) {
      temp.copyFrom(lake, source, ModelSource.columns(definition));
      Path file = temp.file("model.zip");
      ModelFiles.writeAtomically(file, modelFile);
      ScoreReport local = temp.backend().models().load(file).score();
      DatasetInfo written = temp.copyTo(definition.scores(), lake, new WriteOptions(WriteMode.OVERWRITE, List.of(),
          Map.of("model", definition.name(), "model_version", provenance.modelVersion(),
              "source_version", Long.toString(source.version()))));
      return new ScoreReport(definition.scores(), written.version(), written.rows(), local.positives(),
          provenance.modelVersion(), Duration.ofNanos(System.nanoTime() - start));
    }
  }

  @Override
  public void save(Path file) {
    ModelFiles.writeAtomically(file, modelFile);
  }
}
