/**
 * A single-node Apache Kafka broker (KRaft, combined broker and controller) in a child JVM: {@link EmbeddedKafka}.
 */
package dev.takwimu.kafka.embedded;
