package dev.takwimu.serving.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.core.TakwimuException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server keeps its data across restarts and refuses a second server on the same data directory. */
class EmbeddedPostgresServerTest {
  @TempDir
  Path work;

  @Test
  void keepsItsDataAcrossRestartsAndRefusesASecondServerOnTheSameDirectory() throws Exception {
    Path data = EmbeddedPostgresServer.dataDirectoryOf(work.resolve("lake"));
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0)) {
      assertThat(server.dataDirectory()).isEqualTo(data.toAbsolutePath());
      assertThat(server.psqlCommand()).isEqualTo("psql -h localhost -p " + server.port() + " -U postgres postgres");
      try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), EmbeddedPostgresServer.USER, "");
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE kept (id integer)");
        statement.execute("INSERT INTO kept VALUES (42)");
      }
      assertThatThrownBy(() -> EmbeddedPostgresServer.start(data, 0))
          .isInstanceOf(TakwimuException.class)
          .hasMessage("Cannot start the embedded PostgreSQL in %s: another process runs a server on this data"
              + " directory (a takwimu migrate or serve-db?) (its log: %s.log)", data.toAbsolutePath(),
              data.toAbsolutePath());
    }
    assertThat(data.resolve("postmaster.pid")).doesNotExist();
    assertThat(data.resolveSibling("postgres.log")).exists();

    try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(data, 0)) {
      assertThat(LakeFixture.scalar(again.jdbcUrl() + "?user=postgres", "SELECT id FROM kept")).isEqualTo(42);
    }
  }
}
