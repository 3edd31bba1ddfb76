package dev.takwimu.kafka.embedded;

/**
 * The broker every test of a JVM shares: started on first use on a free loopback port, stopped (and its temporary
 * data deleted) when the JVM exits. Other modules get it through this module's test-jar.
 */
public final class SharedKafka {
  private static EmbeddedKafka instance;

  private SharedKafka() {
  }

  /**
   * The JVM's broker, started on first call.
   *
   * @throws EmbeddedKafkaException if it cannot start
   */
  public static synchronized EmbeddedKafka get() {
    if (instance == null) {
      instance = EmbeddedKafka.builder().build().start();
    }
    return instance;
  }
}
