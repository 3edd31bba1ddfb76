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
    assertThat(sql("SELECT 1 FROM t WHERE a = 1 -?", "-1")).isEqualTo("SELECT 1 FROM t WHERE a = 1 - -1");
  }

  @Test
  void refusesAParameterCountThatDiffersFromThePlaceholders() {
    assertThatThrownBy(() -> AthenaToTrino.translate("SELECT 1 FROM t WHERE a = ? AND b = ?", List.of("1")))
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
  void rejectsDoubleQuotedIdentifiersOnTheHiveDdlPathAsAthenaDoes() {
    for (String ddl : List.of("ALTER TABLE \"db\".\"t\" ADD COLUMNS (\"c\" string)",
        "ALTER TABLE `db`.`t` DROP COLUMN \"c\"", "DROP TABLE IF EXISTS \"db\".\"t\"",
        "CREATE DATABASE \"db\"", "SHOW TABLES IN \"db\"", "DESCRIBE \"t\"")) {
      assertThatThrownBy(() -> AthenaToTrino.translate(ddl, List.of()), ddl)
          .isInstanceOf(AthenaToTrino.Rejected.class)
          .hasMessageStartingWith("FAILED: ParseException line 1:")
          .hasMessageContaining("cannot recognize input near '\"");
    }
    assertThatThrownBy(() -> AthenaToTrino.translate("DROP TABLE\n  \"t\"", List.of()))
        .hasMessageStartingWith("FAILED: ParseException line 2:2 cannot recognize input near '\"t\"'");
  }

  @Test
  void rejectsBackticksOutsideTheHiveDdlPathAsTrinoDoes() {
    for (String dml : List.of("SELECT `a` FROM t", "INSERT INTO `t` SELECT 1", "CREATE TABLE `t` AS SELECT 1 AS a",
        "MERGE INTO t USING s ON t.`id` = s.id WHEN MATCHED THEN DELETE", "DELETE FROM `t`")) {
      assertThatThrownBy(() -> AthenaToTrino.translate(dml, List.of()), dml)
          .isInstanceOf(AthenaToTrino.Rejected.class)
          .hasMessageEndingWith(": backquoted identifiers are not supported; use double quotes to quote identifiers");
    }
  }

  @Test
  void translatesBacktickDdlAndKeepsDoubleQuotesElsewhere() {
    assertThat(sql("ALTER TABLE `db`.`t` ADD COLUMNS (`my col` string)"))
        .isEqualTo("ALTER TABLE \"db\".\"t\" ADD COLUMN \"my col\" varchar");
    assertThat(sql("ALTER TABLE `db`.`t` DROP COLUMN `c`")).isEqualTo("ALTER TABLE \"db\".\"t\" DROP COLUMN \"c\"");
    assertThat(sql("SELECT \"a\" FROM \"db\".\"t\"")).isEqualTo("SELECT \"a\" FROM \"db\".\"t\"");
    assertThat(AthenaToTrino.isHiveDdl("CREATE TABLE t WITH (table_type = 'ICEBERG') AS SELECT 1 AS a")).isFalse();
    assertThat(AthenaToTrino.isHiveDdl("CREATE EXTERNAL TABLE t (a int) LOCATION 's3://b/'")).isTrue();
  }

  @Test
  void rejectsParameterValuesOverAthenasLimit() {
    String longest = "'" + "x".repeat(1022) + "'";
    assertThat(sql("SELECT 1 FROM t WHERE a = ?", longest)).endsWith(longest);
    assertThatThrownBy(() -> AthenaToTrino.translate("SELECT 1 FROM t WHERE a = ?", List.of(longest + " ")))
        .isInstanceOf(AthenaToTrino.Rejected.class)
        .hasMessageContaining("'executionParameters.1.member' failed to satisfy constraint: Member must have length "
            + "less than or equal to 1024");
  }

  @Test
  void rejectsHiddenColumnsInMergeUpdateAndDeleteButNotInSelect() {
    for (String statement : List.of(
        "MERGE INTO t USING s ON (t.\"$path\" = s.f) WHEN MATCHED THEN DELETE",
        "DELETE FROM t WHERE \"$PATH\" = 'x'", "UPDATE t SET a = 1 WHERE \"$file_modified_time\" < now()")) {
      assertThatThrownBy(() -> AthenaToTrino.translate(statement, List.of()), statement)
          .isInstanceOf(AthenaToTrino.Rejected.class)
          .hasMessageStartingWith("NOT_SUPPORTED: hidden column \"$");
    }
    assertThat(sql("SELECT \"$path\" FROM t")).isEqualTo("SELECT \"$path\" FROM t");
    assertThat(sql("SELECT * FROM \"db\".\"t$partitions\"")).isEqualTo("SELECT * FROM \"db\".\"t$partitions\"");
    assertThat(sql("MERGE INTO t USING s ON (t.id = s.id AND s.note = '$path') WHEN MATCHED THEN DELETE"))
        .contains("'$path'");
  }

  @Test
  void translatesAthenasOptimizeToTrinosTableProcedure() {
    assertThat(sql("OPTIMIZE \"db\".\"t\" REWRITE DATA USING BIN_PACK"))
        .isEqualTo("ALTER TABLE \"db\".\"t\" EXECUTE optimize");
    assertThat(sql("optimize t rewrite data using bin_pack WHERE day = DATE '2024-05-01'"))
        .isEqualTo("ALTER TABLE t EXECUTE optimize WHERE day = DATE '2024-05-01'");
    assertThatThrownBy(() -> AthenaToTrino.translate("OPTIMIZE t", List.of()))
        .isInstanceOf(AthenaToTrino.Rejected.class);
  }

  @Test
  void rejectsParametersInStatementsOtherThanSelectInsertCtasAndUnload() {
    for (String statement : List.of("MERGE INTO t USING s ON t.id = s.id WHEN MATCHED AND s.v = ? THEN DELETE",
        "DELETE FROM t WHERE a = ?", "UPDATE t SET a = 1 WHERE b = ?")) {
      assertThatThrownBy(() -> AthenaToTrino.translate(statement, List.of("1")), statement)
          .isInstanceOf(AthenaToTrino.Rejected.class)
          .hasMessageStartingWith("INVALID_PARAMETER_USAGE: parameterized queries are supported only for SELECT");
    }
    assertThat(sql("INSERT INTO t SELECT * FROM s WHERE a = ?", "1")).endsWith("a = 1");
    assertThat(sql("CREATE TABLE t WITH (format = 'PARQUET') AS SELECT * FROM s WHERE a = ?", "1")).endsWith("a = 1");
    assertThat(sql("WITH x AS (SELECT 1 AS a) SELECT * FROM x WHERE a = ?", "1")).endsWith("a = 1");
  }

  @Test
  void withStrictPlacementAcceptsParametersOnlyInWhereClauses() {
    for (String query : List.of("SELECT * FROM t WHERE a = ? AND (b IN (SELECT c FROM u WHERE d = ?))",
        "SELECT * FROM t WHERE CASE WHEN a = ? THEN true ELSE CAST(b AS varchar) = ? END",
        "UNLOAD (SELECT a FROM t WHERE b BETWEEN ? AND ?) TO 's3://b/p/' WITH (format = 'PARQUET')")) {
      List<String> values = java.util.Collections.nCopies((int) query.chars().filter(c -> c == '?').count(), "1");
      assertThat(AthenaToTrino.translate(query, values, true)).as(query).isNotNull();
    }
    for (String query : List.of("SELECT ? AS v", "SELECT CASE WHEN a = ? THEN 1 END FROM t",
        "SELECT count_if(a < ?) FROM t", "SELECT * FROM t JOIN u ON t.a = ?", "SELECT * FROM t ORDER BY a + ?",
        "INSERT INTO t VALUES (?)", "SELECT a FROM t GROUP BY a HAVING count(*) > ?")) {
      assertThatThrownBy(() -> AthenaToTrino.translate(query, List.of("1"), true), query)
          .isInstanceOf(AthenaToTrino.Rejected.class)
          .hasMessageStartingWith("INVALID_PARAMETER_USAGE: a ? parameter can be placed only in a WHERE clause");
    }
  }

  @Test
  void splitsAnUnloadIntoItsQueryTargetAndProperties() {
    AthenaToTrino.Translation translation = AthenaToTrino.translate(
        "UNLOAD (SELECT a, ')' AS b FROM t WHERE c = ?) TO 's3://bucket/out/' "
            + "WITH (format = 'PARQUET', compression = 'SNAPPY')",
        List.of("'x'"));
    assertThat(translation).isEqualTo(new AthenaToTrino.Unload("SELECT a, ')' AS b FROM t WHERE c = 'x'",
        "s3://bucket/out/", Map.of("format", "PARQUET", "compression", "SNAPPY")));
  }

  @Test
  void checksUnloadPropertiesAgainstAthenasDocumentation() {
    // "UNLOAD": compression is specific to ORC and Parquet; Athena uses gzip for JSON and TEXTFILE
    Map<String, String> refused = Map.of(
        "format = 'TEXTFILE', field_delimiter = ',', compression = 'NONE'", "compression is supported for ORC and "
            + "PARQUET only, not for TEXTFILE; Athena writes TEXTFILE with gzip",
        "format = 'JSON', compression = 'GZIP'", "not for JSON",
        "format = 'AVRO', compression = 'SNAPPY'", "not for AVRO",
        "format = 'PARQUET', compression = 'ZLIB'", "Unsupported compression 'ZLIB' for UNLOAD format PARQUET",
        "format = 'ORC', compression = 'GZIP'", "Unsupported compression 'GZIP' for UNLOAD format ORC",
        "field_delimiter = ','", "requires the property format",
        "format = 'CSV'", "Unsupported UNLOAD format 'CSV'",
        "format = 'TEXTFILE', field_delimiter = ', '", "field_delimiter must be a single character",
        "format = 'PARQUET', compression_level = 3", "compression_level is supported with compression = 'ZSTD'",
        "format = 'PARQUET', bucketed_by = ARRAY['a']", "Unknown UNLOAD property 'bucketed_by'");
    refused.forEach((with, message) -> assertThatThrownBy(() -> AthenaToTrino.translate(
        "UNLOAD (SELECT a FROM t) TO 's3://bucket/out/' WITH (" + with + ")", List.of()), with)
        .isInstanceOf(AthenaToTrino.Rejected.class).hasMessageStartingWith("INVALID_TABLE_PROPERTY: ")
        .hasMessageContaining(message));

    assertThat(UnloadFormat.of(Map.of("format", "textfile"))).isEqualTo(new UnloadFormat("TEXTFILE", "GZIP", "\u0001"));
    assertThat(UnloadFormat.of(Map.of("format", "JSON"))).isEqualTo(new UnloadFormat("JSON", "GZIP", "\u0001"));
    assertThat(UnloadFormat.of(Map.of("format", "PARQUET"))).isEqualTo(new UnloadFormat("PARQUET", "GZIP", "\u0001"));
    assertThat(UnloadFormat.of(Map.of("format", "ORC")).hiveCodec()).isEqualTo("GZIP"); // Trino's GZIP is ORC's ZLIB
    assertThat(UnloadFormat.of(Map.of("format", "PARQUET", "compression", "zstd", "compression_level", "5"))
        .compression()).isEqualTo("ZSTD");
  }
}
