package dev.takwimu.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.takwimu.aws.DmsReport.Outcome;
import dev.takwimu.aws.DmsSettings.DmsTarget;
import dev.takwimu.aws.dms.DmsOnPostgres;
import dev.takwimu.aws.dms.DmsRules;
import dev.takwimu.aws.testing.AwsTestEnvironment;
import dev.takwimu.aws.testing.PermissionRecorder;
import dev.takwimu.core.Backend;
import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.Row;
import dev.takwimu.core.Schema;
import dev.takwimu.core.Zone;
import dev.takwimu.core.contract.BackendContractSupport;
import dev.takwimu.core.serving.TableSpec;
import dev.takwimu.serving.postgres.SharedPostgres;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.databasemigration.DatabaseMigrationClient;
import software.amazon.awssdk.services.databasemigration.model.CreateEndpointRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A DMS migration end to end on the emulator: exports by Athena (Trino) into moto's S3, the DMS requests checked
 * against DMS's documented rules, and the full load done for real from those exports into PostgreSQL
 * ({@link DmsOnPostgres}), so a value the export format would damage shows up as a different row.
 */
class DmsMigrationTest extends BackendContractSupport {
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DatasetId ITEMS = DatasetId.of(Zone.CLEANED, "items");
  private static final DatasetId OTHER = DatasetId.of(Zone.CURATED, "other");
  private static final Schema SCHEMA = Schema.of(Column.of("id", DataType.LONG), Column.of("name", DataType.STRING),
      Column.of("amount", DataType.DOUBLE), Column.of("active", DataType.BOOLEAN), Column.of("day", DataType.DATE),
      Column.of("seen_at", DataType.TIMESTAMP), Column.of("qty", DataType.INT));
  private static final TableSpec ITEMS_SPEC = TableSpec.of(ITEMS).withPrimaryKey("id").withIndex("name");
  private static final String PASSWORD = "s3cr3t-not-for-logs";
  private static final String ROLE = "arn:aws:iam::123456789012:role/takwimu-dms";

  private final PermissionRecorder recorder = new PermissionRecorder();
  private final List<String> progress = new CopyOnWriteArrayList<>();
  private DmsOnPostgres emulator;
  private DatabaseMigrationClient dms;
  private String url;
  private DmsSettings settings;

  @Override
  protected Backend newBackend(Path lakeDirectory) {
    return AwsTestBackends.builder(lakeDirectory, recorder).build();
  }

  @BeforeEach
  void dms() {
    AwsTestEnvironment env = AwsTestEnvironment.get();
    emulator = new DmsOnPostgres(env.s3Client());
    dms = DatabaseMigrationClient.builder().endpointOverride(env.endpoint()).region(env.region())
        .credentialsProvider(env.credentials())
        .overrideConfiguration(c -> c.addExecutionInterceptor(recorder).addExecutionInterceptor(emulator)).build();
    url = SharedPostgres.newDatabase();
    settings = settings(target(port()));
  }

  @AfterEach
  void closeDms() {
    dms.close();
  }

  private DmsSettings settings(DmsTarget target) {
    return DmsSettings.builder().replicationInstance("takwimu-test-" + INSTANCES.incrementAndGet())
        .serviceAccessRole(ROLE).target(target).pollInterval(Duration.ofMillis(20))
        .instanceTimeout(Duration.ofMinutes(1)).loadTimeout(Duration.ofMinutes(2)).build();
  }

  private DmsTarget target(int port) {
    return target(url, port);
  }

  private static DmsTarget target(String url, int port) {
    URI uri = URI.create(url.substring("jdbc:".length()));
    return new DmsTarget("postgres", uri.getHost(), port, uri.getPath().substring(1), "postgres", PASSWORD, null,
        null, "none");
  }

  private int port() {
    return URI.create(url.substring("jdbc:".length())).getPort();
  }

  private List<DmsReport> migrate(DmsSettings with, TableSpec... specs) {
    try (DmsMigration migration = ((AwsBackend) backend).dms(with, dms)) {
      return migration.migrate(List.of(specs), progress::add);
    }
  }

  private static List<Object> hostile(long id, String name, Double amount, Boolean active, LocalDate day,
      LocalDateTime seen, Integer qty) {
    return row(id, name, amount, active, day, seen, qty);
  }

  @Test
  void everyValueArrivesUnchangedThroughTheExportAndTheFullLoad() throws Exception {
    overwrite(ITEMS, SCHEMA,
        hostile(1L, "comma, \"quoted\" 'single'\ttab\nnew line\r\nCRLF back\\slash \\N ünïcödé \uD83D\uDE00", 0.1,
            true, LocalDate.of(1, 1, 1), LocalDateTime.of(1, 1, 1, 0, 0, 0, 1_000_000), Integer.MIN_VALUE),
        hostile(2L, "", -0.0, false, LocalDate.of(9999, 12, 31), LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_000_000),
            Integer.MAX_VALUE),
        hostile(3L, null, null, null, null, null, null),
        hostile(Long.MIN_VALUE, "NULL", Double.MIN_VALUE, true, LocalDate.of(1969, 12, 31),
            LocalDateTime.of(1969, 12, 31, 23, 59, 59, 500_000_000), 0),
        hostile(Long.MAX_VALUE, "\"\"", Double.MAX_VALUE, false, LocalDate.of(1970, 1, 1),
            LocalDateTime.of(1970, 1, 1, 0, 0), -1),
        hostile(4L, ",,,", Double.NaN, true, null, null, null),
        hostile(5L, " leading and trailing ", Double.POSITIVE_INFINITY, true, null, null, null),
        hostile(6L, "\\", Double.NEGATIVE_INFINITY, true, null, null, null));
    overwrite(OTHER, Schema.of(Column.of("k", DataType.STRING), Column.of("n", DataType.LONG)), row("a", 1L),
        row("b", null));

    List<DmsReport> reports = migrate(settings, ITEMS_SPEC, TableSpec.of(OTHER));

    assertThat(reports).extracting(DmsReport::outcome).as(reports.toString())
        .containsExactly(Outcome.LOADED, Outcome.LOADED);
    assertThat(reports.get(0).loadedRows()).isEqualTo(8);
    assertThat(emulator.rejections()).isEmpty();
    assertSameRows(ITEMS);
    assertSameRows(OTHER);
    // DMS created the key from ColumnIsPk
    assertThat(query("SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
        + "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = 'cleaned.items'::regclass AND i.indisprimary"))
        .containsExactly(List.of("id"));
    assertThat(String.join("\n", progress) + reports).doesNotContain(PASSWORD);
  }

  @Test
  void microsecondsAreRefusedRatherThanRounded() {
    overwrite(ITEMS, SCHEMA, hostile(1L, "a", 1.0, true, null, LocalDateTime.of(2025, 1, 1, 8, 0, 0, 123_456_000), 1));

    DmsReport report = migrate(settings, ITEMS_SPEC).get(0);

    assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(report.error()).contains("column seen_at has 1 values with microseconds").doesNotContain("\n");
    assertThat(emulator.tasks()).as("nothing handed to DMS").isEmpty();
  }

  @Test
  void theTableDefinitionAndTheExportLayoutAreWhatDmsDocuments() throws Exception {
    overwrite(ITEMS, SCHEMA, hostile(1L, "ab", 1.0, true, null, null, 1), hostile(2L, "ünï", 2.0, false, null, null,
        2), hostile(3L, null, 3.0, true, null, null, 3));

    DmsReport report = migrate(settings, ITEMS_SPEC).get(0);
    assertThat(report.outcome()).as(report.error()).isEqualTo(Outcome.LOADED);

    CreateEndpointRequest source = emulator.endpoints().stream().filter(e -> "s3".equals(e.engineName()))
        .findFirst().orElseThrow();
    String definition = source.s3Settings().externalTableDefinition();
    assertThat(DmsRules.tableDefinition(definition)).isEmpty();
    JsonNode root = JSON.readTree(definition);
    assertThat(root.path("TableCount").asText()).isEqualTo("1");
    JsonNode table = root.path("Tables").get(0);
    assertThat(table.path("TableOwner").asText()).isEqualTo("cleaned");
    assertThat(table.path("TableName").asText()).isEqualTo("items");
    assertThat(table.path("TablePath").asText()).isEqualTo("cleaned/items/");
    assertThat(table.path("TableColumnsTotal").asText()).isEqualTo("7");
    JsonNode columns = table.path("TableColumns");
    assertThat(columns).extracting(c -> c.path("ColumnType").asText())
        .containsExactly("INT8", "STRING", "REAL8", "BOOLEAN", "DATE", "DATETIME", "INT4");
    assertThat(columns.get(0).path("ColumnIsPk").asText()).isEqualTo("true");
    assertThat(columns.get(0).path("ColumnNullable").asText()).isEqualTo("false");
    assertThat(columns.get(1).path("ColumnLength").asText()).as("'ünï' is 5 UTF-8 bytes").isEqualTo("5");
    assertThat(columns.get(1).has("ColumnIsPk")).isFalse();
    assertThat(source.s3Settings().dataFormatAsString()).isEqualTo("parquet");
    assertThat(source.s3Settings().serviceAccessRoleArn()).isEqualTo(ROLE);

    S3Location exports = settings.exports(((AwsBackend) backend).settings());
    List<String> keys = AwsTestEnvironment.get().s3Client()
        .listObjectsV2Paginator(r -> r.bucket(exports.bucket()).prefix(exports.prefix())).contents().stream()
        .map(S3Object::key).map(k -> k.substring(exports.prefix().length())).toList();
    String folder = source.s3Settings().bucketFolder() + "/cleaned/items/";
    assertThat(folder).startsWith(exports.prefix() + "runs/");
    assertThat(keys).filteredOn(k -> k.startsWith("runs/")).isNotEmpty()
        .allMatch(k -> (exports.prefix() + k).startsWith(folder) && k.matches(".*/LOAD[0-9A-F]{8}\\.parquet"));
    assertThat(keys).filteredOn(k -> k.startsWith("manifests/")).hasSize(1);

    JsonNode manifest = JSON.readTree(AwsTestEnvironment.get().s3Client().getObjectAsBytes(r -> r
        .bucket(exports.bucket()).key(S3Location.parse(report.manifest()).prefix())).asUtf8String());
    assertThat(manifest.path("state").asText()).isEqualTo("loaded");
    assertThat(manifest.path("dataset").asText()).isEqualTo("cleaned/items");
    assertThat(manifest.path("snapshotId").asLong()).isEqualTo(report.snapshotId()).isPositive();
    assertThat(manifest.path("rows").asLong()).isEqualTo(3);
    assertThat(manifest.path("files")).hasSize(report.files());
    assertThat(manifest.path("tableDefinition")).isEqualTo(table);
    assertThat(manifest.toString()).doesNotContain(PASSWORD);
  }

  @Test
  void aVersionHandedOverIsSkippedAndANewVersionReplacesTheTable() throws Exception {
    overwrite(ITEMS, SCHEMA, hostile(1L, "a", 1.0, true, null, null, 1), hostile(2L, "b", 2.0, true, null, null, 2));
    assertThat(migrate(settings, ITEMS_SPEC)).extracting(DmsReport::outcome).containsExactly(Outcome.LOADED);
    int tasks = emulator.tasks().size();

    DmsReport again = migrate(settings, ITEMS_SPEC).get(0);
    assertThat(again.outcome()).isEqualTo(Outcome.UP_TO_DATE);
    assertThat(again.rows()).isEqualTo(2);
    assertThat(emulator.tasks()).as("no task for a version already loaded").hasSize(tasks);
    String elsewhere = SharedPostgres.newDatabase();
    DmsReport otherTarget = migrate(settings(target(elsewhere, port())), ITEMS_SPEC).get(0);
    assertThat(otherTarget.outcome()).as("another database is another handover").isEqualTo(Outcome.LOADED);

    Schema wider = Schema.of(Column.of("id", DataType.LONG), Column.of("name", DataType.STRING),
        Column.of("note", DataType.STRING));
    overwrite(ITEMS, wider, row(7L, "a much longer name than before", "new column"));
    DmsReport next = migrate(settings, ITEMS_SPEC).get(0);
    assertThat(next.outcome()).as(next.error()).isEqualTo(Outcome.LOADED);
    assertThat(next.version()).isGreaterThan(again.version());
    assertThat(query("SELECT id, name, note FROM cleaned.items"))
        .containsExactly(List.of(7L, "a much longer name than before", "new column"));
  }

  @Test
  void aTargetDmsCannotReachFailsInOneLineAndTheNextRunLoads() {
    overwrite(ITEMS, SCHEMA, hostile(1L, "a", 1.0, true, null, null, 1));
    DmsReport failed = migrate(settings(target(1)), ITEMS_SPEC).get(0);

    assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(failed.error()).startsWith("Cannot hand cleaned/items to DMS: DMS left table cleaned.items in state "
        + "'Table error'").doesNotContain("\n").doesNotContain(PASSWORD);

    DmsReport loaded = migrate(settings, ITEMS_SPEC).get(0);
    assertThat(loaded.outcome()).as(loaded.error()).isEqualTo(Outcome.LOADED);
    assertThat(emulator.endpoints()).as("each run deletes its endpoints; the emulator remembers them").hasSize(4);
  }

  @Test
  void aSecretTargetSendsTheSecretAndItsRoleNeverAPassword() {
    overwrite(ITEMS, SCHEMA, hostile(1L, "a", 1.0, true, null, null, 1));
    String secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:takwimu-db-AbCdEf";
    String secretRole = "arn:aws:iam::123456789012:role/takwimu-dms-secret";
    recorder.clear();

    DmsReport report = migrate(settings(new DmsTarget("aurora-postgresql", null, 0, "analytics", null, null, secret,
        secretRole, "require")), ITEMS_SPEC).get(0);

    // the emulator cannot read secrets: the task fails, in one line, after the requests were made
    assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(report.error()).contains("FATAL_ERROR").doesNotContain("\n");
    CreateEndpointRequest target = emulator.endpoints().stream().filter(e -> e.postgreSQLSettings() != null)
        .findFirst().orElseThrow();
    assertThat(target.engineName()).isEqualTo("aurora-postgresql");
    assertThat(target.postgreSQLSettings().secretsManagerSecretId()).isEqualTo(secret);
    assertThat(target.postgreSQLSettings().secretsManagerAccessRoleArn()).isEqualTo(secretRole);
    assertThat(target.postgreSQLSettings().password()).isNull();
    assertThat(target.sslModeAsString()).isEqualTo("require");
    assertThat(recorder.calls()).flatExtracting(PermissionRecorder.Call::accesses)
        .contains(new PermissionRecorder.Access("iam:PassRole", List.of(secretRole)));
    IamPolicy policy = DmsPermissions.policy(((AwsBackend) backend).settings(), settings(new DmsTarget(
        "aurora-postgresql", null, 0, "analytics", null, null, secret, secretRole, "require")),
        dev.takwimu.aws.testing.LocalMotoServer.ACCOUNT);
    assertThat(PolicyCoverage.uncovered(policy, recorder.calls())).isEmpty();
  }

  @Test
  void everyCallIsAllowedByTheGeneratedPolicy() {
    overwrite(ITEMS, SCHEMA, hostile(1L, "a", 1.0, true, null, null, 1));
    recorder.clear();
    assertThat(migrate(settings, ITEMS_SPEC)).extracting(DmsReport::outcome).containsExactly(Outcome.LOADED);

    IamPolicy policy = DmsPermissions.policy(((AwsBackend) backend).settings(), settings,
        dev.takwimu.aws.testing.LocalMotoServer.ACCOUNT);
    assertThat(PolicyCoverage.uncovered(policy, recorder.calls())).isEmpty();
    assertThat(recorder.actions()).contains("dms:CreateEndpoint", "dms:CreateReplicationTask",
        "dms:StartReplicationTask", "dms:DescribeTableStatistics", "dms:DeleteEndpoint", "iam:PassRole");
    IamPolicy without = AwsPermissions.policy(((AwsBackend) backend).settings(),
        dev.takwimu.aws.testing.LocalMotoServer.ACCOUNT);
    assertThat(PolicyCoverage.uncovered(without, recorder.calls())).as("the backend's policy alone lacks DMS")
        .isNotEmpty();
  }

  private void assertSameRows(DatasetId id) throws SQLException {
    List<List<Object>> lake;
    try (Stream<Row> rows = lake().stream(id)) {
      lake = sorted(rows.map(r -> (List<Object>) new ArrayList<>(r.values())).toList());
    }
    List<List<Object>> served = sorted(query("SELECT * FROM " + id.zone().id() + "." + id.name()));
    assertThat(served).hasSameSizeAs(lake);
    for (int i = 0; i < lake.size(); i++) {
      for (int c = 0; c < lake.get(i).size(); c++) {
        Object expected = lake.get(i).get(c);
        Object actual = served.get(i).get(c);
        if (expected instanceof Double d && actual instanceof Double a) {
          assertThat(Double.doubleToRawLongBits(a)).as("%s row %d column %d", id, i, c)
              .isEqualTo(Double.doubleToRawLongBits(d));
        } else {
          assertThat(actual).as("%s row %d column %d", id, i, c).isEqualTo(expected);
        }
      }
    }
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> copy = new ArrayList<>(rows);
    copy.sort(Comparator.comparing(row -> String.valueOf(row.get(0))));
    return copy;
  }

  private List<List<Object>> query(String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(switch (rs.getMetaData().getColumnTypeName(i)) {
            case "date" -> rs.getObject(i, LocalDate.class);
            case "timestamp" -> rs.getObject(i, LocalDateTime.class);
            case "varchar", "name" -> rs.getString(i);
            default -> rs.getObject(i);
          });
        }
        rows.add(row);
      }
    }
    return rows;
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
