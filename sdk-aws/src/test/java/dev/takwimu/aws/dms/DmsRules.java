package dev.takwimu.aws.dms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.databasemigration.model.CreateEndpointRequest;
import software.amazon.awssdk.services.databasemigration.model.CreateReplicationTaskRequest;
import software.amazon.awssdk.services.databasemigration.model.PostgreSQLSettings;
import software.amazon.awssdk.services.databasemigration.model.S3Settings;

/**
 * What DMS documents about the requests Takwimu makes and moto does not check; each rule names its source in the DMS
 * user guide or API reference (docs/serving.md lists them). {@link #violations} returns the broken rules, empty when
 * the request is one DMS would take.
 */
public final class DmsRules {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** "Source data types for Amazon S3" (Using Amazon S3 as a source for AWS DMS). */
  static final Set<String> S3_SOURCE_TYPES = Set.of("BYTE", "DATE", "TIME", "DATETIME", "TIMESTAMP", "INT1", "INT2",
      "INT4", "INT8", "NUMERIC", "REAL4", "REAL8", "STRING", "UINT1", "UINT2", "UINT4", "UINT8", "BLOB", "CLOB",
      "BOOLEAN");
  /**
   * API reference, CreateEndpoint/CreateReplicationTask: identifiers of 1 to 255 ASCII letters, digits and hyphens,
   * starting with a letter, not ending with a hyphen, without two consecutive hyphens.
   */
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z](?!.*--)[A-Za-z0-9-]{0,254}(?<!-)");
  private static final List<String> PREP_MODES = List.of("DO_NOTHING", "DROP_AND_CREATE", "TRUNCATE_BEFORE_LOAD");

  private DmsRules() {}

  /** The rules a CreateEndpoint request breaks. */
  public static List<String> violations(CreateEndpointRequest request) {
    List<String> broken = new ArrayList<>();
    identifier("EndpointIdentifier", request.endpointIdentifier(), broken);
    if ("s3".equals(request.engineName())) {
      S3Settings s3 = request.s3Settings();
      if (s3 == null || s3.bucketName() == null || s3.bucketName().isBlank()) {
        broken.add("an S3 source needs BucketName (Using Amazon S3 as a source: bucketName is required)");
        return broken;
      }
      if (s3.serviceAccessRoleArn() == null) {
        broken.add("an S3 endpoint needs ServiceAccessRoleArn (Prerequisites when using Amazon S3 as a source)");
      }
      if (s3.bucketFolder() != null && (s3.bucketFolder().startsWith("/") || s3.bucketFolder().endsWith("/"))) {
        broken.add("BucketFolder is a folder name, without leading or trailing '/': files are read from "
            + "bucketFolder/schemaName/tableName/ (endpoint settings for S3 as a source)");
      }
      String definition = s3.externalTableDefinition() != null ? s3.externalTableDefinition()
          : request.externalTableDefinition();
      if (definition == null) {
        broken.add("an S3 source needs an external table definition (Defining external tables for Amazon S3 as a "
            + "source)");
      } else {
        broken.addAll(tableDefinition(definition));
      }
    } else if (request.engineName() != null && request.engineName().contains("postgres")) {
      PostgreSQLSettings pg = request.postgreSQLSettings();
      if (pg == null || pg.databaseName() == null) {
        broken.add("a PostgreSQL endpoint needs DatabaseName (PostgreSQLSettings)");
      } else if (pg.secretsManagerSecretId() != null) {
        if (pg.secretsManagerAccessRoleArn() == null) {
          broken.add("SecretsManagerSecretId needs SecretsManagerAccessRoleArn (Using secrets to access AWS DMS "
              + "endpoints)");
        }
        if (pg.password() != null) {
          broken.add("give a password or a secret, not both (Using secrets to access AWS DMS endpoints)");
        }
      } else if (pg.serverName() == null || pg.port() == null || pg.username() == null || pg.password() == null) {
        broken.add("a PostgreSQL endpoint without secret needs ServerName, Port, Username and Password");
      }
    }
    return broken;
  }

  /** The rules an external table definition breaks ("Defining external tables for Amazon S3 as a source"). */
  public static List<String> tableDefinition(String json) {
    List<String> broken = new ArrayList<>();
    if (json.getBytes(StandardCharsets.UTF_8).length > 2 * 1024 * 1024) {
      broken.add("the external table definition exceeds 2 MB");
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      broken.add("the external table definition is not JSON: " + e.getMessage());
      return broken;
    }
    JsonNode tables = root.path("Tables");
    if (!tables.isArray() || tables.isEmpty()) {
      broken.add("Tables must be a non-empty array");
      return broken;
    }
    if (!String.valueOf(tables.size()).equals(root.path("TableCount").asText())) {
      broken.add("TableCount " + root.path("TableCount") + " is not the number of Tables (" + tables.size() + ")");
    }
    for (JsonNode table : tables) {
      String name = table.path("TableName").asText();
      for (String key : List.of("TableName", "TablePath", "TableOwner")) {
        if (table.path(key).asText().isEmpty()) {
          broken.add("table '" + name + "' lacks " + key);
        }
      }
      // the files of a table are at [bucketFolder/]schemaName/tableName/ (Using Amazon S3 as a source)
      String expected = table.path("TableOwner").asText() + "/" + name + "/";
      if (!table.path("TablePath").asText().equals(expected)) {
        broken.add("table '" + name + "': TablePath " + table.path("TablePath") + " is not " + expected);
      }
      JsonNode columns = table.path("TableColumns");
      if (!columns.isArray() || columns.isEmpty()) {
        broken.add("table '" + name + "' has no TableColumns");
        continue;
      }
      if (!String.valueOf(columns.size()).equals(table.path("TableColumnsTotal").asText())) {
        broken.add("table '" + name + "': TableColumnsTotal " + table.path("TableColumnsTotal")
            + " is not the number of TableColumns (" + columns.size() + ")");
      }
      for (JsonNode column : columns) {
        String columnName = column.path("ColumnName").asText();
        String type = column.path("ColumnType").asText();
        if (columnName.isEmpty()) {
          broken.add("table '" + name + "' has a column without ColumnName");
        }
        if (!S3_SOURCE_TYPES.contains(type)) {
          broken.add("column " + name + "." + columnName + ": ColumnType '" + type + "' is not an S3 source type");
        }
        if ((type.equals("STRING") || type.equals("BYTE")) && column.path("ColumnLength").asLong(0) <= 0) {
          broken.add("column " + name + "." + columnName + ": " + type + " requires a positive ColumnLength");
        }
        if (type.equals("NUMERIC") && (!column.has("ColumnPrecision") || !column.has("ColumnScale"))) {
          broken.add("column " + name + "." + columnName + ": NUMERIC requires ColumnPrecision and ColumnScale");
        }
        for (String flag : List.of("ColumnNullable", "ColumnIsPk")) {
          if (column.has(flag) && !Set.of("true", "false").contains(column.path(flag).asText())) {
            broken.add("column " + name + "." + columnName + ": " + flag + " must be true or false");
          }
        }
      }
    }
    return broken;
  }

  /** The rules a CreateReplicationTask request breaks. */
  public static List<String> violations(CreateReplicationTaskRequest request) {
    List<String> broken = new ArrayList<>();
    identifier("ReplicationTaskIdentifier", request.replicationTaskIdentifier(), broken);
    try {
      JsonNode rules = JSON.readTree(request.tableMappings()).path("rules");
      if (!rules.isArray() || rules.isEmpty()) {
        broken.add("TableMappings needs a non-empty rules array (Using table mapping to specify task settings)");
      }
      for (JsonNode rule : rules) {
        if ("selection".equals(rule.path("rule-type").asText())
            && (rule.path("object-locator").path("schema-name").asText().isEmpty()
                || !Set.of("include", "exclude", "explicit").contains(rule.path("rule-action").asText()))) {
          broken.add("selection rule " + rule.path("rule-id") + " needs object-locator.schema-name and a "
              + "rule-action of include, exclude or explicit");
        }
        if (rule.path("rule-id").asText().isEmpty() || rule.path("rule-name").asText().isEmpty()) {
          broken.add("every table mapping rule needs rule-id and rule-name");
        }
      }
      if (request.replicationTaskSettings() != null) {
        JsonNode settings = JSON.readTree(request.replicationTaskSettings());
        String mode = settings.path("FullLoadSettings").path("TargetTablePrepMode").asText("DROP_AND_CREATE");
        if (!PREP_MODES.contains(mode)) {
          broken.add("TargetTablePrepMode '" + mode + "' is not one of " + PREP_MODES);
        }
      }
    } catch (IOException e) {
      broken.add("TableMappings and ReplicationTaskSettings must be JSON: " + e.getMessage());
    }
    return broken;
  }

  private static void identifier(String field, String value, List<String> broken) {
    if (value == null || !IDENTIFIER.matcher(value).matches()) {
      broken.add(field + " '" + value + "' must be 1 to 255 letters, digits and hyphens, start with a letter, not "
          + "end with a hyphen nor contain two consecutive hyphens");
    }
  }
}
