package dev.takwimu.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AthenaToTrinoTest {
  private static String sql(String athena, String... parameters) {
    return ((AthenaToTrino.Sql) AthenaToTrino.translate(athena, List.of(parameters))).sql();
  }

  @Test
  void bindsParametersInOrderSkippingQuestionMarksInLiteralsIdentifiersAndComments() {
    assertThat(sql("SELECT * FROM t WHERE a = ? AND b = '?' AND \"c?\" = ? -- why?\n/* what? */ AND d = ?",
        "'it''s ?'", "42", "DATE '2024-01-01'"))
        .isEqualTo("SELECT * FROM t WHERE a = 'it''s ?' AND b = '?' AND \"c?\" = 42 -- why?\n/* what? */ AND d = "
            + "DATE '2024-01-01'");
  }

  @Test
  void keepsAMinusBeforeANegativeParameterFromBecomingAComment() {
    assertThat(sql("SELECT 1 -?", "-1")).isEqualTo("SELECT 1 - -1");
  }

  @Test
  void refusesAParameterCountThatDiffersFromThePlaceholders() {
    assertThatThrownBy(() -> AthenaToTrino.translate("SELECT ?, ?", List.of("1")))
        .hasMessage("Incorrect number of parameters: expected 2 but found 1");
    assertThatThrownBy(() -> AthenaToTrino.translate("SELECT '?'", List.of("1")))
        .hasMessage("Incorrect number of parameters: expected 0 but found 1");
  }

  @Test
  void dropsAthenaOnlyPropertiesOfAnIcebergCtasAndKeepsTheRest() {
    assertThat(sql("""
        CREATE TABLE t WITH (table_type = 'ICEBERG', is_external = false, location = 's3://b/t/',
          partitioning = ARRAY['m', 'bucket(id, 4)'], format = 'PARQUET') AS
        WITH x AS (SELECT 1 AS id) SELECT * FROM x"""))
        .isEqualTo("""
            CREATE TABLE t WITH ( location = 's3://b/t/',
              partitioning = ARRAY['m', 'bucket(id, 4)'], format = 'PARQUET') AS
            WITH x AS (SELECT 1 AS id) SELECT * FROM x""");
  }

  @Test
  void dropsTheWholeWithClauseWhenOnlyAthenaPropertiesAreInIt() {
    assertThat(sql("CREATE TABLE t WITH (table_type='ICEBERG', is_external=false) AS SELECT 1 AS a"))
        .isEqualTo("CREATE TABLE t  AS SELECT 1 AS a");
  }

  @Test
  void leavesOtherStatementsAndTheQueryPartOfACtasAlone() {
    String insert = "INSERT INTO t SELECT * FROM s WHERE table_type = 'ICEBERG'";
    assertThat(sql(insert)).isEqualTo(insert);
    String ctas = "CREATE TABLE t AS WITH table_type AS (SELECT 1 AS is_external) SELECT * FROM table_type";
    assertThat(sql(ctas)).isEqualTo(ctas);
  }

  @Test
  void turnsBacktickIdentifiersIntoDoubleQuotedOnes() {
    assertThat(sql("DROP TABLE IF EXISTS `db`.`my \"t\"`")).isEqualTo("DROP TABLE IF EXISTS \"db\".\"my \"\"t\"\"\"");
  }

  @Test
  void splitsAnUnloadIntoItsQueryTargetAndProperties() {
    AthenaToTrino.Translation translation = AthenaToTrino.translate(
        "UNLOAD (SELECT a, ')' AS b FROM t WHERE c = ?) TO 's3://bucket/out/' "
            + "WITH (format = 'TEXTFILE', field_delimiter = ',', compression = 'NONE')",
        List.of("'x'"));
    assertThat(translation).isEqualTo(new AthenaToTrino.Unload("SELECT a, ')' AS b FROM t WHERE c = 'x'",
        "s3://bucket/out/", Map.of("format", "TEXTFILE", "field_delimiter", ",", "compression", "NONE")));
  }
}
