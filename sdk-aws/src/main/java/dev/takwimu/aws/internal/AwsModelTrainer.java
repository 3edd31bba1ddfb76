package dev.takwimu.aws.internal;

import dev.takwimu.aws.AwsSettings;
import dev.takwimu.aws.ModelTraining;
import dev.takwimu.core.Algorithm;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.LakeStore;
import dev.takwimu.core.ModelDefinition;
import dev.takwimu.core.ModelTrainer;
import dev.takwimu.core.TrainedModel;
import dev.takwimu.core.TrainingOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS backend's models, trained where {@link AwsSettings#modelTraining()} says: LOCAL trains in this process on
 * rows streamed out of the lake (the local backend's algorithms and evaluation); SAGEMAKER trains SageMaker's built-in
 * XGBoost on an Athena export and scores with batch transform. Either way scores are committed to the AWS lake, and
 * {@link #load} reads both kinds of saved model (local-format files also load on the local backend).
 */
public final class AwsModelTrainer implements ModelTrainer {
  private final AwsSettings settings;
  private final LocalModeTrainer local;
  private final SageMakerModel.Services services;

  public AwsModelTrainer(AwsSettings settings, AwsClients clients, AthenaExecutor athena, LakeStore lake) {
    this(settings, clients, athena::execute, lake);
  }

  AwsModelTrainer(AwsSettings settings, AwsClients clients, StatementExecutor athena, LakeStore lake) {
    this.settings = settings;
    this.local = new LocalModeTrainer(lake);
    this.services = new SageMakerModel.Services(settings, lake, athena, clients.sageMaker(),
        new TransformOutput(clients.s3()));
  }

  @Override
  public Set<Algorithm> algorithms() {
    return settings.modelTraining() == ModelTraining.SAGEMAKER
        ? Set.of(Algorithm.GRADIENT_BOOSTED_TREES) : Set.of(Algorithm.values());
  }

  @Override
  public TrainedModel train(ModelDefinition definition, TrainingOptions options) {
    return switch (settings.modelTraining()) {
      case LOCAL -> local.train(definition, options);
      case SAGEMAKER -> new SageMakerTrainer(services, XgboostImages.image(settings.xgboostImage(), region()))
          .train(definition, options);
    };
  }

  @Override
  public TrainedModel load(Path file) {
    Map<String, byte[]> entries = ModelFiles.entries(ModelFiles.read(file));
    byte[] sageMaker = entries.get(ModelFiles.SAGEMAKER_ENTRY);
    if (sageMaker != null) {
      return SageMakerModel.load(file, sageMaker, services);
    }
    if (entries.isEmpty()) {
      throw new InvalidInputException("Cannot load model " + file + ": not a Takwimu model file (not a zip file)");
    }
    return local.load(file);
  }

  private String region() {
    if (settings.region() != null) {
      return settings.region();
    }
    Region region = services.sageMaker().serviceClientConfiguration().region();
    return region == null ? null : region.id();
  }
}
