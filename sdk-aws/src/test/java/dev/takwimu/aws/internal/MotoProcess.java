package dev.takwimu.aws.internal;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A moto_server on a free local port for one test class (moto 5 emulates S3, SageMaker and Athena's API; SageMaker
 * jobs complete at once without running, Athena records statements without executing them). To be replaced by the
 * shared {@code AwsTestEnvironment} when merged.
 */
final class MotoProcess implements AutoCloseable {
  static final String ACCOUNT = "123456789012";
  private final Process process;
  private final URI endpoint;
  private final HttpClient http = HttpClient.newHttpClient();

  private MotoProcess(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  static MotoProcess start() throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    File log = File.createTempFile("moto-", ".log");
    log.deleteOnExit();
    Process process = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
        .redirectErrorStream(true).redirectOutput(log).start();
    MotoProcess moto = new MotoProcess(process, URI.create("http://127.0.0.1:" + port));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("moto_server exited with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<Void> response = moto.http.send(HttpRequest.newBuilder(moto.endpoint.resolve("/moto-api/"))
            .GET().build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return moto;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    moto.close();
    throw new IllegalStateException("moto_server did not start on port " + port + " within 30 s; see " + log);
  }

  URI endpoint() {
    return endpoint;
  }

  /** Forgets every resource (between tests). */
  void reset() throws IOException, InterruptedException {
    post("/moto-api/reset", "");
  }

  /** Queues results Athena returns for the next statements, in order (JSON body of moto's athena results API). */
  void queueAthenaResults(String region, String resultsJson) throws IOException, InterruptedException {
    post("/moto-api/static/athena/query-results",
        "{\"account_id\": \"" + ACCOUNT + "\", \"region\": \"" + region + "\", \"results\": " + resultsJson + "}");
  }

  private void post(String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve(path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException("moto " + path + ": " + response.statusCode() + " " + response.body());
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
