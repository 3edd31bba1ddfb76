package dev.takwimu.local;

import dev.takwimu.core.Backend;
import dev.takwimu.safaricom.contract.StreamedTransactionsContract;
import java.nio.file.Path;

class LocalStreamedTransactionsTest extends StreamedTransactionsContract {
  @Override
  protected Backend newBackend(Path lakeDirectory) {
    return LocalBackend.builder().lake(lakeDirectory).memoryLimit("512MB").build();
  }
}
