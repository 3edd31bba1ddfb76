package dev.takwimu.samples.cli;

import dev.takwimu.core.TakwimuException;
import dev.takwimu.kafka.embedded.EmbeddedKafka;
import dev.takwimu.kafka.embedded.EmbeddedKafkaException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code takwimu broker}: a single-node Apache Kafka for local development, until stopped. */
@Command(name = "broker", sortOptions = false,
    description = {
        "Run a single-node Kafka broker (KRaft) for local development.",
        "",
        "Starts Kafka 4.3.1 in a child JVM listening on 127.0.0.1 only, prints its",
        "bootstrap address as one line on stdout and runs until Ctrl-C or SIGTERM, then",
        "stops the broker and exits 0. Without --data its data lives in a temporary",
        "directory deleted on stop; with --data it is kept and reused by the next start.",
        "Topics are created on first use (one partition); the broker's own output goes",
        "to broker.log in the data directory."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  takwimu broker",
        "  takwimu broker --port 0 --data kafka-data"})
final class BrokerCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--port", paramLabel = "P", defaultValue = "9092",
      description = "Port of the broker on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Directory to keep the broker's data in (default: a temporary one, deleted on stop).")
  Path data;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be 0 to 65535, not " + port);
    }
    EmbeddedKafka.Builder builder = EmbeddedKafka.builder().port(port);
    if (data != null) {
      builder.dataDirectory(data);
    }
    CountDownLatch stop = new CountDownLatch(1);
    // handled here rather than by the JVM's shutdown: the broker stops cleanly and the command exits 0
    Signal.handle(new Signal("TERM"), signal -> stop.countDown());
    Signal.handle(new Signal("INT"), signal -> stop.countDown());
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (EmbeddedKafka kafka = builder.build()) {
      try {
        Progress.during("broker start", err, kafka::start);
      } catch (EmbeddedKafkaException e) {
        throw new TakwimuException(e.getMessage(), e);
      }
      String where = data != null ? kafka.dataDirectory().toString()
          : kafka.dataDirectory() + ", deleted on stop";
      out.printf(Locale.ROOT, "broker: %s (data in %s; Ctrl-C to stop)%n", kafka.bootstrap(), where);
      out.flush();
      stop.await();
      err.println("broker: stopping");
    }
    err.println("broker: stopped");
    return TakwimuCli.OK;
  }
}
