package dev.takwimu.local;

import dev.takwimu.core.Backend;
import dev.takwimu.core.contract.ModelTrainerContract;
import java.nio.file.Path;

class LocalModelTrainerTest extends ModelTrainerContract {
  @Override
  protected Backend newBackend(Path lakeDirectory) {
    return LocalBackend.builder().lake(lakeDirectory).memoryLimit("512MB").build();
  }
}
