package dev.takwimu.aws;

import dev.takwimu.core.Backend;
import dev.takwimu.core.contract.InsightQueryContract;
import java.nio.file.Path;

class AwsInsightQueryTest extends InsightQueryContract {
  @Override
  protected Backend newBackend(Path lakeDirectory) {
    return AwsTestBackends.open(lakeDirectory);
  }
}
