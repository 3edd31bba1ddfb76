package dev.takwimu.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.takwimu.aws.AwsPermissions;
import dev.takwimu.aws.AwsProperties;
import dev.takwimu.aws.PolicyCoverage;
import dev.takwimu.aws.testing.AwsTestEnvironment;
import dev.takwimu.aws.testing.PermissionRecorder;
import dev.takwimu.core.Backend;
import dev.takwimu.core.Backends;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.Row;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.athena.model.QueryExecution;

/**
 * The same CLI program on both backends, chosen by its options only: the seed report through {@code --backend aws}
 * (the emulator, with every Athena statement run by a real Trino) gives exactly the local backend's insights and the
 * fixture's expected ones, leaves the same rows in every dataset, calls nothing the generated IAM policy lacks, and is
 * told by Athena how much data its statements scanned.
 */
class AwsCliEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LAKE = "s3://takwimu-e2e/lake";

  @TempDir
  static Path work;
  private static Path input;
  private static Path localLake;
  private static List<String> aws;
  private static List<QueryExecution> pipelineExecutions;

  @BeforeAll
  static void runThePipelineOnBothBackends() throws Exception {
    AwsTestEnvironment env = AwsTestEnvironment.get();
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    System.setProperty("takwimu.state-dir", work.resolve("state").toString());
    env.s3Client().createBucket(r -> r.bucket("takwimu-e2e"));
    input = TakwimuCliTest.seedReport(work);
    localLake = work.resolve("local-lake");
    aws = List.of("--backend", "aws", "--lake", LAKE, "--region", env.region().id(),
        "--endpoint-url", env.endpoint().toString());
    EmulatedAws.CALLS.clear();
    EmulatedAws.SUCCEEDED.clear();

    TakwimuCliTest.succeeds("pipeline", "--lake", localLake, "--input", input, "--as-of", "2025-01-01");
    TakwimuCliTest.succeeds(withAws("pipeline", "--input", input, "--as-of", "2025-01-01"));
    pipelineExecutions = List.copyOf(EmulatedAws.SUCCEEDED.values());
  }

  @AfterAll
  static void forgetCredentials() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    System.clearProperty("takwimu.state-dir");
  }

  private static Object[] withAws(Object... args) {
    List<Object> all = new ArrayList<>(List.of(args));
    all.addAll(1, aws);
    return all.toArray();
  }

  @Test
  void insightsAreTheFixturesAndTheLocalBackendsExactly() throws Exception {
    String local = TakwimuCliTest.succeeds("insights", "--lake", localLake, "--all", "--format", "json").out();
    String onAws = TakwimuCliTest.succeeds(withAws("insights", "--all", "--format", "json")).out();

    assertSame("", JSON.readTree(onAws), JSON.readTree(local));
    JsonNode expected = JSON.readTree(input.resolve("expected-insights.json").toFile());
    JsonNode actual = JSON.readTree(onAws);
    // the values themselves are pinned by SeedReportContract on both backends and by TakwimuCliTest locally
    expected.fieldNames().forEachRemaining(name -> assertThat(!expected.get(name).isArray() || actual.has(name))
        .as("insight %s", name).isTrue());
  }

  /**
   * Same structure, order and values; numbers equal to 1e-9 relative, because an average of doubles may differ in its
   * last binary digit with the order the engine adds in (docs/semantics.md).
   */
  private static void assertSame(String path, JsonNode actual, JsonNode expected) {
    if (expected.isNumber()) {
      assertThat(actual.isNumber()).as(path).isTrue();
      double e = expected.asDouble();
      assertThat(actual.asDouble()).as(path).isCloseTo(e, org.assertj.core.api.Assertions.within(
          Math.max(1e-9, Math.abs(e) * 1e-9)));
    } else if (expected.isContainerNode()) {
      assertThat(actual.size()).as(path + " size").isEqualTo(expected.size());
      if (expected.isArray()) {
        for (int i = 0; i < expected.size(); i++) {
          assertSame(path + "[" + i + "]", actual.get(i), expected.get(i));
        }
      } else {
        expected.fieldNames().forEachRemaining(name -> assertSame(path + "." + name, actual.path(name),
            expected.get(name)));
      }
    } else {
      assertThat(actual).as(path).isEqualTo(expected);
    }
  }

  @Test
  void everyDatasetHoldsTheSameRowsOnBothBackends() {
    try (Backend local = Backends.open(Map.of(Backends.BACKEND, "local", Backends.LAKE, localLake.toString()));
        Backend remote = Backends.open(awsConfig())) {
      List<String> localIds = local.lake().list().stream().map(i -> i.id().toString()).toList();
      List<String> awsIds = remote.lake().list().stream().map(i -> i.id().toString()).toList();
      assertThat(awsIds).containsExactlyElementsOf(localIds);
      for (DatasetInfo info : local.lake().list()) {
        DatasetInfo other = remote.lake().describe(info.id()).orElseThrow();
        assertThat(other.schema()).as("schema of %s", info.id()).isEqualTo(info.schema());
        assertThat(other.partitionColumns()).as("partitioning of %s", info.id()).isEqualTo(info.partitionColumns());
        assertThat(rows(remote, info)).as("rows of %s", info.id()).isEqualTo(rows(local, info));
      }
    }
  }

  @Test
  void theGeneratedPolicyAllowsEveryCallTheRunMade() {
    var policy = AwsPermissions.policy(AwsProperties.settings(awsConfig()), "123456789012");
    List<PermissionRecorder.Call> uncovered = PolicyCoverage.uncovered(policy, EmulatedAws.CALLS.calls());
    assertThat(EmulatedAws.CALLS.actions()).contains("athena:StartQueryExecution", "glue:GetTable", "s3:PutObject");
    assertThat(uncovered).as("calls outside the policy %s", policy.toJson()).isEmpty();
    assertThat(EmulatedAws.CALLS.calls()).as("every authorization checked on its resource ARNs")
        .allSatisfy(call -> assertThat(call.accesses()).allSatisfy(a -> assertThat(a.resources()).isNotEmpty()));
  }

  /**
   * Athena told the CLI's pipeline run how much data its statements scanned (what its stage reports carry): the figure
   * comes from Trino's query statistics, which read 0 when Trino ran with the project's Jackson 2.18 instead of the
   * test Jackson (parent pom, profile trino-tests). Every CREATE TABLE AS of the run reads a non-empty input.
   */
  @Test
  void athenaReportedTheDataThePipelinesStatementsScanned() {
    List<QueryExecution> creates = pipelineExecutions.stream().filter(e -> e.query().startsWith("CREATE TABLE"))
        .toList();
    assertThat(creates).hasSizeGreaterThan(5);
    assertThat(creates).filteredOn(e -> e.statistics().dataScannedInBytes() <= 0)
        .extracting(e -> e.query().split(" WITH ")[0]).as("statements that scanned 0 bytes")
        .isEmpty();
  }

  private static Map<String, String> awsConfig() {
    AwsTestEnvironment env = AwsTestEnvironment.get();
    Map<String, String> config = new LinkedHashMap<>();
    config.put(Backends.BACKEND, "aws");
    config.put(Backends.LAKE, LAKE);
    config.put(AwsProperties.REGION, env.region().id());
    config.put(AwsProperties.ENDPOINT_URL, env.endpoint().toString());
    return config;
  }

  /** The rows in a stable order, without the batch id (a time stamp of the ingest, different on each backend). */
  private static List<Map<String, Object>> rows(Backend backend, DatasetInfo info) {
    try (Stream<Row> stream = backend.lake().stream(info.id())) {
      List<Map<String, Object>> rows = new ArrayList<>();
      stream.forEach(row -> {
        Map<String, Object> values = new LinkedHashMap<>(row.asMap());
        values.remove("_batch_id");
        rows.add(values);
      });
      rows.sort(Comparator.comparing(Object::toString));
      return rows;
    }
  }
}
