package dev.takwimu.local;

import dev.takwimu.core.Backend;
import dev.takwimu.core.contract.InsightQueryContract;
import java.nio.file.Path;

class LocalInsightQueryTest extends InsightQueryContract {
  @Override
  protected Backend newBackend(Path lakeDirectory) {
    return LocalBackend.builder().lake(lakeDirectory).memoryLimit("512MB").build();
  }
}
