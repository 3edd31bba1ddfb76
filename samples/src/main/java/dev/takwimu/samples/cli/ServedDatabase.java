package dev.takwimu.samples.cli;

import dev.takwimu.core.InvalidInputException;
import dev.takwimu.serving.postgres.EmbeddedPostgresServer;
import dev.takwimu.serving.postgres.PostgresServingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The PostgreSQL a reading command ({@code insights}, {@code lookup}, {@code dashboard}) uses with
 * {@code --database}: a server at a JDBC URL, or with {@code embedded} the lake's own server, started for the command
 * and stopped when this is closed (docs/serving.md).
 */
final class ServedDatabase implements AutoCloseable {
  private final EmbeddedPostgresServer server;
  private final PostgresServingStore store;
  private final String description;
  private final String migrateCommand;

  private ServedDatabase(EmbeddedPostgresServer server, PostgresServingStore store, String description,
      String migrateCommand) {
    this.server = server;
    this.store = store;
    this.description = description;
    this.migrateCommand = migrateCommand;
  }

  static boolean isEmbedded(String database) {
    return MigrateCommand.EMBEDDED.equalsIgnoreCase(database.trim());
  }

  /**
   * Connects to {@code database}, a JDBC URL or {@code embedded}.
   *
   * @param lakeWithUrl whether the command may take {@code --lake} beside a JDBC URL (it reads something else there)
   * @throws ParameterException when the options do not go together
   * @throws InvalidInputException when the lake has no embedded server yet
   */
  static ServedDatabase open(CommandSpec spec, String database, LakeOption lake, DatabaseOptions login,
      boolean lakeWithUrl) {
    if (isEmbedded(database)) {
      if (login.given()) {
        throw new ParameterException(spec.commandLine(), "--user and --password-env go with --database JDBC_URL;"
            + " the embedded server's user is postgres, without password");
      }
      Path data = EmbeddedPostgresServer.dataDirectoryOf(lake.directory());
      if (!Files.isDirectory(data)) {
        throw new InvalidInputException("no embedded PostgreSQL at " + data + "; run 'takwimu migrate --lake "
            + lake.location() + "' first");
      }
      EmbeddedPostgresServer server = Progress.during("PostgreSQL start", spec.commandLine().getErr(),
          () -> EmbeddedPostgresServer.start(data, 0));
      try {
        return new ServedDatabase(server, login.open(server.jdbcUrl(), EmbeddedPostgresServer.USER),
            "the lake's embedded PostgreSQL in " + server.dataDirectory(), "takwimu migrate --lake " + lake.location());
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
    }
    if (lake.lake != null && !lakeWithUrl) {
      throw new ParameterException(spec.commandLine(), "Give --lake or --database JDBC_URL, not both");
    }
    String url = database.trim();
    return new ServedDatabase(null, login.open(url, null), "PostgreSQL " + withoutParameters(url),
        "takwimu migrate --lake DIR --to " + withoutParameters(url));
  }

  PostgresServingStore store() {
    return store;
  }

  /** Where the data comes from, for people: the URL without its parameters (a password may be among them). */
  String description() {
    return description;
  }

  /** {@code jdbc:postgresql://db:5432/analytics}, without {@code ?user=...&password=...}. */
  static String withoutParameters(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  /** The command that fills this database, for hints: {@code takwimu migrate --lake lake}. */
  String migrateCommand() {
    return migrateCommand;
  }

  @Override
  public void close() {
    store.close();
    if (server != null) {
      server.close();
    }
  }
}
