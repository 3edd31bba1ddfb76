package dev.takwimu.kafka.embedded;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The {@code server.properties} of a single-node KRaft broker, kept in its data directory. */
final class BrokerConfig {
  static final String FILE_NAME = "server.properties";
  private static final String CONTROLLER_PORT = "takwimu.controller.port";

  private BrokerConfig() {
  }

  /** Writes the configuration of a combined broker and controller on loopback to {@code dataDir/server.properties}. */
  static Path write(Path dataDir, int port, int controllerPort) throws IOException {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
    p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    p.setProperty("log.dirs", dataDir.resolve("kafka").toString());
    p.setProperty("num.partitions", "1");
    p.setProperty("auto.create.topics.enable", "true");
    p.setProperty("offsets.topic.replication.factor", "1");
    // fewer internal partitions than the defaults (50): a development broker starts and elects faster
    p.setProperty("offsets.topic.num.partitions", "5");
    p.setProperty("transaction.state.log.num.partitions", "5");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("min.insync.replicas", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
    p.setProperty(CONTROLLER_PORT, Integer.toString(controllerPort));
    Path file = dataDir.resolve(FILE_NAME);
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(out, "written by Takwimu's EmbeddedKafka on every start");
    }
    return file;
  }

  /** The controller port a formatted data directory was last started with; 0 when unknown. */
  static int previousControllerPort(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return 0;
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
      return Integer.parseInt(p.getProperty(CONTROLLER_PORT, "0"));
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  /** True when {@code StorageTool format} already ran on this data directory. */
  static boolean formatted(Path dataDir) {
    return Files.isRegularFile(dataDir.resolve("kafka").resolve("meta.properties"));
  }
}
