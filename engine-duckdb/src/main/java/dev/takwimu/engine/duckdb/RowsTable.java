package dev.takwimu.engine.duckdb;

import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.WriteSource;
import dev.takwimu.engine.duckdb.internal.Appending;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/** Rows supplied by Java code, loaded by DuckDB's appender into a table of their schema's types; dropped on close. */
public final class RowsTable implements AutoCloseable {
  private final DuckDb duck;
  private final String name;

  private RowsTable(DuckDb duck, String name) {
    this.duck = duck;
    this.name = name;
  }

  /**
   * Loads the rows. The caller holds {@code duck.lock()} until it closes the result.
   *
   * @throws InvalidInputException when a row has the wrong number of values or a value of another type
   */
  public static RowsTable load(DuckDb duck, WriteSource.Rows rows) {
    String table = "tk_rows_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    duck.execute("CREATE TABLE " + table + " (" + rows.schema().columns().stream()
        .map(c -> DuckDbDialect.INSTANCE.quote(c.name()) + " " + DuckDb.sqlType(c.type()))
        .collect(Collectors.joining(", ")) + ")");
    int width = rows.schema().columns().size();
    try (DuckDBAppender appender = duck.connection().createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
      long line = 0;
      for (List<?> row : rows.rows()) {
        line++;
        if (row.size() != width) {
          throw new InvalidInputException(String.format("Row %d has %d values for %d columns %s",
              line, row.size(), width, rows.schema().names()));
        }
        appender.beginRow();
        for (int i = 0; i < width; i++) {
          Appending.append(appender, row.get(i), rows.schema().columns().get(i));
        }
        appender.endRow();
      }
    } catch (SQLException e) {
      duck.execute("DROP TABLE IF EXISTS " + table);
      throw new TakwimuException(e, "Cannot load rows: %s", e.getMessage());
    } catch (RuntimeException e) {
      duck.execute("DROP TABLE IF EXISTS " + table);
      throw e;
    }
    return new RowsTable(duck, table);
  }

  /** The table's name, safe to write into SQL unquoted. */
  public String name() {
    return name;
  }

  @Override
  public void close() {
    duck.execute("DROP TABLE IF EXISTS " + name);
  }
}
