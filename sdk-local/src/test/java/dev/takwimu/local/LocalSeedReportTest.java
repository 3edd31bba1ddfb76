package dev.takwimu.local;

import dev.takwimu.core.Backend;
import dev.takwimu.safaricom.contract.SeedReportContract;
import java.nio.file.Path;

class LocalSeedReportTest extends SeedReportContract {
  @Override
  protected Backend newBackend(Path lakeDirectory) {
    return LocalBackend.builder().lake(lakeDirectory).memoryLimit("512MB").build();
  }
}
