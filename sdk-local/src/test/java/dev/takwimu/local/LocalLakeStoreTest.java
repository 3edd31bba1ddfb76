package dev.takwimu.local;

import dev.takwimu.core.Backend;
import dev.takwimu.core.contract.LakeStoreContract;
import java.nio.file.Path;

class LocalLakeStoreTest extends LakeStoreContract {
  @Override
  protected Backend newBackend(Path lakeDirectory) {
    return LocalBackend.builder().lake(lakeDirectory).memoryLimit("512MB").build();
  }
}
