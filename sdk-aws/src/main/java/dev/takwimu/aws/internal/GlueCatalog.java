package dev.takwimu.aws.internal;

import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.Table;

/** Glue databases and tables: the backend's own databases, Iceberg tables' pointers, temporary staging tables. */
public final class GlueCatalog {
  private final GlueClient glue;

  public GlueCatalog(GlueClient glue) {
    this.glue = glue;
  }

  public void ensureDatabase(String database) {
    try {
      glue.getDatabase(r -> r.name(database));
    } catch (EntityNotFoundException e) {
      try {
        glue.createDatabase(r -> r.databaseInput(d -> d.name(database)
            .description("Takwimu lake zone (created by the Takwimu AWS backend)")));
      } catch (AlreadyExistsException raced) {
        // another process created it first
      } catch (SdkException created) {
        throw AwsErrors.of(created, "glue:CreateDatabase", "database " + database);
      }
    } catch (SdkException e) {
      throw AwsErrors.of(e, "glue:GetDatabase", "database " + database);
    }
  }

  public Optional<Table> table(String database, String name) {
    try {
      return Optional.of(glue.getTable(r -> r.databaseName(database).name(name)).table());
    } catch (EntityNotFoundException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw AwsErrors.of(e, "glue:GetTable", database + "." + name);
    }
  }

  public List<Table> tables(String database) {
    try {
      List<Table> tables = new ArrayList<>();
      glue.getTablesPaginator(r -> r.databaseName(database)).forEach(page -> tables.addAll(page.tableList()));
      return tables;
    } catch (EntityNotFoundException e) {
      return List.of();
    } catch (SdkException e) {
      throw AwsErrors.of(e, "glue:GetTables", "database " + database);
    }
  }

  /** Deletes the table's catalog entry (not its files); false when there was none. */
  public boolean deleteTable(String database, String name) {
    try {
      glue.deleteTable(r -> r.databaseName(database).name(name));
      return true;
    } catch (EntityNotFoundException e) {
      return false;
    } catch (SdkException e) {
      throw AwsErrors.of(e, "glue:DeleteTable", database + "." + name);
    }
  }

  /**
   * Points the Iceberg table {@code target} at the metadata of {@code replacement} (another Iceberg table in the same
   * database) in one UpdateTable, refused by Glue if the entry changed since it was read.
   */
  public void switchMetadata(String database, Table target, Table replacement) {
    Map<String, String> parameters = new java.util.HashMap<>(target.parameters());
    parameters.put("metadata_location", replacement.parameters().get("metadata_location"));
    parameters.put("previous_metadata_location", target.parameters().get("metadata_location"));
    try {
      glue.updateTable(r -> r.databaseName(database).versionId(target.versionId()).tableInput(t -> t
          .name(target.name()).tableType(target.tableType()).parameters(parameters)
          .storageDescriptor(replacement.storageDescriptor())));
    } catch (SdkException e) {
      throw AwsErrors.of(e, "glue:UpdateTable", database + "." + target.name());
    }
  }

  /** Registers a plain (Hive) external table over Parquet files under {@code location}, to read uploaded rows from. */
  public void createParquetTable(String database, String name, Schema schema, String location) {
    List<software.amazon.awssdk.services.glue.model.Column> columns = new ArrayList<>();
    for (Column column : schema.columns()) {
      columns.add(software.amazon.awssdk.services.glue.model.Column.builder().name(column.name())
          .type(hiveType(column.type())).build());
    }
    try {
      glue.createTable(r -> r.databaseName(database).tableInput(t -> t.name(name)
          .tableType("EXTERNAL_TABLE")
          .parameters(Map.of("classification", "parquet", "EXTERNAL", "TRUE", "takwimu.staging", "true"))
          .storageDescriptor(s -> s.columns(columns).location(location).numberOfBuckets(-1).compressed(false)
              .inputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
              .outputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat")
              .serdeInfo(d -> d.serializationLibrary("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe")
                  .parameters(Map.of("serialization.format", "1"))))));
    } catch (SdkException e) {
      throw AwsErrors.of(e, "glue:CreateTable", database + "." + name);
    }
  }

  /** The Hive/Glue type name of a column type. */
  public static String hiveType(DataType type) {
    return switch (type) {
      case STRING -> "string";
      case INT -> "int";
      case LONG -> "bigint";
      case DOUBLE -> "double";
      case BOOLEAN -> "boolean";
      case DATE -> "date";
      case TIMESTAMP -> "timestamp";
    };
  }
}
