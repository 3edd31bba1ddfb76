package dev.takwimu.aws;

import dev.takwimu.core.Backend;
import dev.takwimu.core.Backends;
import dev.takwimu.core.spi.BackendProvider;
import java.util.Map;

/** Creates the AWS backend from {@code takwimu.*} settings; the keys are listed in docs/aws.md. */
public final class AwsBackendProvider implements BackendProvider {
  @Override
  public String name() {
    return "aws";
  }

  @Override
  public Backend create(Map<String, String> config) {
    AwsBackend.Builder builder = AwsBackend.builder();
    String lake = config.get(Backends.LAKE);
    if (lake != null) {
      builder.lake(lake);
    }
    return builder.build();
  }
}
