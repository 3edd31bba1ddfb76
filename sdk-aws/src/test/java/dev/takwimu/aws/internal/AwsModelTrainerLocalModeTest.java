package dev.takwimu.aws.internal;

import dev.takwimu.aws.AwsBackend;
import dev.takwimu.aws.AwsSettings;
import dev.takwimu.aws.ModelTraining;
import dev.takwimu.core.Backend;
import dev.takwimu.core.Ingestor;
import dev.takwimu.core.InsightRunner;
import dev.takwimu.core.LakeStore;
import dev.takwimu.core.ModelTrainer;
import dev.takwimu.core.StageRunner;
import dev.takwimu.core.contract.ModelTrainerContract;
import dev.takwimu.local.LocalBackend;
import java.net.URI;
import java.nio.file.Path;

/**
 * The model contract with LOCAL training: {@link AwsModelTrainer} over a lake that stands in for the AWS lake (the
 * local backend's, until the Athena/Iceberg LakeStore is merged). Training and scoring copy the source through a
 * temporary local lake; scores are committed to the stand-in lake; saved files reload. No AWS service is called.
 */
class AwsModelTrainerLocalModeTest extends ModelTrainerContract {
  @Override
  protected Backend newBackend(Path lakeDirectory) {
    LocalBackend local = LocalBackend.builder().lake(lakeDirectory).memoryLimit("512MB").build();
    AwsSettings settings = AwsBackend.builder().lake("s3://tk-lake/takwimu").region("eu-west-1")
        .endpoint(URI.create("http://127.0.0.1:9")).modelTraining(ModelTraining.LOCAL).settings();
    AwsClients clients = new AwsClients(settings, null, null, null, null);
    AwsModelTrainer trainer = new AwsModelTrainer(settings, clients, new AthenaExecutor(clients.athena(), settings),
        local.lake());
    return new Backend() {
      @Override
      public String name() {
        return "aws-local-models";
      }

      @Override
      public LakeStore lake() {
        return local.lake();
      }

      @Override
      public Ingestor ingestor() {
        return local.ingestor();
      }

      @Override
      public StageRunner stages() {
        return local.stages();
      }

      @Override
      public InsightRunner insights() {
        return local.insights();
      }

      @Override
      public ModelTrainer models() {
        return trainer;
      }

      @Override
      public void close() {
        clients.close();
        local.close();
      }
    };
  }
}
