package dev.takwimu.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code takwimu broker} in a child JVM: a real broker answers on the printed address; SIGTERM stops both, exit 0. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BrokerCommandTest {
  private static final Pattern READY =
      Pattern.compile("broker: (127\\.0\\.0\\.1:\\d+) \\(data in (.+), deleted on stop; Ctrl-C to stop\\)");

  @TempDir
  Path temp;

  @Test
  void printsTheBootstrapAddressServesKafkaAndStopsCleanlyOnSigterm() throws Exception {
    Process cli = startCli();
    try {
      Matcher ready = awaitReady(cli);
      Path data = Path.of(ready.group(2));
      assertThat(data).isDirectory();

      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ready.group(1)))) {
        assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
      }
      List<ProcessHandle> brokers = cli.descendants().toList();
      assertThat(brokers).hasSize(1);

      cli.destroy();
      assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(cli.exitValue()).as("stderr: %s", stderr()).isZero();
      assertThat(brokers.get(0).isAlive()).isFalse();
      assertThat(Files.exists(data)).isFalse();
      assertThat(stderr()).contains("broker: stopped");
    } finally {
      cli.descendants().forEach(ProcessHandle::destroyForcibly);
      cli.destroyForcibly();
    }
  }

  @Test
  void theBrokerStopsAndItsTemporaryDataGoesWhenTheCliIsKilledWithSigkill() throws Exception {
    Process cli = startCli();
    try {
      Matcher ready = awaitReady(cli);
      List<ProcessHandle> brokers = cli.descendants().toList();
      assertThat(brokers).hasSize(1);

      cli.destroyForcibly();
      assertThat(cli.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(brokers.get(0).onExit().get(60, TimeUnit.SECONDS).isAlive()).isFalse();
      assertThat(Path.of(ready.group(2))).doesNotExist();
    } finally {
      cli.descendants().forEach(ProcessHandle::destroyForcibly);
      cli.destroyForcibly();
    }
  }

  @Test
  void aTakenPortFailsInOneLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int exit = TakwimuCli.run(new String[] {"broker", "--port", Integer.toString(taken.getLocalPort())},
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      assertThat(exit).isEqualTo(TakwimuCli.FAILURE);
      assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
      assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("takwimu: Cannot start Kafka on 127.0.0.1:"
          + taken.getLocalPort() + ": the port is in use (give another port, or 0 for a free one)"
          + System.lineSeparator());
    }
  }

  @Test
  void aPortOutOfRangeIsAUsageError() {
    assertThat(TakwimuCliTest.fails(2, "broker", "--port", 70000).err())
        .contains("--port must be 0 to 65535, not 70000");
  }

  private Process startCli() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        TakwimuCli.class.getName(), "broker", "--port", "0")
        .redirectError(temp.resolve("stderr.txt").toFile()).start();
  }

  /** The matched first line of stdout, once the broker answers. */
  private Matcher awaitReady(Process cli) throws Exception {
    BufferedReader stdout = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8));
    String line = CompletableFuture.supplyAsync(() -> readLine(stdout)).get(120, TimeUnit.SECONDS);
    Matcher ready = READY.matcher(String.valueOf(line));
    assertThat(ready.matches()).as("first line %s; stderr: %s", line, stderr()).isTrue();
    return ready;
  }

  private String stderr() {
    try {
      return Files.readString(temp.resolve("stderr.txt"));
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
