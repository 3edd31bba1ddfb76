package dev.takwimu.aws;

import dev.takwimu.core.Backend;
import dev.takwimu.safaricom.contract.DirtyDataContract;
import java.nio.file.Path;

class AwsDirtyDataTest extends DirtyDataContract {
  @Override
  protected Backend newBackend(Path lakeDirectory) {
    return AwsTestBackends.open(lakeDirectory);
  }
}
