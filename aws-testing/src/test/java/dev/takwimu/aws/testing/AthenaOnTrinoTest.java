package dev.takwimu.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.InvalidRequestException;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.ResultConfiguration;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.s3.S3Client;

/** The harness through the real SDK clients: Athena statements run on Trino over moto's Glue and S3. */
class AthenaOnTrinoTest {
  private static final String WORK_GROUP = "primary";
  /** Start to end as the client sees it (polling every 25 ms), per statement: first keyword and milliseconds. */
  private static final List<String> LATENCIES = new ArrayList<>();

  private static AwsTestEnvironment aws;
  private static S3Client s3;
  private static GlueClient glue;
  private static AthenaClient athena;
  private static String bucket;
  private static String database;

  @BeforeAll
  static void start() {
    aws = AwsTestEnvironment.get();
    s3 = aws.s3Client();
    glue = aws.glueClient();
    athena = aws.athenaClient();
    bucket = "lake-" + UUID.randomUUID();
    database = "db_" + UUID.randomUUID().toString().substring(0, 8);
    s3.createBucket(b -> b.bucket(bucket));
    glue.createDatabase(b -> b.databaseInput(d -> d.name(database)));
  }

  @AfterAll
  static void report() {
    System.out.printf("harness timings: moto start %d ms, Trino start %d ms, statements %s%n",
        MotoServer.get().startTime().toMillis(), aws.trino().startTime().toMillis(), LATENCIES);
    athena.close();
    glue.close();
    s3.close();
  }

  @Test
  void icebergCtasInAthenaSyntaxRegistersTheTableInGlueWithItsMetadataInS3() {
    String location = "s3://" + bucket + "/t-" + UUID.randomUUID() + "/";
    QueryExecution ctas = run("""
        CREATE TABLE ctas_t WITH (table_type = 'ICEBERG', is_external = false, location = '%s',
          partitioning = ARRAY['m'], format = 'PARQUET') AS
        SELECT * FROM (VALUES (1, 'a', DATE '2024-01-01'), (2, 'b', DATE '2024-02-01'), (3, 'c', DATE '2024-01-01'))
          AS v(id, name, m)""".formatted(location));

    assertThat(ctas.status().state()).isEqualTo(QueryExecutionState.SUCCEEDED);
    assertThat(athena.getQueryResults(b -> b.queryExecutionId(ctas.queryExecutionId())).updateCount()).isEqualTo(3);
    Table table = glue.getTable(b -> b.databaseName(database).name("ctas_t")).table();
    String metadata = table.parameters().get("metadata_location");
    assertThat(table.parameters()).containsEntry("table_type", "ICEBERG");
    assertThat(metadata).startsWith(location + "metadata/").endsWith(".metadata.json");
    s3.headObject(b -> b.bucket(bucket).key(metadata.substring(("s3://" + bucket + "/").length())));
    assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix(location.substring(("s3://" + bucket + "/").length())
        + "data/m=2024-01-01/")).keyCount()).isPositive();

    AthenaOnTrino.StatementRecord record = lastRecord();
    assertThat(record.executionId()).isEqualTo(ctas.queryExecutionId());
    assertThat(record.trinoSql()).doesNotContain("table_type").doesNotContain("is_external").contains("partitioning");
    assertThat(record.database()).isEqualTo(database);
    assertThat(record.workGroup()).isEqualTo(WORK_GROUP);
    assertThat(record.clientRequestToken()).isNotBlank();
    // moto received and kept the request itself
    assertThat(ctas.query()).isEqualTo(record.athenaSql());
  }

  @Test
  void insertMergeAndDeleteChangeTheIcebergTable() {
    createTable("dml_t", "SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(id, name)");

    QueryExecution insert = run("INSERT INTO dml_t VALUES (3, 'c'), (4, 'd')");
    assertThat(athena.getQueryResults(b -> b.queryExecutionId(insert.queryExecutionId())).updateCount())
        .isEqualTo(2);
    assertThat(insert.statementType().toString()).isEqualTo("DML");
    run("""
        MERGE INTO dml_t t USING (VALUES (1, 'A'), (5, 'e')) AS s(id, name) ON t.id = s.id
        WHEN MATCHED THEN UPDATE SET name = s.name
        WHEN NOT MATCHED THEN INSERT (id, name) VALUES (s.id, s.name)""");
    run("DELETE FROM dml_t WHERE id = 2"); // Athena binds execution parameters in SELECT, INSERT, CTAS, UNLOAD only

    assertThat(values(query("SELECT id, name FROM dml_t ORDER BY id")))
        .containsExactly(List.of("1", "A"), List.of("3", "c"), List.of("4", "d"), List.of("5", "e"));
  }

  @Test
  void parameterizedSelectIsReadOverThreePagesWithTheHeaderRowFirst() {
    createTable("big_t", "SELECT x AS id, CASE WHEN x % 2 = 0 THEN 'it''s ?' ELSE 'other' END AS label "
        + "FROM UNNEST(sequence(1, 5000)) AS s(x)");

    QueryExecution select = run("SELECT id, label FROM big_t WHERE label = ? AND id <= ? ORDER BY id",
        "'it''s ?'", "5000");
    List<GetQueryResultsResponse> pages = athena.getQueryResultsPaginator(
        b -> b.queryExecutionId(select.queryExecutionId())).stream().toList();

    assertThat(pages).extracting(p -> p.resultSet().rows().size()).containsExactly(1000, 1000, 501);
    assertThatThrownBy(() -> athena.getQueryResults(
        b -> b.queryExecutionId(select.queryExecutionId()).maxResults(1001)))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("maxResults");
    List<Row> rows = pages.stream().flatMap(p -> p.resultSet().rows().stream()).toList();
    assertThat(text(rows.get(0))).containsExactly("id", "label");
    assertThat(text(rows.get(1))).containsExactly("2", "it's ?");
    assertThat(text(rows.get(2500))).containsExactly("5000", "it's ?");
    assertThat(pages.get(0).resultSet().resultSetMetadata().columnInfo()).extracting(ColumnInfo::type)
        .containsExactly("bigint", "varchar");
    assertThat(select.statistics().dataScannedInBytes()).isPositive();
    assertThat(select.statistics().engineExecutionTimeInMillis()).isPositive();
    assertThat(lastRecord().parameters()).containsExactly("'it''s ?'", "5000");
  }

  @Test
  void valuesAndTypesLookAsAthenaPrintsThem() {
    GetQueryResultsResponse results = query("""
        SELECT 'x' AS s, BIGINT '7' AS b, 42 AS i, 1.5E0 AS d, true AS t, DATE '2024-01-31' AS dt,
          TIMESTAMP '2024-01-31 10:00:00.000' AS ts, DECIMAL '12.50' AS dec, CAST(NULL AS varchar) AS n""");

    List<ColumnInfo> columns = results.resultSet().resultSetMetadata().columnInfo();
    assertThat(columns).extracting(ColumnInfo::type).containsExactly("varchar", "bigint", "integer", "double",
        "boolean", "date", "timestamp", "decimal", "varchar");
    assertThat(columns.get(7).precision()).isEqualTo(4);
    assertThat(columns.get(7).scale()).isEqualTo(2);
    List<Datum> data = results.resultSet().rows().get(1).data();
    assertThat(data.subList(0, 8)).extracting(Datum::varCharValue)
        .containsExactly("x", "7", "42", "1.5", "true", "2024-01-31", "2024-01-31 10:00:00.000", "12.50");
    assertThat(data.get(8).varCharValue()).isNull();
  }

  @Test
  void aFailingStatementReportsTrinosMessage() {
    QueryExecution failed = run("SELECT no_such_column FROM (VALUES 1) AS v(x)");

    assertThat(failed.status().state()).isEqualTo(QueryExecutionState.FAILED);
    assertThat(failed.status().stateChangeReason())
        .isEqualTo("COLUMN_NOT_FOUND: line 1:8: Column 'no_such_column' cannot be resolved");
    assertThat(failed.status().athenaError().errorCategory()).isEqualTo(2);
    assertThatThrownBy(() -> athena.getQueryResults(b -> b.queryExecutionId(failed.queryExecutionId())))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("COLUMN_NOT_FOUND");
    assertThat(athena.batchGetQueryExecution(b -> b.queryExecutionIds(failed.queryExecutionId())).queryExecutions())
        .extracting(e -> e.status().state()).containsExactly(QueryExecutionState.FAILED);
  }

  @Test
  void aLongQueryIsCancelledOnTrinoWhenStopped() throws SQLException {
    String sql = "SELECT count(*) FROM UNNEST(sequence(1, 10000)) AS a(x) CROSS JOIN UNNEST(sequence(1, 10000)) "
        + "AS b(y) CROSS JOIN UNNEST(sequence(1, 10000)) AS c(z) WHERE x + y + z = 7 -- " + UUID.randomUUID();
    String id = athena.startQueryExecution(b -> b.queryString(sql).resultConfiguration(results())
        .queryExecutionContext(c -> c.database(database))).queryExecutionId();
    awaitState(id, QueryExecutionState.RUNNING);
    assertThatThrownBy(() -> athena.getQueryResults(b -> b.queryExecutionId(id)))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Current state: RUNNING");

    athena.stopQueryExecution(b -> b.queryExecutionId(id));

    assertThat(athena.getQueryExecution(b -> b.queryExecutionId(id)).queryExecution().status().state())
        .isEqualTo(QueryExecutionState.CANCELLED);
    try (Connection trino = aws.trinoConnection(null); Statement statement = trino.createStatement()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      String state = "";
      while (!state.equals("FAILED") && System.nanoTime() < deadline) {
        try (ResultSet rs = statement.executeQuery("SELECT state, error_code FROM system.runtime.queries "
            + "WHERE query = '" + sql.replace("'", "''") + "'")) {
          state = rs.next() ? rs.getString(1) + "/" + rs.getString(2) : "";
          state = state.equals("FAILED/USER_CANCELED") ? "FAILED" : state;
        }
      }
      assertThat(state).isEqualTo("FAILED");
    }
  }

  @Test
  void stagedParquetInAPlainHiveTableIsInsertedIntoAnIcebergTable(@TempDir Path dir) throws Exception {
    createTable("target_t", "SELECT * FROM (VALUES (1, 'a', DATE '2024-01-01')) AS v(id, name, m)");
    Path parquet = dir.resolve("part-0.parquet");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement()) {
      statement.execute("COPY (SELECT * FROM (VALUES (2, 'b', DATE '2024-02-01'), (3, NULL, DATE '2024-03-01')) "
          + "AS v(id, name, m)) TO '" + parquet + "' (FORMAT parquet)");
    }
    String prefix = "staging/" + UUID.randomUUID() + "/";
    s3.putObject(b -> b.bucket(bucket).key(prefix + "part-0.parquet"), RequestBody.fromFile(parquet));
    glue.createTable(b -> b.databaseName(database).tableInput(t -> t.name("staging_t")
        .tableType("EXTERNAL_TABLE")
        .parameters(Map.of("classification", "parquet"))
        // as awswrangler does; moto returns no NumberOfBuckets otherwise, and Trino 406 fails on its absence
        .storageDescriptor(sd -> sd.location("s3://" + bucket + "/" + prefix).numberOfBuckets(-1)
            .columns(column("id", "int"), column("name", "string"), column("m", "date"))
            .inputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
            .outputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat")
            .serdeInfo(s -> s.serializationLibrary("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe")))));

    QueryExecution insert = run("INSERT INTO target_t SELECT * FROM staging_t");

    assertThat(athena.getQueryResults(b -> b.queryExecutionId(insert.queryExecutionId())).updateCount())
        .isEqualTo(2);
    assertThat(values(query("SELECT id, name, m FROM target_t ORDER BY id"))).containsExactly(
        List.of("1", "a", "2024-01-01"), List.of("2", "b", "2024-02-01"), Arrays.asList("3", null, "2024-03-01"));
  }

  @Test
  void unloadWritesTextfileGzippedAsAthenaNamesIt() throws IOException, SQLException {
    String prefix = "unload/" + UUID.randomUUID() + "/";
    QueryExecution unload = run("UNLOAD (SELECT * FROM (VALUES (1, 'a'), (2, NULL)) AS v(id, name)) TO 's3://"
        + bucket + "/" + prefix + "' WITH (format = 'TEXTFILE', field_delimiter = ',')");
    assertThat(unload.status().state()).as(unload.status().stateChangeReason())
        .isEqualTo(QueryExecutionState.SUCCEEDED);

    List<String> keys = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
        .map(o -> o.key()).toList();
    // Trino's Hive writer, which Athena engine v3 is: <query id>_<uuid>, .gz for gzip-compressed text
    assertThat(keys).singleElement().satisfies(key -> assertThat(key.substring(prefix.length()))
        .matches("\\d{8}_\\d{6}_\\d{5}_[a-z0-9]{5}_[0-9a-f-]{36}\\.gz"));
    byte[] gzipped = s3.getObjectAsBytes(b -> b.bucket(bucket).key(keys.get(0))).asByteArray();
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("1,a\n2,\\N\n");
    }
    // the temporary table that wrote the files is gone, and never was in Glue
    try (Connection trino = TrinoOnMoto.get().connect(database); Statement show = trino.createStatement();
        ResultSet tables = show.executeQuery("SHOW TABLES FROM unload.unload")) {
      assertThat(tables.next()).isFalse();
    }
    assertThat(glue.getTables(b -> b.databaseName(database)).tableList())
        .noneMatch(t -> t.name().startsWith("tk_unload_"));
  }

  @Test
  void unloadWritesParquetWithoutAnExtension() {
    String prefix = "unload/" + UUID.randomUUID() + "/";
    QueryExecution unload = run("UNLOAD (SELECT CASE WHEN id > 1 THEN 1 ELSE 0 END, CAST(id AS double) AS x "
        + "FROM (VALUES 1, 2, 3) AS v(id)) TO 's3://" + bucket + "/" + prefix + "' WITH (format = 'PARQUET')");
    assertThat(unload.status().state()).as(unload.status().stateChangeReason())
        .isEqualTo(QueryExecutionState.SUCCEEDED);
    assertThat(athena.getQueryResults(b -> b.queryExecutionId(unload.queryExecutionId())).updateCount())
        .isEqualTo(3);

    List<String> keys = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
        .map(o -> o.key()).toList();
    assertThat(keys).singleElement().satisfies(key -> assertThat(key.substring(prefix.length()))
        .matches("\\d{8}_\\d{6}_\\d{5}_[a-z0-9]{5}_[0-9a-f-]{36}"));
    byte[] parquet = s3.getObjectAsBytes(b -> b.bucket(bucket).key(keys.get(0))).asByteArray();
    assertThat(new String(parquet, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
    assertThat(new String(parquet, StandardCharsets.ISO_8859_1)).contains("_col0").contains("x");
  }

  @Test
  void unloadRefusesWhatAthenaDoesNotDocument() {
    for (String with : List.of("format = 'TEXTFILE', compression = 'NONE'", "format = 'JSON', compression = 'GZIP'",
        "format = 'PARQUET', compression = 'LZ4'", "field_delimiter = ','", "format = 'CSV'",
        "format = 'TEXTFILE', field_delimiter = '||'")) {
      String prefix = "unload/" + UUID.randomUUID() + "/";
      QueryExecution unload = run("UNLOAD (SELECT 1) TO 's3://" + bucket + "/" + prefix + "' WITH (" + with + ")");
      assertThat(unload.status().state()).as(with).isEqualTo(QueryExecutionState.FAILED);
      assertThat(unload.status().stateChangeReason()).as(with).startsWith("INVALID_TABLE_PROPERTY: ");
      assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).keyCount()).isZero();
    }
  }

  @Test
  void aRepeatedClientRequestTokenReturnsTheFirstExecution() {
    String token = UUID.randomUUID().toString();
    String first = athena.startQueryExecution(b -> b.queryString("SELECT 1").clientRequestToken(token)
        .resultConfiguration(results()))
        .queryExecutionId();
    String second = athena.startQueryExecution(b -> b.queryString("SELECT 1").clientRequestToken(token)
        .resultConfiguration(results()))
        .queryExecutionId();

    assertThat(second).isEqualTo(first);
    assertThat(aws.athenaOnTrino().statements()).filteredOn(r -> token.equals(r.clientRequestToken())).hasSize(1);
  }

  private static Column column(String name, String type) {
    return Column.builder().name(name).type(type).build();
  }

  private static void createTable(String name, String query) {
    QueryExecution ctas = run("CREATE TABLE " + name + " WITH (table_type = 'ICEBERG', is_external = false, "
        + "location = 's3://" + bucket + "/" + name + "-" + UUID.randomUUID() + "/', format = 'PARQUET') AS " + query);
    assertThat(ctas.status().state()).as(ctas.status().stateChangeReason()).isEqualTo(QueryExecutionState.SUCCEEDED);
  }

  private static GetQueryResultsResponse query(String sql) {
    QueryExecution execution = run(sql);
    assertThat(execution.status().state()).as(execution.status().stateChangeReason())
        .isEqualTo(QueryExecutionState.SUCCEEDED);
    return athena.getQueryResults(b -> b.queryExecutionId(execution.queryExecutionId()));
  }

  /** Starts the statement in the test database and polls until it ends, as the backend does. */
  private static QueryExecution run(String sql, String... parameters) {
    long started = System.nanoTime();
    String id = athena.startQueryExecution(b -> b.queryString(sql).workGroup(WORK_GROUP).resultConfiguration(results())
        .queryExecutionContext(c -> c.database(database))
        .executionParameters(parameters.length == 0 ? null : List.of(parameters))).queryExecutionId();
    QueryExecution execution = awaitState(id, QueryExecutionState.SUCCEEDED, QueryExecutionState.FAILED,
        QueryExecutionState.CANCELLED);
    synchronized (LATENCIES) {
      LATENCIES.add(sql.strip().split("\\s+")[0] + " " + (System.nanoTime() - started) / 1_000_000);
    }
    return execution;
  }

  /** Where the statements' results go: the primary work group of the emulator has no output location. */
  private static ResultConfiguration results() {
    return ResultConfiguration.builder().outputLocation("s3://" + bucket + "/athena-results/").build();
  }

  private static QueryExecution awaitState(String id, QueryExecutionState... states) {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      QueryExecution execution = athena.getQueryExecution(b -> b.queryExecutionId(id)).queryExecution();
      if (Arrays.asList(states).contains(execution.status().state()) || System.nanoTime() > deadline) {
        return execution;
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static AthenaOnTrino.StatementRecord lastRecord() {
    List<AthenaOnTrino.StatementRecord> records = aws.athenaOnTrino().statements();
    return records.get(records.size() - 1);
  }

  /** The data rows (after the header row) as text. */
  private static List<List<String>> values(GetQueryResultsResponse results) {
    return results.resultSet().rows().stream().skip(1).map(AthenaOnTrinoTest::text).toList();
  }

  private static List<String> text(Row row) {
    return row.data().stream().map(Datum::varCharValue).toList();
  }
}
