package dev.takwimu.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.aws.internal.QueryLog;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the query log goes: the setting {@code takwimu.aws.query-log}, else {@code TAKWIMU_AWS_QUERY_LOG}. */
class QueryLogSettingTest {
  @Test
  void theSettingNamesTheLogFile() {
    AwsBackend.Builder builder = AwsProperties.builder(Map.of(AwsProperties.LAKE, "s3://lake",
        AwsProperties.QUERY_LOG, " /var/log/takwimu/athena.jsonl "));

    assertThat(builder.queryLogFile()).isEqualTo(Path.of("/var/log/takwimu/athena.jsonl"));
    assertThat(AwsProperties.KEYS).contains("takwimu.aws.query-log");
  }

  @Test
  void withoutTheSettingTheEnvironmentVariableDecides() {
    String env = System.getenv(QueryLog.ENVIRONMENT);
    Path expected = env == null || env.isBlank() ? null : Path.of(env.strip());

    assertThat(AwsProperties.builder(Map.of(AwsProperties.LAKE, "s3://lake")).queryLogFile()).isEqualTo(expected);
    assertThat(AwsBackend.builder().queryLog(Path.of("mine.jsonl")).queryLogFile())
        .as("the setting wins over the environment").isEqualTo(Path.of("mine.jsonl"));
  }
}
