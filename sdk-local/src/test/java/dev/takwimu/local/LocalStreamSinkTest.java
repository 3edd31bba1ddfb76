package dev.takwimu.local;

import dev.takwimu.core.Backend;
import dev.takwimu.core.contract.ExactlyOnceStreamSinkContract;
import java.nio.file.Path;

/** The stream sink contract on the local backend. */
class LocalStreamSinkTest extends ExactlyOnceStreamSinkContract {
  @Override
  protected Backend newBackend(Path lakeDirectory) {
    return LocalBackend.builder().lake(lakeDirectory).memoryLimit("256MB").threads(2).build();
  }
}
