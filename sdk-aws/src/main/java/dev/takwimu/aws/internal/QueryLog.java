package dev.takwimu.aws.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Athena query log: one JSON object per line for every statement the backend runs, appended to a file. Each line
 * is written by a single append to a file opened with {@code O_APPEND}, so threads and processes sharing the file
 * never interleave within a line. A log that cannot be written is reported once as a warning and never fails the
 * statement.
 */
public final class QueryLog {
  /** The environment variable naming the log file when the setting does not. */
  public static final String ENVIRONMENT = "TAKWIMU_AWS_QUERY_LOG";
  /** No log. */
  public static final QueryLog NONE = new QueryLog(null);

  private static final Logger LOG = LoggerFactory.getLogger(QueryLog.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private volatile boolean warned;

  private QueryLog(Path file) {
    this.file = file;
  }

  /** A log appending to this file (created when missing); {@link #NONE} for null. */
  public static QueryLog to(Path file) {
    return file == null ? NONE : new QueryLog(file);
  }

  /** The file the log appends to; null for {@link #NONE}. */
  public Path file() {
    return file;
  }

  /**
   * One statement as it ended.
   *
   * @param started when it was submitted
   * @param executionId Athena's id; null when StartQueryExecution itself failed
   * @param state {@code SUCCEEDED}, {@code FAILED}, {@code CANCELLED}, or {@code REJECTED} when it never started
   * @param workgroup the workgroup it ran in
   * @param database the database it ran in
   * @param sql the statement as sent
   * @param parameters its execution parameters, as sent
   * @param bytesScanned data scanned, as Athena reported it (0 when unknown)
   * @param engineMillis Athena's engine execution time
   * @param millis submission to end as this process saw it
   * @param reused whether Athena reused an earlier result
   * @param error why it failed; null when it succeeded
   */
  public record Entry(Instant started, String executionId, String state, String workgroup, String database,
      String sql, List<String> parameters, long bytesScanned, long engineMillis, long millis, boolean reused,
      String error) {}

  /** Appends the entry as one line; does nothing for {@link #NONE}. */
  public void record(Entry entry) {
    if (file == null) {
      return;
    }
    ObjectNode line = JSON.createObjectNode();
    line.put("time", entry.started().toString());
    line.put("executionId", entry.executionId());
    line.put("state", entry.state());
    line.put("workgroup", entry.workgroup());
    line.put("database", entry.database());
    line.put("sql", entry.sql());
    entry.parameters().forEach(line.putArray("parameters")::add);
    line.put("bytesScanned", entry.bytesScanned());
    line.put("engineMillis", entry.engineMillis());
    line.put("millis", entry.millis());
    line.put("reused", entry.reused());
    if (entry.error() != null) {
      line.put("error", entry.error());
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      ByteBuffer bytes = ByteBuffer.wrap((JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes); // one write for a regular file; the loop only guards against a short write
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      if (!warned) {
        warned = true;
        LOG.warn("Cannot append to the Athena query log {}: {}", file, e.toString());
      }
    }
  }
}
