package dev.takwimu.aws.internal;

import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.LakeStore;
import dev.takwimu.core.ModelDefinition;
import dev.takwimu.core.ModelProvenance;
import dev.takwimu.core.TrainedModel;
import dev.takwimu.core.TrainingOptions;
import java.nio.file.Path;

/**
 * Trains on this machine: the source's model columns are streamed out of the AWS lake into a temporary local lake and
 * trained there by the local backend's trainer, so algorithms, parameters, split and evaluation are the local ones.
 */
final class LocalModeTrainer {
  private final LakeStore lake;

  LocalModeTrainer(LakeStore lake) {
    this.lake = lake;
  }

  TrainedModel train(ModelDefinition definition, TrainingOptions options) {
    DatasetInfo source = ModelSource.require(lake, definition);
    try (TempLake temp = TempLake.create()) {
      temp.copyFrom(lake, source, ModelSource.columns(definition));
      TrainedModel local = temp.backend().models().train(definition, options);
      Path file = temp.file("model.zip");
      local.save(file);
      // The local copy is version 1 of a throwaway lake; the model was trained on the AWS lake's version.
      ModelProvenance provenance = withSourceVersion(local.provenance(), source.version());
      byte[] saved = ModelFiles.withSourceVersion(file, source.version());
      return new LocalModeModel(definition, provenance, local.evaluation(), saved, lake);
    }
  }

  TrainedModel load(Path file) {
    try (TempLake temp = TempLake.create()) {
      TrainedModel local = temp.backend().models().load(file);
      return new LocalModeModel(local.definition(), local.provenance(), local.evaluation(), ModelFiles.read(file), lake);
    }
  }

  static ModelProvenance withSourceVersion(ModelProvenance p, long version) {
    return new ModelProvenance(p.modelVersion(), p.model(), p.algorithm(), p.source(), version, p.sourceRows(),
        p.trainedAt(), p.seed(), p.testFraction(), p.parameters(), p.features(), p.encodedFeatures());
  }
}
