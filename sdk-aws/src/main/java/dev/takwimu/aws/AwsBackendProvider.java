package dev.takwimu.aws;

import dev.takwimu.core.Backend;
import dev.takwimu.core.spi.BackendProvider;
import java.util.Map;

/** Creates the AWS backend from {@code takwimu.*} settings; the keys are {@link AwsProperties#KEYS}. */
public final class AwsBackendProvider implements BackendProvider {
  @Override
  public String name() {
    return "aws";
  }

  @Override
  public Backend create(Map<String, String> config) {
    return AwsProperties.builder(config).build();
  }
}
