package dev.takwimu.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.aws.AwsPermissions;
import dev.takwimu.aws.AwsProperties;
import dev.takwimu.aws.PolicyCoverage;
import dev.takwimu.aws.testing.AwsTestEnvironment;
import dev.takwimu.core.Backend;
import dev.takwimu.core.Backends;
import dev.takwimu.safaricom.SafaricomPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code takwimu aws smoke-test} on the emulator: the seed report passes on an empty lake and is cleaned up, with
 * every call inside the policy {@code takwimu aws policy} prints for the same settings; with {@code --keep} the
 * datasets stay, a second run refuses that lake, and values that differ from the report are named.
 */
class AwsSmokeTestCommandTest {
  private static final String BUCKET = "takwimu-smoke";

  @TempDir
  static Path temp;

  @BeforeAll
  static void credentials() {
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    System.setProperty("takwimu.state-dir", temp.resolve("state").toString());
    AwsTestEnvironment.get().s3Client().createBucket(r -> r.bucket(BUCKET));
  }

  @AfterAll
  static void forgetCredentials() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    System.clearProperty("takwimu.state-dir");
  }

  private static Map<String, String> config(String prefix) {
    AwsTestEnvironment env = AwsTestEnvironment.get();
    Map<String, String> config = new LinkedHashMap<>();
    config.put(Backends.BACKEND, "aws");
    config.put(Backends.LAKE, "s3://" + BUCKET + "/" + prefix);
    config.put(AwsProperties.REGION, env.region().id());
    config.put(AwsProperties.ENDPOINT_URL, env.endpoint().toString());
    config.put(AwsProperties.DATABASE_PREFIX, prefix.replace('-', '_') + "_");
    return config;
  }

  private static Path propertiesFile(Map<String, String> config) throws Exception {
    Path file = Files.createTempFile(temp, "smoke", ".properties");
    StringBuilder text = new StringBuilder();
    config.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    return Files.writeString(file, text);
  }

  @Test
  void passesOnAnEmptyLakeWithinThePolicyAndDropsWhatItWrote() throws Exception {
    Map<String, String> config = config("smoke-pass");
    Path log = temp.resolve("queries.jsonl");
    config.put(AwsProperties.QUERY_LOG, log.toString());
    EmulatedAws.CALLS.clear();

    TakwimuCliTest.Run run = TakwimuCliTest.succeeds("aws", "smoke-test", "--config", propertiesFile(config));

    assertThat(run.out()).contains("ok    identity    account ", "ok    empty lake", "ok    pipeline",
        "ok    insights    the seed report's four published tables reproduced", "ok    clean up", "smoke test passed")
        .doesNotContain("FAIL");
    assertThat(run.out()).containsPattern("ok    query log   \\d{2,} Athena statements \\(0 not succeeded\\), "
        + "[1-9][\\d,]* bytes scanned");
    assertThat(Files.readAllLines(log)).hasSizeGreaterThan(10);
    try (Backend backend = Backends.open(config)) {
      assertThat(backend.lake().list()).as("every dataset dropped").isEmpty();
    }
    var policy = AwsPermissions.policy(AwsProperties.settings(config), "123456789012");
    assertThat(PolicyCoverage.uncovered(policy, EmulatedAws.CALLS.calls())).as(policy.toJson()).isEmpty();
    assertThat(EmulatedAws.CALLS.actions()).contains("glue:DeleteTable", "s3:DeleteObject");
  }

  @Test
  void keepsItsDatasetsOnRequestThenRefusesThatLakeAndNamesTheValuesThatDiffer() throws Exception {
    Map<String, String> config = config("smoke-keep");
    Path properties = propertiesFile(config);
    TakwimuCliTest.succeeds("aws", "smoke-test", "--keep", "--config", properties);

    TakwimuCliTest.Run again = TakwimuCliTest.takwimu("aws", "smoke-test", "--config", properties);

    assertThat(again.code()).isEqualTo(TakwimuCli.FAILURE);
    assertThat(again.out()).containsPattern("FAIL  empty lake  \\d+ datasets already here")
        .contains("smoke test FAILED: 1 check").doesNotContain("ok    pipeline");
    try (Backend backend = Backends.open(config)) {
      assertThat(backend.lake().list()).as("--keep").isNotEmpty();
      assertThat(AwsSmokeTest.differences(backend)).isEmpty();

      backend.stages().run(SafaricomPipeline.customerFeatures(LocalDate.parse("2024-03-15")));

      List<String> differences = AwsSmokeTest.differences(backend);
      assertThat(differences).isNotEmpty()
          .anySatisfy(d -> assertThat(d).startsWith("avg-transaction-amount-by-county row 1 avg_transaction_amount: "));
    }
  }
}
