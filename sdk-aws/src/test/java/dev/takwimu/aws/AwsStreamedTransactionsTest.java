package dev.takwimu.aws;

import dev.takwimu.core.Backend;
import dev.takwimu.safaricom.contract.StreamedTransactionsContract;
import java.nio.file.Path;

class AwsStreamedTransactionsTest extends StreamedTransactionsContract {
  @Override
  protected Backend newBackend(Path lakeDirectory) {
    return AwsTestBackends.open(lakeDirectory);
  }
}
