package dev.takwimu.samples.cli;

import dev.takwimu.core.InvalidInputException;
import dev.takwimu.serving.postgres.EmbeddedPostgresServer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code takwimu serve-db}: runs the lake's embedded PostgreSQL until stopped (docs/serving.md). */
@Command(name = "serve-db", sortOptions = false,
    description = {
        "Run the lake's embedded PostgreSQL until stopped.",
        "",
        "The server 'takwimu migrate' filled, until Ctrl-C/SIGTERM. Prints the psql command and the JDBC URL; user postgres, no password, from",
        "this machine only (it listens on loopback)."},
    footerHeading = "%nExamples:%n",
    footer = {"  takwimu serve-db --lake lake --port 5433"})
final class ServeDbCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  LakeOption lake;

  @Option(names = "--port", paramLabel = "P", defaultValue = "0",
      description = "The loopback port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be 0 to 65535, not " + port);
    }
    Path data = EmbeddedPostgresServer.dataDirectoryOf(lake.directory());
    if (!Files.isDirectory(data)) {
      throw new InvalidInputException("no embedded PostgreSQL at " + data + "; run 'takwimu migrate --lake "
          + lake.location() + "' first");
    }
    CountDownLatch stop = new CountDownLatch(1);
    Signal.handle(new Signal("TERM"), signal -> stop.countDown());
    Signal.handle(new Signal("INT"), signal -> stop.countDown());
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (EmbeddedPostgresServer server = Progress.during("PostgreSQL start", err,
        () -> EmbeddedPostgresServer.start(data, port))) {
      out.printf(Locale.ROOT, "PostgreSQL: %s (data in %s; Ctrl-C to stop)%n", server.psqlCommand(),
          server.dataDirectory());
      out.printf(Locale.ROOT, "JDBC: %s (user %s, no password)%n", server.jdbcUrl(), EmbeddedPostgresServer.USER);
      out.flush();
      stop.await();
      err.println("PostgreSQL: stopping");
    }
    err.println("PostgreSQL: stopped");
    return TakwimuCli.OK;
  }
}
