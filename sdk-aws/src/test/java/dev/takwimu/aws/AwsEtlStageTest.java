package dev.takwimu.aws;

import dev.takwimu.core.Backend;
import dev.takwimu.core.contract.EtlStageContract;
import java.nio.file.Path;

class AwsEtlStageTest extends EtlStageContract {
  @Override
  protected Backend newBackend(Path lakeDirectory) {
    return AwsTestBackends.open(lakeDirectory);
  }
}
