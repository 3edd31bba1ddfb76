package dev.takwimu.aws.dms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.services.databasemigration.model.CreateEndpointRequest;
import software.amazon.awssdk.services.databasemigration.model.CreateReplicationTaskRequest;
import software.amazon.awssdk.services.databasemigration.model.PostgreSQLSettings;
import software.amazon.awssdk.services.databasemigration.model.S3Settings;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What a DMS full-load task from an S3 source into PostgreSQL does, done for real on the test's side: the objects
 * under {@code bucketFolder/TablePath} are read exactly as the source endpoint declares them (Parquet, named
 * {@code LOAD<hex>.parquet}, columns as the table definition lists them), and loaded into the target endpoint's
 * database into tables created from the definition with DMS's PostgreSQL target types ("Target data types for
 * PostgreSQL": STRING varchar(ColumnLength), INT4 integer, INT8 bigint, REAL8 float8, BOOLEAN boolean, DATE date,
 * DATETIME timestamp(scale), NUMERIC numeric(p,s)) and the ColumnIsPk key. A value that does not fit its declared
 * type fails that table, as it would fail DMS.
 */
final class DmsFullLoad {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LOAD_FILE = Pattern.compile("LOAD[0-9A-F]+\\.parquet");

  /** What the task did to one table, as DescribeTableStatistics reports it. */
  record TableResult(String schema, String table, long rows, String state, String error) {}

  private DmsFullLoad() {}

  static List<TableResult> run(S3Client s3, CreateEndpointRequest source, CreateEndpointRequest target,
      CreateReplicationTaskRequest task) throws IOException {
    S3Settings settings = source.s3Settings();
    JsonNode definition = JSON.readTree(settings.externalTableDefinition());
    JsonNode rules = JSON.readTree(task.tableMappings()).path("rules");
    String prepMode = task.replicationTaskSettings() == null ? "DROP_AND_CREATE"
        : JSON.readTree(task.replicationTaskSettings()).path("FullLoadSettings").path("TargetTablePrepMode")
            .asText("DROP_AND_CREATE");
    List<TableResult> results = new ArrayList<>();
    for (JsonNode table : definition.path("Tables")) {
      String schema = table.path("TableOwner").asText();
      String name = table.path("TableName").asText();
      if (!selected(rules, schema, name)) {
        continue;
      }
      String prefix = (settings.bucketFolder() == null ? "" : settings.bucketFolder() + "/")
          + table.path("TablePath").asText();
      try {
        long rows = load(s3, settings.bucketName(), prefix, table, target.postgreSQLSettings(), prepMode);
        results.add(new TableResult(schema, name, rows, "Table completed", null));
      } catch (SQLException | IllegalStateException e) {
        results.add(new TableResult(schema, name, 0, "Table error", e.getMessage()));
      }
    }
    return results;
  }

  private static boolean selected(JsonNode rules, String schema, String table) {
    boolean included = false;
    for (JsonNode rule : rules) {
      JsonNode locator = rule.path("object-locator");
      if (!"selection".equals(rule.path("rule-type").asText()) || !like(locator.path("schema-name").asText(), schema)
          || !like(locator.path("table-name").asText("%"), table)) {
        continue;
      }
      if ("exclude".equals(rule.path("rule-action").asText())) {
        return false;
      }
      included = true;
    }
    return included;
  }

  private static boolean like(String pattern, String value) {
    return value.matches(Pattern.quote(pattern).replace("%", "\\E.*\\Q"));
  }

  private static long load(S3Client s3, String bucket, String prefix, JsonNode table, PostgreSQLSettings target,
      String prepMode) throws IOException, SQLException {
    List<S3Object> objects = s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
        .filter(o -> o.key().indexOf('/', prefix.length()) < 0).sorted(Comparator.comparing(S3Object::key)).toList();
    Path directory = Files.createTempDirectory("dms-full-load-");
    try {
      List<String> files = new ArrayList<>();
      for (S3Object object : objects) {
        String fileName = object.key().substring(prefix.length());
        if (!LOAD_FILE.matcher(fileName).matches()) {
          throw new IllegalStateException("unexpected file " + object.key() + " in the table folder (full-load files "
              + "are LOAD<hex>.parquet)");
        }
        Path file = directory.resolve(fileName);
        s3.getObject(r -> r.bucket(bucket).key(object.key()), file);
        files.add(file.toString());
      }
      Map<String, JsonNode> columns = new LinkedHashMap<>();
      table.path("TableColumns").forEach(c -> columns.put(c.path("ColumnName").asText(), c));
      String qualified = quote(table.path("TableOwner").asText()) + "." + quote(table.path("TableName").asText());
      Properties credentials = new Properties();
      credentials.setProperty("user", target.username());
      credentials.setProperty("password", target.password());
      String url = "jdbc:postgresql://" + target.serverName() + ":" + target.port() + "/" + target.databaseName();
      try (Connection pg = DriverManager.getConnection(url, credentials)) {
        pg.setAutoCommit(false);
        prepare(pg, qualified, table, columns, prepMode);
        long rows = files.isEmpty() ? 0 : copy(files, columns, pg, qualified);
        pg.commit();
        return rows;
      }
    } finally {
      try (Stream<Path> paths = Files.walk(directory)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void prepare(Connection pg, String qualified, JsonNode table, Map<String, JsonNode> columns,
      String prepMode) throws SQLException {
    StringBuilder create = new StringBuilder("CREATE TABLE " + (prepMode.equals("DROP_AND_CREATE") ? ""
        : "IF NOT EXISTS ") + qualified + " (");
    List<String> key = new ArrayList<>();
    for (JsonNode c : columns.values()) {
      String name = c.path("ColumnName").asText();
      create.append(quote(name)).append(' ').append(pgType(c))
          .append("false".equals(c.path("ColumnNullable").asText()) ? " NOT NULL" : "").append(", ");
      if ("true".equals(c.path("ColumnIsPk").asText())) {
        key.add(quote(name));
      }
    }
    create.setLength(create.length() - 2);
    create.append(key.isEmpty() ? ")" : ", PRIMARY KEY (" + String.join(", ", key) + "))");
    try (Statement statement = pg.createStatement()) {
      statement.execute("CREATE SCHEMA IF NOT EXISTS " + quote(table.path("TableOwner").asText()));
      if (prepMode.equals("DROP_AND_CREATE")) {
        statement.execute("DROP TABLE IF EXISTS " + qualified);
      }
      statement.execute(create.toString());
      if (prepMode.equals("TRUNCATE_BEFORE_LOAD")) {
        statement.execute("TRUNCATE " + qualified);
      }
    }
  }

  /** Reads the Parquet files with the definition's columns, in its order, and inserts every row. */
  private static long copy(List<String> files, Map<String, JsonNode> columns, Connection pg, String qualified)
      throws SQLException {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement describe = duck.createStatement()) {
      String source = "read_parquet([" + String.join(", ", files.stream().map(f -> "'" + f.replace("'", "''") + "'")
          .toList()) + "])";
      List<String> found = new ArrayList<>();
      try (ResultSet rs = describe.executeQuery("DESCRIBE SELECT * FROM " + source)) {
        while (rs.next()) {
          found.add(rs.getString(1));
        }
      }
      if (!found.equals(new ArrayList<>(columns.keySet()))) {
        throw new IllegalStateException("the files' columns " + found + " are not the table definition's "
            + columns.keySet());
      }
      String insert = "INSERT INTO " + qualified + " VALUES (" + String.join(", ", columns.keySet().stream()
          .map(c -> "?").toList()) + ")";
      long rows = 0;
      try (ResultSet rs = describe.executeQuery("SELECT * FROM " + source);
          PreparedStatement statement = pg.prepareStatement(insert)) {
        List<JsonNode> types = new ArrayList<>(columns.values());
        while (rs.next()) {
          for (int i = 0; i < types.size(); i++) {
            statement.setObject(i + 1, value(rs, i + 1, types.get(i).path("ColumnType").asText()));
          }
          statement.addBatch();
          if (++rows % 1000 == 0) {
            statement.executeBatch();
          }
        }
        statement.executeBatch();
      }
      return rows;
    }
  }

  private static Object value(ResultSet rs, int i, String type) throws SQLException {
    Object value = switch (type) {
      case "DATE" -> rs.getObject(i, LocalDate.class);
      case "DATETIME", "TIMESTAMP" -> rs.getObject(i, LocalDateTime.class);
      case "STRING", "CLOB" -> rs.getString(i);
      default -> rs.getObject(i);
    };
    return rs.wasNull() ? null : value;
  }

  private static String pgType(JsonNode column) {
    return switch (column.path("ColumnType").asText()) {
      case "STRING" -> "varchar(" + column.path("ColumnLength").asLong() + ")";
      case "CLOB" -> "text";
      case "INT1", "INT2", "UINT1" -> "smallint";
      case "INT4", "UINT2" -> "integer";
      case "INT8", "UINT4" -> "bigint";
      case "UINT8" -> "numeric(20,0)";
      case "REAL4" -> "float4";
      case "REAL8" -> "float8";
      case "BOOLEAN" -> "boolean";
      case "DATE" -> "date";
      case "TIME" -> "time";
      case "DATETIME", "TIMESTAMP" -> "timestamp(" + column.path("ColumnScale").asInt(6) + ")";
      case "NUMERIC" -> "numeric(" + column.path("ColumnPrecision").asInt() + "," + column.path("ColumnScale").asInt()
          + ")";
      default -> throw new IllegalStateException("no PostgreSQL type for " + column);
    };
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  static UncheckedIOException unchecked(IOException e) {
    return new UncheckedIOException(e);
  }
}
