package dev.takwimu.aws.dms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.aws.internal.DmsTableDefinition;
import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.Schema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.databasemigration.model.CreateEndpointRequest;
import software.amazon.awssdk.services.databasemigration.model.CreateReplicationTaskRequest;

/** The harness's rules refuse what DMS documents as wrong, and take what Takwimu generates. */
class DmsRulesTest {
  private static final String TABLE = """
      {"TableName":"items","TablePath":"cleaned/items/","TableOwner":"cleaned","TableColumns":[
        {"ColumnName":"id","ColumnType":"INT8","ColumnIsPk":"true","ColumnNullable":"false"},
        {"ColumnName":"name","ColumnType":"STRING","ColumnLength":"%s"},
        {"ColumnName":"price","ColumnType":"%s"%s}],
       "TableColumnsTotal":"%s"}""";

  private static String definition(String count, String length, String type, String extra, String total) {
    return "{\"TableCount\":\"" + count + "\",\"Tables\":[" + TABLE.formatted(length, type, extra, total) + "]}";
  }

  @Test
  void aConsistentDefinitionPasses() {
    assertThat(DmsRules.tableDefinition(definition("1", "20", "NUMERIC",
        ",\"ColumnPrecision\":\"10\",\"ColumnScale\":\"2\"", "3"))).isEmpty();
  }

  @Test
  void countsLengthsPrecisionAndTypesAreChecked() {
    assertThat(DmsRules.tableDefinition(definition("2", "20", "REAL8", "", "3")))
        .containsExactly("TableCount \"2\" is not the number of Tables (1)");
    assertThat(DmsRules.tableDefinition(definition("1", "20", "REAL8", "", "4")))
        .containsExactly("table 'items': TableColumnsTotal \"4\" is not the number of TableColumns (3)");
    assertThat(DmsRules.tableDefinition(definition("1", "0", "REAL8", "", "3")))
        .containsExactly("column items.name: STRING requires a positive ColumnLength");
    assertThat(DmsRules.tableDefinition(definition("1", "20", "NUMERIC", "", "3")))
        .containsExactly("column items.price: NUMERIC requires ColumnPrecision and ColumnScale");
    assertThat(DmsRules.tableDefinition(definition("1", "20", "DOUBLE", "", "3")))
        .containsExactly("column items.price: ColumnType 'DOUBLE' is not an S3 source type");
    assertThat(DmsRules.tableDefinition(definition("1", "20", "REAL8", "", "3").replace("cleaned/items/",
        "items/"))).containsExactly("table 'items': TablePath \"items/\" is not cleaned/items/");
  }

  @Test
  void whatTakwimuGeneratesPasses() {
    Schema schema = Schema.of(Column.of("id", DataType.LONG), Column.of("name", DataType.STRING),
        Column.of("at", DataType.TIMESTAMP), Column.of("ok", DataType.BOOLEAN));
    String json = DmsTableDefinition.of(List.of(new DmsTableDefinition.Table(DatasetId.parse("curated/things"), schema,
        List.of("id"), Map.of("name", 0L))));
    assertThat(DmsRules.tableDefinition(json)).isEmpty();
  }

  @Test
  void endpointsAndTasksAreChecked() {
    assertThat(DmsRules.violations(CreateEndpointRequest.builder().endpointIdentifier("takwimu--src")
        .engineName("s3").s3Settings(s -> s.bucketName("b").bucketFolder("/x/").externalTableDefinition(
            definition("1", "20", "REAL8", "", "3"))).build()))
        .anyMatch(v -> v.contains("EndpointIdentifier"))
        .anyMatch(v -> v.contains("ServiceAccessRoleArn"))
        .anyMatch(v -> v.contains("BucketFolder"));
    assertThat(DmsRules.violations(CreateEndpointRequest.builder().endpointIdentifier("t").engineName("postgres")
        .postgreSQLSettings(p -> p.databaseName("d").secretsManagerSecretId("arn:secret").password("p")).build()))
        .hasSize(2);
    assertThat(DmsRules.violations(CreateReplicationTaskRequest.builder().replicationTaskIdentifier("task-1")
        .tableMappings("{\"rules\":[]}").replicationTaskSettings(
            "{\"FullLoadSettings\":{\"TargetTablePrepMode\":\"REPLACE\"}}").build()))
        .containsExactly("TableMappings needs a non-empty rules array (Using table mapping to specify task settings)",
            "TargetTablePrepMode 'REPLACE' is not one of [DO_NOTHING, DROP_AND_CREATE, TRUNCATE_BEFORE_LOAD]");
  }
}
