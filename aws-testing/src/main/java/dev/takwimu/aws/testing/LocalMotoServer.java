package dev.takwimu.aws.testing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;

/**
 * A {@code moto_server} process on a free local port, for one test class ({@code @BeforeAll} / {@code @AfterAll}).
 * Clients built by {@link #configure} talk to it with moto's dummy credentials.
 */
public final class LocalMotoServer implements AutoCloseable {
  public static final String REGION = "us-east-1";
  /** The account moto answers as. */
  public static final String ACCOUNT = "123456789012";

  private final Process process;
  private final URI endpoint;
  private final Path log;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private LocalMotoServer(Process process, URI endpoint, Path log) {
    this.process = process;
    this.endpoint = endpoint;
    this.log = log;
  }

  /** Starts moto_server and waits until it answers (up to 60 seconds). */
  public static LocalMotoServer start() throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = Files.createTempFile("moto-server-", ".log");
    Process process = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    LocalMotoServer server = new LocalMotoServer(process, URI.create("http://127.0.0.1:" + port), log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        server.post("/moto-api/reset", "");
        return server;
      } catch (ConnectException e) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          server.close();
          throw new IOException("moto_server did not start on port " + port + ": " + Files.readString(log), e);
        }
        Thread.sleep(200);
      }
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  /** Region, endpoint, dummy credentials and the interceptors for a client builder of any service. */
  public <B extends AwsClientBuilder<B, ?>> B configure(B builder, ExecutionInterceptor... interceptors) {
    builder.region(Region.of(REGION)).endpointOverride(endpoint)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
    builder.overrideConfiguration(c -> {
      for (ExecutionInterceptor interceptor : interceptors) {
        c.addExecutionInterceptor(interceptor);
      }
    });
    return builder;
  }

  /** Forgets every resource (between tests). */
  public void reset() throws IOException, InterruptedException {
    post("/moto-api/reset", "");
  }

  /**
   * Makes a moto model advance by hand: each status lasts {@code times} describe calls (e.g. {@code glue::job_run}).
   */
  public void manualTransitions(String model, int times) throws IOException, InterruptedException {
    post("/moto-api/state-manager/set-transition", String.format(
        "{\"model_name\": \"%s\", \"transition\": {\"progression\": \"manual\", \"times\": %d}}", model, times));
  }

  /** Queues results Athena returns for the next statements, in order (JSON body of moto's athena results API). */
  public void queueAthenaResults(String region, String resultsJson) throws IOException, InterruptedException {
    post("/moto-api/static/athena/query-results",
        "{\"account_id\": \"" + ACCOUNT + "\", \"region\": \"" + region + "\", \"results\": " + resultsJson + "}");
  }

  private void post(String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve(path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException("moto " + path + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      Files.deleteIfExists(log);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the log is a temporary file; nothing else to do
    }
  }
}
