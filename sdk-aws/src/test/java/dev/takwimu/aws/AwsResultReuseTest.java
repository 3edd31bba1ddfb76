package dev.takwimu.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.aws.testing.AthenaOnTrino;
import dev.takwimu.aws.testing.AwsTestEnvironment;
import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.InsightQuery;
import dev.takwimu.core.PartitionInfo;
import dev.takwimu.core.QueryResult;
import dev.takwimu.core.Schema;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.core.Zone;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Athena result reuse through the backend, on the harness that emulates it as documented (stale results included):
 * repeated queries over pinned snapshots are reused, queries over a table's current state never are.
 */
class AwsResultReuseTest {
  private static final DatasetId EVENTS = DatasetId.of(Zone.CURATED, "events");
  private static final Schema SCHEMA = Schema.of(Column.of("id", DataType.LONG), Column.of("region", DataType.STRING));
  private static final InsightQuery<Total> TOTAL = InsightQuery.of("total", Total.class,
      "SELECT count(*) AS n FROM events WHERE region <> ?", Map.of("events", EVENTS), "none");

  /** One row of {@link #TOTAL}. */
  public record Total(long n) {}

  @TempDir
  Path directory;
  private final AwsTestEnvironment env = AwsTestEnvironment.get();
  private AwsBackend backend;

  @AfterEach
  void close() {
    if (backend != null) {
      backend.close();
    }
  }

  /** A backend reusing results for an hour, in a work group that holds the backend's result location. */
  private AwsBackend reusingInOwnWorkGroup() {
    String workGroup = "tk-reuse-" + UUID.randomUUID();
    AwsBackend.Builder builder = AwsTestBackends.builder(directory).workgroup(workGroup)
        .resultReuse(Duration.ofMinutes(60));
    String results = builder.settings().resultLocation().uri();
    try (var athena = env.athenaClient()) {
      athena.createWorkGroup(r -> r.name(workGroup).configuration(c -> c.enforceWorkGroupConfiguration(false)
          .resultConfiguration(rc -> rc.outputLocation(results))));
    }
    return builder.build();
  }

  private void write(WriteOptions options, List<?>... rows) {
    backend.lake().write(EVENTS, WriteSource.rows(SCHEMA, List.of(rows)), options);
  }

  private static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  private AthenaOnTrino.StatementRecord last() {
    List<AthenaOnTrino.StatementRecord> records = env.athenaOnTrino().statements();
    return records.get(records.size() - 1);
  }

  @Test
  void theSameInsightOverAnUnchangedDatasetIsReusedTheSecondTime() {
    backend = reusingInOwnWorkGroup();
    write(WriteOptions.overwrite(), row(1L, "nairobi"), row(2L, "mombasa"));

    QueryResult first = backend.insights().runUntyped(TOTAL);
    assertThat(last().reusedExecutionId()).isNull();
    QueryResult second = backend.insights().runUntyped(TOTAL);

    assertThat(last().reusedExecutionId()).as("the second run reuses the first").isNotNull();
    assertThat(last().resultConfigurationOverride()).isFalse();
    assertThat(second.rows()).isEqualTo(first.rows());
    assertThat(second.bytesScanned()).isZero();
  }

  @Test
  void anInsightAfterAWriteSeesTheNewSnapshot() {
    backend = reusingInOwnWorkGroup();
    write(WriteOptions.overwrite(), row(1L, "nairobi"));
    assertThat(backend.insights().run(TOTAL)).containsExactly(new Total(1));

    write(WriteOptions.append(), row(2L, "kisumu"));

    assertThat(backend.insights().run(TOTAL)).containsExactly(new Total(2));
  }

  @Test
  void partitionCountsAreNeverReusedAfterTheTableChanged() {
    backend = reusingInOwnWorkGroup();
    WriteOptions byRegion = WriteOptions.append().partitionedBy("region");
    write(byRegion, row(1L, "nairobi"));
    assertThat(partitionRows()).containsEntry("nairobi", 1L);

    write(byRegion, row(2L, "nairobi"), row(3L, "nairobi"));

    assertThat(partitionRows()).containsEntry("nairobi", 3L);
    assertThat(env.athenaOnTrino().statements()).filteredOn(r -> r.athenaSql().contains("$partitions"))
        .allSatisfy(r -> assertThat(r.reusedExecutionId()).isNull());
  }

  @Test
  void reuseInAWorkGroupWithoutResultLocationKeepsSendingTheBackendsOwn() {
    backend = AwsTestBackends.builder(directory).resultReuse(Duration.ofMinutes(60)).build();
    write(WriteOptions.overwrite(), row(1L, "nairobi"));

    assertThat(backend.insights().run(TOTAL)).containsExactly(new Total(1));
    assertThat(last().resultConfigurationOverride()).isTrue();
    assertThat(last().resultConfiguration().outputLocation()).isEqualTo(backend.settings().resultLocation().uri());
  }

  private Map<String, Long> partitionRows() {
    return backend.lake().describe(EVENTS).orElseThrow().partitions().stream()
        .collect(Collectors.toMap(p -> p.values().get("region"), PartitionInfo::rows));
  }
}
