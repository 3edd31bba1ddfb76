package dev.takwimu.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The counts and the write snapshot read from an Iceberg metadata file, as Trino and Athena write them. */
class IcebergTableTest {
  private static IcebergTable parse(String snapshots, long current) {
    String json = """
        {"format-version": 2, "location": "s3://b/t", "last-sequence-number": 4, "last-updated-ms": 9000,
         "current-schema-id": 0, "schemas": [{"schema-id": 0, "fields": [{"id": 1, "name": "id", "type": "long"}]}],
         "default-spec-id": 0, "partition-specs": [{"spec-id": 0, "fields": []}],
         "current-snapshot-id": %d, "snapshots": [%s]}
        """.formatted(current, snapshots);
    return IcebergTable.parse("s3://b/t/metadata/4.metadata.json", json.getBytes(StandardCharsets.UTF_8));
  }

  private static String snapshot(long id, long parent, long millis, String summary) {
    return """
        {"snapshot-id": %d, %s "timestamp-ms": %d, "summary": {%s}}
        """.formatted(id, parent < 0 ? "" : "\"parent-snapshot-id\": " + parent + ",", millis, summary);
  }

  @Test
  void positionDeletesAreSubtractedFromTheRecords() {
    IcebergTable table = parse(snapshot(1, -1, 1000, """
        "operation": "overwrite", "total-records": "10", "total-data-files": "3", "total-files-size": "900",
        "total-delete-files": "2", "total-position-deletes": "4", "total-equality-deletes": "0"
        """), 1);

    assertThat(table.records()).isEqualTo(6);
    assertThat(table.recordsExact()).isTrue();
    assertThat(table.hasDeletes()).isTrue();
    assertThat(table.dataFiles()).isEqualTo(3);
    assertThat(table.deleteFiles()).isEqualTo(2);
    assertThat(table.bytes()).isEqualTo(900);
  }

  @Test
  void equalityDeletesMakeTheRecordsUnknownAndOldSummariesReadAsNoDeletes() {
    IcebergTable equality = parse(snapshot(1, -1, 1000, """
        "operation": "overwrite", "total-records": "10", "total-data-files": "1", "total-files-size": "9",
        "total-delete-files": "1", "total-position-deletes": "0", "total-equality-deletes": "3"
        """), 1);
    assertThat(equality.recordsExact()).isFalse();
    assertThat(equality.records()).isEqualTo(10);

    IcebergTable plain = parse(snapshot(1, -1, 1000, """
        "operation": "append", "total-records": "10", "total-data-files": "1", "total-files-size": "9"
        """), 1);
    assertThat(plain.records()).isEqualTo(10);
    assertThat(plain.recordsExact()).isTrue();
    assertThat(plain.hasDeletes()).isFalse();
  }

  @Test
  void rewritesPointBackToTheWriteTheyRewrote() {
    String write = snapshot(1, -1, 1000, "\"operation\": \"append\", \"total-records\": \"2\"");
    String merge = snapshot(2, 1, 2000, "\"operation\": \"overwrite\", \"total-records\": \"3\"");
    String optimize = snapshot(3, 2, 3000, "\"operation\": \"replace\", \"total-records\": \"1\"");
    String again = snapshot(4, 3, 4000, "\"operation\": \"replace\", \"total-records\": \"1\"");

    IcebergTable optimized = parse(String.join(",", write, merge, optimize, again), 4);
    assertThat(optimized.snapshotId()).isEqualTo(4);
    assertThat(optimized.writeSnapshotId()).isEqualTo(2);
    assertThat(optimized.committedAt()).isEqualTo(Instant.ofEpochMilli(2000));
    assertThat(optimized.records()).isEqualTo(1);

    assertThat(parse(String.join(",", write, merge), 2).writeSnapshotId()).isEqualTo(2);
    // a rewrite whose parent VACUUM expired still names it; the rewrite's own time is all there is
    IcebergTable expired = parse(optimize, 3);
    assertThat(expired.writeSnapshotId()).isEqualTo(2);
    assertThat(expired.committedAt()).isEqualTo(Instant.ofEpochMilli(3000));
    assertThat(parse("", -1).writeSnapshotId()).isEqualTo(-1);
  }
}
