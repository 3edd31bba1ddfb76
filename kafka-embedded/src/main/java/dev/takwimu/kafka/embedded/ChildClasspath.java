package dev.takwimu.kafka.embedded;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The child JVM's classpath: this JVM's, plus the jars of the broker's classes when a class loader hides them. */
final class ChildClasspath {
  private ChildClasspath() {
  }

  static String get() {
    Set<String> entries = new LinkedHashSet<>(List.of(
        System.getProperty("java.class.path").split(File.pathSeparator)));
    for (String anchor : List.of("kafka.Kafka", "scala.Option", "org.apache.kafka.clients.admin.Admin",
        "org.slf4j.Logger")) {
      try {
        var source = Class.forName(anchor, false, EmbeddedKafka.class.getClassLoader()).getProtectionDomain()
            .getCodeSource();
        if (source != null && source.getLocation() != null) {
          entries.add(Path.of(source.getLocation().toURI()).toString());
        }
      } catch (ClassNotFoundException e) {
        throw new EmbeddedKafkaException("Cannot start Kafka: " + anchor + " is not on the classpath (add"
            + " org.apache.kafka:kafka_2.13 to the application)");
      } catch (URISyntaxException | RuntimeException e) {
        // a location that is no file (a nested jar): java.class.path has to do
      }
    }
    entries.removeIf(String::isEmpty);
    return String.join(File.pathSeparator, entries);
  }
}
