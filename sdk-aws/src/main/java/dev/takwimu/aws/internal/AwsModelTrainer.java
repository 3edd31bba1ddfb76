package dev.takwimu.aws.internal;

import dev.takwimu.aws.AwsSettings;
import dev.takwimu.aws.ModelTraining;
import dev.takwimu.core.Algorithm;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.ModelDefinition;
import dev.takwimu.core.ModelTrainer;
import dev.takwimu.core.Row;
import dev.takwimu.core.TrainedModel;
import dev.takwimu.core.TrainingOptions;
import dev.takwimu.core.spi.ModelSupport;
import dev.takwimu.engine.tribuo.ModelFile;
import dev.takwimu.engine.tribuo.TribuoModel;
import dev.takwimu.engine.tribuo.TribuoTrainer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS backend's models, trained where {@link AwsSettings#modelTraining()} says: LOCAL trains Tribuo in this
 * process on the rows an Athena query selects (the same engine, algorithms and evaluation as the local backend);
 * SAGEMAKER trains SageMaker's built-in XGBoost on an Athena export and scores with batch transform. {@link #load}
 * reads both kinds of saved model (Tribuo model files also load on the local backend).
 */
public final class AwsModelTrainer implements ModelTrainer {
  private final AwsSettings settings;
  private final AwsLakeStore lake;
  private final SageMakerModel.Services services;

  public AwsModelTrainer(AwsSettings settings, AwsClients clients, AwsLakeStore lake) {
    this(settings, clients, lake.athena()::execute, lake);
  }

  AwsModelTrainer(AwsSettings settings, AwsClients clients, StatementExecutor athena, AwsLakeStore lake) {
    this.settings = settings;
    this.lake = lake;
    this.services = new SageMakerModel.Services(settings, lake, athena, clients.sageMaker(),
        new TransformOutput(clients.s3(), settings));
  }

  @Override
  public Set<Algorithm> algorithms() {
    return settings.modelTraining() == ModelTraining.SAGEMAKER
        ? Set.of(Algorithm.GRADIENT_BOOSTED_TREES) : TribuoTrainer.algorithms();
  }

  @Override
  public TrainedModel train(ModelDefinition definition, TrainingOptions options) {
    return switch (settings.modelTraining()) {
      case LOCAL -> trainHere(definition, options);
      case SAGEMAKER -> new SageMakerTrainer(services, XgboostImages.image(settings.xgboostImage(), region()))
          .train(definition, options);
    };
  }

  /** Athena selects the source's current snapshot in the training layout; Tribuo trains on the streamed rows. */
  private TrainedModel trainHere(ModelDefinition definition, TrainingOptions options) {
    TribuoTrainer trainer = TribuoTrainer.of(options);
    DatasetId id = definition.source();
    IcebergTable table = lake.current(id).orElseThrow(() -> ModelSupport.missingSource(definition));
    DatasetInfo source = lake.info(id, table);
    ModelSupport.requireColumns(definition, source.schema(), true);
    String sql = TrinoDialect.INSTANCE.expand("SELECT " + TribuoTrainer.selectList(definition) + " FROM "
        + lake.pinned(id, table) + " ORDER BY 1");
    AthenaExecutor.StreamedResult result = lake.athena().stream(AthenaStatement.pinnedQuery(sql, List.of(),
        settings.database(id.zone())));
    Row.Layout layout = Row.layout(result.schema().names());
    try (Stream<Row> rows = result.rows().map(values -> layout.row(values.toArray()))) {
      return trainer.train(definition, rows.iterator(), lake, source.version());
    }
  }

  @Override
  public TrainedModel load(Path file) {
    Map<String, byte[]> entries = ModelFile.read(file);
    byte[] sageMaker = entries.get(SageMakerModel.ENTRY);
    if (sageMaker != null) {
      return SageMakerModel.load(file, sageMaker, services);
    }
    return TribuoModel.load(file, entries);
  }

  private String region() {
    if (settings.region() != null) {
      return settings.region();
    }
    Region region = services.sageMaker().serviceClientConfiguration().region();
    return region == null ? null : region.id();
  }
}
