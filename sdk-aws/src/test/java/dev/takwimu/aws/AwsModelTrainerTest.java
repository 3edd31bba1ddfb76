package dev.takwimu.aws;

import dev.takwimu.core.Backend;
import dev.takwimu.core.contract.ModelTrainerContract;
import java.nio.file.Path;

/** The model contract on the AWS backend itself (Iceberg tables through Athena), training with Tribuo (LOCAL). */
class AwsModelTrainerTest extends ModelTrainerContract {
  @Override
  protected Backend newBackend(Path lakeDirectory) {
    return AwsTestBackends.open(lakeDirectory);
  }
}
