package dev.takwimu.serving.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The PostgreSQL every test of a JVM shares: an {@link EmbeddedPostgresServer} started on first use on a free
 * loopback port, stopped and its temporary data deleted when the JVM exits; each test takes a database of its own.
 * Other modules get it through this module's test-jar.
 *
 * <p>With the environment variable {@value #EXTERNAL} set to a JDBC URL (user included) of a server where that user
 * may create databases, the tests use that server instead: {@code scripts/test.sh} runs this module's tests again on
 * Debian's PostgreSQL when it is installed.
 */
public final class SharedPostgres {
  /** The environment variable naming another server for the tests. */
  public static final String EXTERNAL = "TAKWIMU_TEST_POSTGRES_URL";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgresServer server;

  private SharedPostgres() {}

  /** The JVM's server, started on first call. */
  public static synchronized EmbeddedPostgresServer server() {
    if (server == null) {
      try {
        Path data = Files.createTempDirectory("takwimu-postgres-");
        server = EmbeddedPostgresServer.start(data.resolve("data"), 0);
        EmbeddedPostgresServer started = server;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          started.close();
          // zonky's own shutdown hook may be the one stopping it: wait for the server to be gone before deleting
          long deadline = System.nanoTime() + 30_000_000_000L;
          while (Files.exists(data.resolve("data").resolve("postmaster.pid")) && System.nanoTime() < deadline) {
            try {
              Thread.sleep(50);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
          delete(data);
        }, "shared-postgres-stop"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return server;
  }

  /** A new, empty database on the shared server; returns its JDBC URL (with the user, no password). */
  public static String newDatabase() {
    String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    String admin = System.getenv(EXTERNAL) != null && !System.getenv(EXTERNAL).isBlank() ? System.getenv(EXTERNAL)
        : server().jdbcUrl() + "?user=" + EmbeddedPostgresServer.USER;
    try (Connection connection = DriverManager.getConnection(admin);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create database " + name + " at " + admin + ": " + e.getMessage(), e);
    }
    int query = admin.indexOf('?');
    String path = query < 0 ? admin : admin.substring(0, query);
    return path.substring(0, path.lastIndexOf('/') + 1) + name + (query < 0 ? "" : admin.substring(query));
  }

  private static void delete(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // best effort at JVM exit
    }
  }
}
