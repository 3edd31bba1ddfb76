package dev.takwimu.local;

import dev.takwimu.core.Backend;
import dev.takwimu.core.contract.EtlStageContract;
import java.nio.file.Path;

class LocalEtlStageTest extends EtlStageContract {
  @Override
  protected Backend newBackend(Path lakeDirectory) {
    return LocalBackend.builder().lake(lakeDirectory).memoryLimit("512MB").build();
  }
}
