package dev.takwimu.local;

import dev.takwimu.core.Backend;
import dev.takwimu.safaricom.contract.SyntheticDataContract;
import java.nio.file.Path;

class LocalSyntheticDataTest extends SyntheticDataContract {
  @Override
  protected Backend newBackend(Path lakeDirectory) {
    return LocalBackend.builder().lake(lakeDirectory).memoryLimit("512MB").build();
  }
}
