package dev.takwimu.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.aws.testing.AwsTestEnvironment;
import dev.takwimu.aws.testing.FirehoseRules;
import dev.takwimu.core.Backend;
import dev.takwimu.core.contract.StreamSinkContract;
import dev.takwimu.core.stream.FlushReport;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The at-least-once part of the stream sink contract on the AWS backend: records go through Firehose (moto, with
 * Firehose's limits enforced by {@link FirehoseRules}) and are visible in raw after the collect step.
 */
class AwsStreamSinkTest extends StreamSinkContract {
  static final String ROLE = "arn:aws:iam::123456789012:role/takwimu-firehose";

  @Override
  protected Backend newBackend(Path lakeDirectory) {
    return AwsTestBackends.builder(lakeDirectory)
        .firehoseSettings(FirehoseSettings.DEFAULT.withRole(ROLE).withRetries(4, Duration.ofMillis(1)))
        .firehose(AwsTestEnvironment.get().firehoseClient(new FirehoseRules(1)))
        .build();
  }

  @Override
  protected void delivered() {
    ((AwsBackend) backend).collect(FORMAT);
  }

  /** On AWS a raw row's batch is the object Firehose delivered it in: {@code YYYY/MM/DD/HH/<stream>-...}. */
  @Override
  protected void assertBatchId(Object rowBatchId, FlushReport report) {
    assertThat((String) rowBatchId).matches("\\d{4}/\\d{2}/\\d{2}/\\d{2}/t[0-9a-f]+-raw-payments-stream-.+");
  }
}
