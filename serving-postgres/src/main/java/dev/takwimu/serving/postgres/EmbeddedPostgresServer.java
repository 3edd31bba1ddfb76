package dev.takwimu.serving.postgres;

import dev.takwimu.core.TakwimuException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A PostgreSQL 14 server Takwimu runs for the user, from the binaries in zonky's Maven jar (linux-amd64), on a
 * loopback port, with its data kept in a directory of the user's choosing (for a local lake:
 * {@code <lake>/_serving/postgres}, see {@link #dataDirectoryOf}). The superuser {@code postgres} logs in without a
 * password, from this machine only. Closing stops the server and keeps the data.
 *
 * <p>Run as root, the server runs inside a user namespace ({@code unshare -U}) where it is not root, because
 * PostgreSQL refuses to run as root; zonky does this when {@code unshare} is available.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  /** The database and superuser every embedded server has. */
  public static final String DATABASE = "postgres";
  public static final String USER = "postgres";

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
  }

  /** Where a local lake keeps its embedded server's data. */
  public static Path dataDirectoryOf(Path lake) {
    return lake.resolve("_serving").resolve("postgres");
  }

  /**
   * Starts the server on a free loopback port (or {@code port} when positive), creating the data directory on first
   * use. The server's log goes to {@code postgres.log} beside the data directory.
   *
   * @throws TakwimuException when it cannot start (another server runs on this data directory, unsupported
   *     platform...), with one line saying why
   */
  public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    if (!os.contains("linux") || !List.of("amd64", "x86_64").contains(arch)) {
      throw new TakwimuException(String.format("The embedded PostgreSQL runs on Linux x86_64 only (this is %s %s); "
          + "give a server with --to jdbc:postgresql://HOST:PORT/DATABASE", os, arch));
    }
    if ("root".equals(System.getProperty("user.name")) && !LinuxUtils.isUnshareAvailable()) {
      throw new TakwimuException("The embedded PostgreSQL cannot run as root here: PostgreSQL refuses root, and "
          + "'unshare -U' (which runs it as an unprivileged user) is not available; run takwimu as another user, or "
          + "give a server with --to jdbc:postgresql://HOST:PORT/DATABASE");
    }
    Path data = dataDirectory.toAbsolutePath().normalize();
    try {
      Files.createDirectories(data);
      stopLeftoverServer(data);
      Path log = data.resolveSibling(data.getFileName() + ".log");
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(data)
          .setCleanDataDirectory(false)
          // zonky turns synchronous_commit off for tests; a user's serving data keeps every commit
          .setServerConfig("synchronous_commit", "on")
          .setOutputRedirector(java.lang.ProcessBuilder.Redirect.appendTo(log.toFile()))
          .setErrorRedirector(java.lang.ProcessBuilder.Redirect.appendTo(log.toFile()))
          .setPGStartupWait(java.time.Duration.ofSeconds(60));
      if (port > 0) {
        builder.setPort(port);
      }
      return new EmbeddedPostgresServer(builder.start(), data);
    } catch (IOException | RuntimeException e) {
      throw new TakwimuException(e, "Cannot start the embedded PostgreSQL in %s: %s (its log: %s.log)", data,
          rootMessage(e), data);
    }
  }

  /**
   * A server whose JVM was killed keeps running (pg_ctl starts it detached): stop it, so this start can take the
   * data directory. It is ours when {@code postmaster.pid} names a live {@code postgres} process.
   */
  private static void stopLeftoverServer(Path data) throws IOException {
    Path pidFile = data.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    // a live takwimu holds zonky's lock on epg-lock while its server runs: that server is not left over
    try (FileChannel channel = FileChannel.open(data.resolve("epg-lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new IOException("could not lock " + data.resolve("epg-lock"));
      }
      lock.release();
    }
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.isEmpty()) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().info().command().map(c -> c.endsWith("/postgres")).orElse(false)) {
      return;
    }
    try {
      // SIGINT: PostgreSQL's fast shutdown, which also ends sessions still open on it (SIGTERM would wait for them)
      new ProcessBuilder("kill", "-INT", Long.toString(pid)).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
      process.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping a PostgreSQL left running on this data directory", e);
    } catch (Exception e) {
      throw new IOException("a PostgreSQL left running on this data directory (pid " + pid + ") did not stop", e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(root.getMessage());
    if (message.contains("could not lock")) {
      return "another process runs a server on this data directory (a takwimu migrate or serve-db?)";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** The loopback port the server listens on. */
  public int port() {
    return postgres.getPort();
  }

  /** The data directory. */
  public Path dataDirectory() {
    return dataDirectory;
  }

  /** The JDBC URL of the {@code postgres} database; log in as {@link #USER}, no password. */
  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
  }

  /** The psql command line that connects to it. */
  public String psqlCommand() {
    return "psql -h localhost -p " + port() + " -U " + USER + " " + DATABASE;
  }

  /** Stops the server and keeps its data; never throws. */
  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      // zonky logs it; the data stays, and the next start stops a server left running
    }
  }
}
