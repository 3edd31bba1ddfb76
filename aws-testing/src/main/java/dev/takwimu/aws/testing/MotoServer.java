package dev.takwimu.aws.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The local AWS emulator (moto_server) on a free loopback port, started once per JVM on first use and stopped when the
 * JVM exits. Every service (S3, Glue, Athena, SageMaker) answers on the same endpoint.
 */
public final class MotoServer {
  /** The region every client of the emulator uses. */
  public static final Region REGION = Region.US_EAST_1;
  /** Dummy credentials; moto accepts any signature. */
  public static final String ACCESS_KEY = "testing";
  public static final String SECRET_KEY = "testing";

  private static final String INSTALL_HINT =
      "Cannot start moto_server, the AWS emulator of the AWS tests: install it with  pip install 'moto[server]'";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private static MotoServer instance;

  private final URI endpoint;
  private final Process process;
  private final Path log;
  private final Duration startTime;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private MotoServer(URI endpoint, Process process, Path log, Duration startTime) {
    this.endpoint = endpoint;
    this.process = process;
    this.log = log;
    this.startTime = startTime;
  }

  /**
   * The JVM's emulator, started on first call.
   *
   * @throws IllegalStateException if moto is not installed or does not answer within a minute
   */
  public static synchronized MotoServer get() {
    if (instance == null) {
      instance = start();
    }
    return instance;
  }

  private static MotoServer start() {
    long started = System.nanoTime();
    String port = Integer.toString(freePort());
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    Path log;
    try {
      log = Files.createTempFile("moto-server-", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // the console script, then the module (when the script is not on the PATH, or a pyenv shim of another version)
    for (List<String> command : List.of(List.of("moto_server", "-H", "127.0.0.1", "-p", port),
        List.of("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", port))) {
      Process process = launch(command, log);
      if (process != null && awaitReady(endpoint, process, log)) {
        return new MotoServer(endpoint, process, log, Duration.ofNanos(System.nanoTime() - started));
      }
    }
    throw new IllegalStateException(INSTALL_HINT + " (output in " + log + ")");
  }

  /** Starts the command, stopped at JVM exit; null when there is no such command. */
  private static Process launch(List<String> command, Path log) {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      return null;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process), "moto-server-stop"));
    return process;
  }

  /**
   * Waits until the server answers; false if the process exits first (moto missing).
   *
   * @throws IllegalStateException if it neither answers nor exits within a minute
   */
  private static boolean awaitReady(URI endpoint, Process process, Path log) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return false;
      }
      try {
        HttpResponse<Void> response = http.send(
            HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return true;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for moto_server", e);
      }
      sleep(100);
    }
    stop(process);
    throw new IllegalStateException("moto_server did not answer on " + endpoint + " within " + START_TIMEOUT
        + "; its last output:\n" + logTail(log));
  }

  private static String logTail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }

  private static void stop(Process process) {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port for moto_server", e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }

  /** The endpoint of every emulated service, e.g. {@code http://127.0.0.1:41234}. */
  public URI endpoint() {
    return endpoint;
  }

  public Region region() {
    return REGION;
  }

  public StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
  }

  /** How long the start took (process launch until the first answer). */
  public Duration startTime() {
    return startTime;
  }

  /** The file moto's own output goes to. */
  public Path log() {
    return log;
  }

  /**
   * Forgets every bucket, database, table, workgroup and execution (moto's {@code /moto-api/reset}).
   *
   * @throws IllegalStateException if the emulator does not accept the reset
   */
  public void reset() {
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset")).POST(HttpRequest.BodyPublishers.noBody())
              .timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("moto reset failed with HTTP " + response.statusCode() + ": "
            + response.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reset moto_server at " + endpoint, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while resetting moto_server", e);
    }
  }
}
