package dev.takwimu.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.takwimu.aws.AwsBackend;
import dev.takwimu.aws.AwsSettings;
import dev.takwimu.aws.testing.AwsTestEnvironment;
import dev.takwimu.core.TakwimuException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.athena.AthenaClient;

/** The Athena query log: what each line says, and lines staying whole when many writers append at once. */
class QueryLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static List<JsonNode> lines(Path file) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  @Test
  void everyStatementIsALineWithItsParametersExecutionStateAndCost() throws Exception {
    AwsTestEnvironment env = AwsTestEnvironment.get();
    Path file = dir.resolve("queries.jsonl");
    AwsSettings settings = AwsBackend.builder().lake("s3://query-log-test/lake").region(env.region().id())
        .workgroup("primary").pollInterval(Duration.ofMillis(20)).settings();
    try (AthenaClient athena = env.athenaClient()) {
      AthenaExecutor executor = new AthenaExecutor(athena, settings, QueryLog.to(file));
      AthenaResult result = executor.execute(AthenaStatement.query(
          "SELECT x FROM (VALUES 1, 2, 3) AS t(x) WHERE x > ? AND 'a' <> ?", List.of(1, "it's"), "default"));
      assertThatThrownBy(() -> executor.execute(AthenaStatement.query(
          "SELECT no_such_column FROM (VALUES 1) AS t(x)", List.of(), "default")))
          .isInstanceOf(TakwimuException.class);

      List<JsonNode> lines = lines(file);
      assertThat(lines).hasSize(2);
      JsonNode ok = lines.get(0);
      assertThat(ok.get("state").asText()).isEqualTo("SUCCEEDED");
      assertThat(ok.get("executionId").asText()).isEqualTo(result.stats().executionId());
      assertThat(ok.get("sql").asText()).contains("WHERE x > ? AND 'a' <> ?");
      assertThat(ok.get("parameters")).extracting(JsonNode::asText).containsExactly("1", "'it''s'");
      assertThat(ok.get("database").asText()).isEqualTo("default");
      assertThat(ok.get("workgroup").asText()).isEqualTo("primary");
      assertThat(ok.get("bytesScanned").asLong()).isEqualTo(result.stats().bytesScanned());
      assertThat(ok.get("millis").asLong()).isNotNegative();
      assertThat(ok.has("engineMillis")).isTrue();
      assertThat(Instant.parse(ok.get("time").asText())).isBefore(Instant.now().plusSeconds(1));
      assertThat(ok.has("error")).isFalse();
      JsonNode failed = lines.get(1);
      assertThat(failed.get("state").asText()).isEqualTo("FAILED");
      assertThat(failed.get("executionId").asText()).isNotBlank();
      assertThat(failed.get("error").asText()).contains("no_such_column");
    }
  }

  @Test
  void noLogWritesNothing() {
    QueryLog.NONE.record(entry("SELECT 1", 0));
    assertThat(QueryLog.NONE.file()).isNull();
    assertThat(dir.toFile().list()).isEmpty();
  }

  /**
   * Writers that each open the file for every line, as separate processes do: lines far longer than a pipe's atomic
   * write size (4 KiB) stay whole and none is lost.
   */
  @Test
  void concurrentWritersNeverInterleaveLines() throws Exception {
    Path file = dir.resolve("shared.jsonl");
    int writers = 8;
    int perWriter = 150;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        QueryLog log = QueryLog.to(file);
        done.add(pool.submit(() -> {
          for (int i = 0; i < perWriter; i++) {
            log.record(entry(("SELECT " + writer + " -- ").repeat(2000), writer * 1000 + i));
          }
        }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }

    List<JsonNode> lines = lines(file);
    assertThat(lines).hasSize(writers * perWriter);
    Set<Long> seen = new HashSet<>();
    for (JsonNode line : lines) {
      long id = line.get("bytesScanned").asLong();
      assertThat(seen.add(id)).isTrue();
      assertThat(line.get("sql").asText()).isEqualTo(("SELECT " + id / 1000 + " -- ").repeat(2000));
    }
  }

  @Test
  void anUnwritableLogNeverFailsTheStatement() {
    QueryLog log = QueryLog.to(dir.resolve("no-such-dir/queries.jsonl"));
    log.record(entry("SELECT 1", 0));
    assertThat(dir.resolve("no-such-dir")).doesNotExist();
  }

  private static QueryLog.Entry entry(String sql, long bytes) {
    return new QueryLog.Entry(Instant.now(), "id-" + bytes, "SUCCEEDED", "primary", "default", sql, List.of("1"),
        bytes, 1, 2, false, null);
  }
}
