package dev.takwimu.aws;

import dev.takwimu.core.Backend;
import dev.takwimu.safaricom.contract.SeedReportContract;
import java.nio.file.Path;

class AwsSeedReportTest extends SeedReportContract {
  @Override
  protected Backend newBackend(Path lakeDirectory) {
    return AwsTestBackends.open(lakeDirectory);
  }
}
