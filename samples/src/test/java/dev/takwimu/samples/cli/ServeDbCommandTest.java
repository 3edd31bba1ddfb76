package dev.takwimu.samples.cli;

import static dev.takwimu.samples.cli.TakwimuCliTest.fails;
import static dev.takwimu.samples.cli.TakwimuCliTest.succeeds;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code takwimu serve-db} in a child JVM: serves what migrate loaded, stops on SIGTERM, survives a SIGKILL. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ServeDbCommandTest {
  private static final Pattern READY = Pattern.compile(
      "PostgreSQL: psql -h localhost -p (\\d+) -U postgres postgres \\(data in (.+); Ctrl-C to stop\\)");

  @TempDir
  Path temp;

  @Test
  void servesTheMigratedTablesStopsOnSigtermAndAServerLeftByAKilledCliIsStoppedOnNextStart() throws Exception {
    Path lake = temp.resolve("lake");
    succeeds("pipeline", "--lake", lake, "--input", TakwimuCliTest.seedReport(temp), "--as-of", "2025-01-01",
        "--no-models");
    succeeds("migrate", "--lake", lake, "--datasets", "curated/customers");
    Path data = lake.resolve("_serving").resolve("postgres").toAbsolutePath();

    Process killed = start(lake, "killed");
    try {
      Matcher ready = awaitReady(killed, "killed");
      assertThat(Path.of(ready.group(2))).isEqualTo(data);
      assertThat(count("jdbc:postgresql://localhost:" + ready.group(1) + "/postgres")).isEqualTo(19);
      killed.destroyForcibly().waitFor();
    } finally {
      killed.destroyForcibly();
    }
    // the detached server outlived its CLI; the next start stops it and takes the data directory
    assertThat(data.resolve("postmaster.pid")).exists();
    assertThat(succeeds("migrate", "--lake", lake, "--datasets", "curated/customers").out())
        .contains("curated/customers -> curated.customers: up to date (v");

    Process cli = start(lake, "stopped");
    try {
      Matcher ready = awaitReady(cli, "stopped");
      assertThat(count("jdbc:postgresql://localhost:" + ready.group(1) + "/postgres")).isEqualTo(19);
      cli.destroy();
      assertThat(cli.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(cli.exitValue()).as("stderr: %s", stderr("stopped")).isZero();
      assertThat(stderr("stopped")).contains("PostgreSQL: stopped");
      assertThat(data.resolve("postmaster.pid")).doesNotExist();
    } finally {
      cli.destroyForcibly();
    }
  }

  @Test
  void aLakeNeverMigratedSaysWhatToRunFirst() {
    Path lake = temp.resolve("lake");
    assertThat(fails(1, "serve-db", "--lake", lake).err())
        .startsWith("takwimu: no embedded PostgreSQL at " + lake.resolve("_serving").resolve("postgres"))
        .contains("run 'takwimu migrate --lake " + lake + "' first");
  }

  private static long count(String url) throws Exception {
    try (Connection connection = DriverManager.getConnection(url, "postgres", "");
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT count(*) FROM curated.customers")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private Process start(Path lake, String name) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), TakwimuCli.class.getName(),
        "serve-db", "--lake", lake.toString()).redirectError(temp.resolve(name + ".err").toFile()).start();
  }

  private Matcher awaitReady(Process cli, String name) throws Exception {
    BufferedReader stdout = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8));
    String line = CompletableFuture.supplyAsync(() -> readLine(stdout)).get(180, TimeUnit.SECONDS);
    Matcher ready = READY.matcher(String.valueOf(line));
    assertThat(ready.matches()).as("first line %s; stderr: %s", line, stderr(name)).isTrue();
    return ready;
  }

  private String stderr(String name) {
    try {
      return Files.readString(temp.resolve(name + ".err"));
    } catch (IOException e) {
      return "(none)";
    }
  }

  private static String readLine(BufferedReader reader) {
    try {
      return reader.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
