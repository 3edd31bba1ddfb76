package dev.takwimu.aws.internal;

import dev.takwimu.aws.AwsSettings;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/** The account of the caller's credentials (STS GetCallerIdentity, which needs no permission). */
public final class CallerIdentity {
  private CallerIdentity() {}

  public static String account(AwsSettings settings) {
    StsClientBuilder builder = StsClient.builder();
    if (settings.region() != null) {
      builder.region(Region.of(settings.region()));
    }
    settings.endpointOverride().ifPresent(builder::endpointOverride);
    try (StsClient sts = builder.build()) {
      return sts.getCallerIdentity().account();
    }
  }
}
