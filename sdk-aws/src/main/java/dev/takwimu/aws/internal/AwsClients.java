package dev.takwimu.aws.internal;

import dev.takwimu.aws.AwsSettings;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.databasemigration.DatabaseMigrationClient;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * The SDK clients the backend uses. Clients passed in by the caller are used as they are and never closed; the others
 * are built from the settings (region, endpoint override, path-style S3 when the endpoint is overridden, retries with
 * jittered backoff) and closed with the backend.
 */
public final class AwsClients implements AutoCloseable {
  /** SDK-level attempts for throttled or transient calls (the SDK backs off with jitter between them). */
  static final int SDK_ATTEMPTS = 8;

  private final S3Client s3;
  private final GlueClient glue;
  private final AthenaClient athena;
  private final SageMakerClient sageMaker;
  private final AwsSettings settings;
  private FirehoseClient firehose;
  private final List<SdkClient> owned = new ArrayList<>();

  public AwsClients(AwsSettings settings, S3Client s3, GlueClient glue, AthenaClient athena,
      SageMakerClient sageMaker) {
    this(settings, s3, glue, athena, sageMaker, null);
  }

  /** Clients given are used as they are; the Firehose client, when not given, is built on first use. */
  public AwsClients(AwsSettings settings, S3Client s3, GlueClient glue, AthenaClient athena,
      SageMakerClient sageMaker, FirehoseClient firehose) {
    this.settings = settings;
    this.firehose = firehose;
    this.s3 = s3 != null ? s3 : own(configure(S3Client.builder(), settings)
        .forcePathStyle(settings.endpointOverride().isPresent()).build());
    this.glue = glue != null ? glue : own(configure(GlueClient.builder(), settings).build());
    this.athena = athena != null ? athena : own(configure(AthenaClient.builder(), settings).build());
    this.sageMaker = sageMaker != null ? sageMaker : own(configure(SageMakerClient.builder(), settings).build());
  }

  /** A new DMS client with the settings' region, endpoint and retries; the caller closes it. */
  public static DatabaseMigrationClient newDms(AwsSettings settings) {
    return configure(DatabaseMigrationClient.builder(), settings).build();
  }

  private <C extends SdkClient> C own(C client) {
    owned.add(client);
    return client;
  }

  private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, AwsSettings settings) {
    if (settings.region() != null) {
      builder.region(Region.of(settings.region()));
    }
    settings.endpointOverride().ifPresent(builder::endpointOverride);
    builder.overrideConfiguration(c -> c.retryStrategy(
        AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(SDK_ATTEMPTS).build()));
    return builder;
  }

  public S3Client s3() {
    return s3;
  }

  public GlueClient glue() {
    return glue;
  }

  public AthenaClient athena() {
    return athena;
  }

  public SageMakerClient sageMaker() {
    return sageMaker;
  }

  /** The Firehose client, built on first use (most backends never stream). */
  public synchronized FirehoseClient firehose() {
    if (firehose == null) {
      firehose = own(configure(FirehoseClient.builder(), settings).build());
    }
    return firehose;
  }

  @Override
  public synchronized void close() {
    for (SdkClient client : owned) {
      try {
        client.close();
      } catch (RuntimeException e) {
        // closing must not throw; the client is gone either way
      }
    }
    owned.clear();
  }
}
