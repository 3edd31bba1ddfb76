package dev.takwimu.aws;

import dev.takwimu.core.Backend;
import dev.takwimu.core.contract.IngestorContract;
import java.nio.file.Path;

class AwsIngestorTest extends IngestorContract {
  @Override
  protected Backend newBackend(Path lakeDirectory) {
    return AwsTestBackends.open(lakeDirectory);
  }
}
