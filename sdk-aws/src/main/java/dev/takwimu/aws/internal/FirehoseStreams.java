package dev.takwimu.aws.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.takwimu.aws.AwsSettings;
import dev.takwimu.aws.S3Location;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.stream.BufferHints;
import dev.takwimu.core.stream.StreamFormat;
import dev.takwimu.core.stream.StreamSink;
import dev.takwimu.core.stream.StreamSinks;
import dev.takwimu.core.stream.TopicPartition;
import dev.takwimu.engine.duckdb.DuckDb;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.services.firehose.FirehoseClient;

/**
 * The AWS backend's stream sinks, through Kinesis Data Firehose, and what they share: the embedded DuckDB that
 * classifies records, and the checkpoint of each stream's offsets ({@code <work>/streams/<raw name>/offsets.json}).
 */
public final class FirehoseStreams implements StreamSinks, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AwsSettings settings;
  private final AwsLakeStore lake;
  private final S3Objects s3;
  private final Supplier<FirehoseClient> firehose;
  private DuckDb duck;

  public FirehoseStreams(AwsSettings settings, AwsLakeStore lake, S3Objects s3, Supplier<FirehoseClient> firehose) {
    this.settings = settings;
    this.lake = lake;
    this.s3 = s3;
    this.firehose = firehose;
  }

  /**
   * A sink delivering to the format's delivery stream, which is created when missing.
   *
   * @throws dev.takwimu.core.InvalidInputException when the delivery stream is missing and no role is configured
   */
  @Override
  public StreamSink open(StreamFormat format, BufferHints hints, Clock clock) {
    String name = new DeliveryStreams(firehose.get(), settings).ensure(format.raw().name());
    return new FirehoseStreamSink(this, format, hints, clock, name, settings.firehose());
  }

  FirehoseClient firehose() {
    return firehose.get();
  }

  AwsLakeStore lake() {
    return lake;
  }

  synchronized DuckDb duck() {
    if (duck == null) {
      duck = new DuckDb("1GB", 1, Path.of(System.getProperty("java.io.tmpdir"),
          "takwimu-stream-" + UUID.randomUUID().toString().substring(0, 8)));
    }
    return duck;
  }

  /** The checkpoint object of a stream. */
  S3Location checkpointLocation(StreamFormat format) {
    return settings.work().resolve("streams/" + format.raw().name() + "/offsets.json");
  }

  /** The offsets of the stream's checkpoint; empty when there is none. */
  Map<TopicPartition, Long> checkpoint(StreamFormat format) {
    return s3.get(checkpointLocation(format)).map(bytes -> {
      Map<TopicPartition, Long> offsets = new HashMap<>();
      try {
        Map<String, Map<String, Long>> json = JSON.readValue(bytes, new TypeReference<>() {});
        json.forEach((topic, partitions) -> partitions.forEach((partition, offset) ->
            offsets.put(new TopicPartition(topic, Integer.parseInt(partition)), offset)));
      } catch (IOException | RuntimeException e) {
        throw new TakwimuException("Cannot read the stream checkpoint " + checkpointLocation(format).uri() + ": "
            + e.getMessage() + "; delete it to start over from Kafka's earliest offsets", e);
      }
      return offsets;
    }).orElse(Map.of());
  }

  /** Records the next offsets of a fully acknowledged flush, keeping those of other partitions. */
  void checkpoint(StreamFormat format, Map<TopicPartition, Long> next) {
    Map<String, Map<String, Long>> json = new TreeMap<>();
    Map<TopicPartition, Long> all = new HashMap<>(checkpoint(format));
    next.forEach((tp, offset) -> all.merge(tp, offset, Math::max));
    all.forEach((tp, offset) -> json.computeIfAbsent(tp.topic(), t -> new TreeMap<>())
        .put(Integer.toString(tp.partition()), offset));
    try {
      s3.put(checkpointLocation(format), JSON.writeValueAsBytes(json));
    } catch (JsonProcessingException e) {
      throw new TakwimuException("Cannot write the stream checkpoint: " + e.getMessage(), e);
    }
  }

  /** One line of newline-delimited JSON. */
  static byte[] lineBytes(Map<String, Object> line) {
    try {
      byte[] json = JSON.writeValueAsBytes(line);
      byte[] withNewline = Arrays.copyOf(json, json.length + 1);
      withNewline[json.length] = '\n';
      return withNewline;
    } catch (JsonProcessingException e) {
      throw new TakwimuException("Cannot write a stream line: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (duck != null) {
      duck.close();
      duck = null;
    }
  }
}
