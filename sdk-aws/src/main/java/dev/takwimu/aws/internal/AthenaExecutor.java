package dev.takwimu.aws.internal;

import dev.takwimu.aws.AwsSettings;
import software.amazon.awssdk.services.athena.AthenaClient;

/** Runs statements on Athena: bound parameters, polling with backoff, retries, cancellation, typed paginated results. */
public final class AthenaExecutor {
  private final AthenaClient athena;
  private final AwsSettings settings;

  public AthenaExecutor(AthenaClient athena, AwsSettings settings) {
    this.athena = athena;
    this.settings = settings;
  }

  /** Runs the statement to completion and returns all its rows (meant for small results). */
  public AthenaResult execute(AthenaStatement statement) {
    throw new UnsupportedOperationException("being written");
  }
}
