package dev.takwimu.local;

import dev.takwimu.core.Backend;
import dev.takwimu.core.contract.CompactionContract;
import java.nio.file.Path;

/** The compaction contract on the local backend. */
class LocalCompactionTest extends CompactionContract {
  @Override
  protected Backend newBackend(Path lakeDirectory) {
    return LocalBackend.builder().lake(lakeDirectory).memoryLimit("256MB").threads(2).build();
  }
}
