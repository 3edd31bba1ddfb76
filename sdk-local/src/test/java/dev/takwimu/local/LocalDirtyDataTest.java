package dev.takwimu.local;

import dev.takwimu.core.Backend;
import dev.takwimu.safaricom.contract.DirtyDataContract;
import java.nio.file.Path;

class LocalDirtyDataTest extends DirtyDataContract {
  @Override
  protected Backend newBackend(Path lakeDirectory) {
    return LocalBackend.builder().lake(lakeDirectory).memoryLimit("512MB").build();
  }
}
