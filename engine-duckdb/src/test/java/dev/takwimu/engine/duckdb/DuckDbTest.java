package dev.takwimu.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.core.DataType;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.Row;
import dev.takwimu.core.TakwimuException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connection wrapper: placeholders, typed reads, the dialect's macros, one-line errors. */
class DuckDbTest {
  @TempDir
  Path spill;

  private DuckDb duck;

  private DuckDb duck() {
    if (duck == null) {
      duck = new DuckDb("128MB", 1, spill);
    }
    return duck;
  }

  @AfterEach
  void close() {
    if (duck != null) {
      duck.close();
    }
  }

  @Test
  void placeholdersAreNumberedInTextOrderOutsideLiteralsIdentifiersAndComments() {
    assertThat(DuckDb.numberPlaceholders(
        "SELECT '?', \"a?\", ? -- why?\n FROM read_csv(?) /* ? */ WHERE x = 'it''s ?' AND y = ?"))
        .isEqualTo("SELECT '?', \"a?\", $1 -- why?\n FROM read_csv($2) /* ? */ WHERE x = 'it''s ?' AND y = $3");
  }

  @Test
  void bindsInTextOrderAndReadsJavaTypes() {
    List<Row> rows = duck().query("SELECT ? AS label, n, DATE '2024-02-29' AS day,"
        + " TIMESTAMP '2024-04-22 08:18:00.5' AS at, CAST(1.5 AS DECIMAL(4, 2)) AS dec"
        + " FROM range(?) t(n) ORDER BY n", List.of("x", 2));

    assertThat(rows).hasSize(2);
    assertThat(rows.get(1).asMap()).containsEntry("label", "x").containsEntry("n", 1L)
        .containsEntry("day", LocalDate.parse("2024-02-29"))
        .containsEntry("at", LocalDateTime.parse("2024-04-22T08:18:00.5")).containsEntry("dec", 1.5);
  }

  @Test
  void theDialectsParseFunctionsAreInstalled() {
    List<Row> rows = duck().query("SELECT tk_long(' 42 ') AS n, tk_double('1_000') AS bad,"
        + " tk_timestamp('2024-04-22T08:18:00Z') AS at", List.of());

    assertThat(rows.get(0).asMap()).containsEntry("n", 42L).containsEntry("bad", null)
        .containsEntry("at", LocalDateTime.parse("2024-04-22T11:18:00"));
  }

  @Test
  void errorsAreOneLineWithTheDriversExceptionAsCause() {
    assertThatThrownBy(() -> duck().query("SELECT no_such_column FROM range(1)", List.of()))
        .isInstanceOf(TakwimuException.class)
        .hasMessageStartingWith("Query failed: ")
        .hasMessageContaining("no_such_column")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"))
        .hasCauseInstanceOf(java.sql.SQLException.class);
  }

  @Test
  void typesALakeCannotHoldAreRefusedWithAHint() {
    assertThat(DuckDb.dataType("n", "BIGINT")).isEqualTo(DataType.LONG);
    assertThat(DuckDb.sqlType(DataType.TIMESTAMP)).isEqualTo("TIMESTAMP");
    assertThatThrownBy(() -> DuckDb.dataType("tags", "VARCHAR[]"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Column tags has type VARCHAR[], which a dataset cannot hold; cast it to BIGINT, DOUBLE, VARCHAR,"
            + " DATE or TIMESTAMP");
  }
}
