package dev.takwimu.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * A single-node Apache Kafka broker (KRaft, broker and controller in one process) running in a child JVM on
 * loopback, for local development and tests. {@link #start()} formats the data directory when new, starts the broker
 * and returns once an admin client can describe the cluster; {@link #close()} stops it and deletes a temporary data
 * directory. The child never outlives this JVM: a shutdown hook stops it, and the child exits by itself when this
 * process is gone (also after SIGKILL, see {@link ParentWatch}).
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
  private static final int LOG_TAIL_LINES = 15;

  private final int requestedPort;
  private final Path requestedDataDir;
  private final boolean temporaryData;
  private final Path requestedLogFile;
  private final Duration startTimeout;
  private final Thread shutdownHook = new Thread(this::stopQuietly, "embedded-kafka-stop");

  private Path dataDir;
  private Path logFile;
  private Process process;
  private int port;
  private Duration startTime;
  private boolean closed;

  private EmbeddedKafka(Builder b) {
    this.requestedPort = b.port;
    this.temporaryData = b.dataDir == null;
    this.requestedDataDir = b.dataDir == null ? null : b.dataDir.toAbsolutePath();
    this.requestedLogFile = b.logFile == null ? null : b.logFile.toAbsolutePath();
    this.startTimeout = b.startTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the broker and waits until it answers.
   *
   * @throws EmbeddedKafkaException if the port is taken, the broker exits or does not answer within the timeout
   *     (the message ends with the tail of its log)
   * @throws IllegalStateException if already started or closed
   */
  public synchronized EmbeddedKafka start() {
    if (process != null || closed) {
      throw new IllegalStateException("EmbeddedKafka can start once; this one is " + (closed ? "closed" : "running"));
    }
    long started = System.nanoTime();
    port = requestedPort == 0 ? freePort() : requireFree(requestedPort);
    try {
      dataDir = temporaryData ? Files.createTempDirectory("takwimu-kafka-")
          : Files.createDirectories(requestedDataDir);
      logFile = requestedLogFile != null ? requestedLogFile : dataDir.resolve("broker.log");
      Files.createDirectories(logFile.getParent());
      int controllerPort = BrokerConfig.previousControllerPort(dataDir);
      if (controllerPort == 0 || controllerPort == port || !isFree(controllerPort)) {
        controllerPort = freePort(port);
      }
      Path config = BrokerConfig.write(dataDir, port, controllerPort);
      Files.deleteIfExists(logFile);
      if (!BrokerConfig.formatted(dataDir)) {
        format(config);
      }
      Runtime.getRuntime().addShutdownHook(shutdownHook);
      process = launch(List.of("kafka.Kafka", config.toString()));
    } catch (IOException e) {
      throw stopped(new EmbeddedKafkaException("Cannot start Kafka in " + dataDir + ": " + e.getMessage(), e));
    }
    awaitReady();
    startTime = Duration.ofNanos(System.nanoTime() - started);
    return this;
  }

  /** Runs {@code StorageTool format --standalone} with a new cluster id and waits for it. */
  private void format(Path config) throws IOException {
    Process tool = launch(List.of("kafka.tools.StorageTool", "format", "--standalone", "--cluster-id",
        Uuid.randomUuid().toString(), "--config", config.toString()));
    try {
      if (!tool.waitFor(startTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        tool.destroyForcibly();
        throw stopped(failure("formatting " + dataDir + " did not finish within " + startTimeout));
      }
      if (tool.exitValue() != 0) {
        throw stopped(failure("formatting " + dataDir + " failed (exit " + tool.exitValue() + ")"));
      }
    } catch (InterruptedException e) {
      tool.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new EmbeddedKafkaException("Interrupted while formatting Kafka's data directory " + dataDir, e);
    }
  }

  private Process launch(List<String> mainAndArgs) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx512m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-Dorg.slf4j.simpleLogger.logFile=System.out",
        "-Dorg.slf4j.simpleLogger.showDateTime=true", "-cp", ChildClasspath.get(), ParentWatch.class.getName(),
        temporaryData ? dataDir.toString() : "-"));
    command.addAll(mainAndArgs);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    builder.environment().remove("KAFKA_OPTS");
    return builder.start();
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    Admin admin = null;
    try {
      while (true) {
        if (!process.isAlive()) {
          throw stopped(failure("the broker on " + bootstrap() + " exited with " + process.exitValue()
              + " while starting"));
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw stopped(failure("the broker on " + bootstrap() + " did not answer within " + startTimeout));
        }
        // the admin client only once the port is open: before, it logs a warning on every attempt
        if (admin == null && listening()) {
          admin = admin();
        }
        if (admin != null && describes(admin, Math.min(left, TimeUnit.SECONDS.toNanos(2)))) {
          return;
        }
        sleep(100);
      }
    } finally {
      if (admin != null) {
        admin.close();
      }
    }
  }

  private boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private boolean describes(Admin admin, long timeoutNanos) {
    try {
      admin.describeCluster(new DescribeClusterOptions().timeoutMs(1000)).nodes()
          .get(timeoutNanos, TimeUnit.NANOSECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw stopped(new EmbeddedKafkaException("Interrupted while waiting for Kafka on " + bootstrap(), e));
    }
  }

  /** An admin client of this broker, to be closed by the caller. */
  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
  }

  /**
   * Creates a topic with that many partitions (replication factor 1) and waits for it.
   *
   * @throws EmbeddedKafkaException if the broker refuses (for instance, the topic exists)
   */
  public void createTopic(String name, int partitions) {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
      awaitLeaders(admin, name, partitions);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new EmbeddedKafkaException("Cannot create topic " + name + " on " + bootstrap() + ": "
          + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddedKafkaException("Interrupted while creating topic " + name, e);
    }
  }

  /**
   * Waits until every partition of the new topic has a leader. A producer that sends before that gets
   * NOT_LEADER_OR_FOLLOWER on its first batch, and an idempotent producer can then retry
   * OUT_OF_ORDER_SEQUENCE_NUMBER without end (seen on a loaded machine). Until the broker's metadata has the new
   * topic, describing it fails with UNKNOWN_TOPIC_OR_PARTITION, which means "not yet" here (seen on a loaded machine).
   */
  private static void awaitLeaders(Admin admin, String name, int partitions)
      throws ExecutionException, InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      TopicDescription description;
      try {
        description = admin.describeTopics(List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS).get(name);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
        description = null;
      }
      if (description != null && description.partitions().size() == partitions
          && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("no leader for every partition of " + name + " after 30 s");
      }
      Thread.sleep(50);
    }
  }

  /** The address clients connect to, {@code 127.0.0.1:PORT}. */
  public String bootstrap() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public Path dataDirectory() {
    return dataDir;
  }

  /** Where the broker's own output goes. */
  public Path logFile() {
    return logFile;
  }

  /** From start() until the broker answered; null before. */
  public Duration startTime() {
    return startTime;
  }

  /** The broker process, to watch it (for instance, that it is gone after close). */
  public ProcessHandle processHandle() {
    return process == null ? null : process.toHandle();
  }

  /** Stops the broker (SIGTERM, then killed after 20 s) and deletes a temporary data directory. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // the JVM is already shutting down, or start() never registered it
    }
  }

  private void stopQuietly() {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroy();
      try {
        if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    if (temporaryData && dataDir != null) {
      ParentWatch.deleteTree(dataDir);
    }
  }

  private EmbeddedKafkaException stopped(EmbeddedKafkaException e) {
    stopQuietly();
    return e;
  }

  private EmbeddedKafkaException failure(String what) {
    return new EmbeddedKafkaException("Cannot start Kafka: " + what + "; last lines of " + logFile + ": "
        + logTail());
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log)";
    }
  }

  private static int requireFree(int port) {
    if (!isFree(port)) {
      throw new EmbeddedKafkaException("Cannot start Kafka on 127.0.0.1:" + port
          + ": the port is in use (give another port, or 0 for a free one)");
    }
    return port;
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort(int... not) {
    for (int attempt = 0; attempt < 10; attempt++) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int found = socket.getLocalPort();
        if (Arrays.stream(not).noneMatch(p -> p == found)) {
          return found;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot find a free port for Kafka", e);
      }
    }
    throw new EmbeddedKafkaException("Cannot find a free loopback port for Kafka");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddedKafkaException("Interrupted while waiting for Kafka", e);
    }
  }

  /** Settings of an {@link EmbeddedKafka}; every one has a default. */
  public static final class Builder {
    private int port;
    private Path dataDir;
    private Path logFile;
    private Duration startTimeout = Duration.ofSeconds(90);

    private Builder() {
    }

    /** The PLAINTEXT listener's port on 127.0.0.1; 0 (default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
      }
      this.port = port;
      return this;
    }

    /** Where the broker keeps its data, kept after close; default: a temporary directory deleted on close. */
    public Builder dataDirectory(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
      return this;
    }

    /** Where the broker's output goes; default: {@code broker.log} in the data directory. */
    public Builder logFile(Path logFile) {
      this.logFile = Objects.requireNonNull(logFile, "logFile");
      return this;
    }

    /** How long start() waits for the broker to answer (default 90 s). */
    public Builder startTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("startTimeout must be positive, not " + timeout);
      }
      this.startTimeout = timeout;
      return this;
    }

    public EmbeddedKafka build() {
      return new EmbeddedKafka(this);
    }
  }
}
