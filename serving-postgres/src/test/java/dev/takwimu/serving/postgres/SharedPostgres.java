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
 */
public final class SharedPostgres {
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
          delete(data);
        }, "shared-postgres-stop"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return server;
  }

  /** A new, empty database on the shared server; returns its JDBC URL (user {@code postgres}, no password). */
  public static String newDatabase() {
    String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection connection = DriverManager.getConnection(server().jdbcUrl(), EmbeddedPostgresServer.USER, "");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create database " + name + ": " + e.getMessage(), e);
    }
    return "jdbc:postgresql://localhost:" + server().port() + "/" + name + "?user=" + EmbeddedPostgresServer.USER;
  }

  private static void delete(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // best effort at JVM exit
    }
  }
}
