/** Kafka into the lake: a consumer loop that feeds a stream sink, exactly once into raw. */
package dev.takwimu.kafka.stream;
