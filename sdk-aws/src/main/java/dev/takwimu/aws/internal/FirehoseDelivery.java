package dev.takwimu.aws.internal;

import dev.takwimu.aws.FirehoseSettings;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.stream.TopicPartition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.Record;

/**
 * PutRecordBatch within Firehose's limits (500 records and 4 MiB per call, 1,000 KiB per record), sending again
 * exactly the records a call failed for, or that a partial failure names, with jittered exponential backoff, until
 * they are taken or the settings' attempts are spent.
 */
final class FirehoseDelivery {
  /** Firehose's limits per PutRecordBatch call and per record. */
  static final int MAX_RECORDS_PER_CALL = 500;
  static final long MAX_BYTES_PER_CALL = 4L << 20;
  static final int MAX_RECORD_BYTES = 1_000 * 1024;

  /** One line to deliver and the record it came from. */
  record Line(TopicPartition partition, long offset, byte[] bytes) {}

  private final FirehoseClient firehose;
  private final String deliveryStream;
  private final FirehoseSettings settings;

  FirehoseDelivery(FirehoseClient firehose, String deliveryStream, FirehoseSettings settings) {
    this.firehose = firehose;
    this.deliveryStream = deliveryStream;
    this.settings = settings;
  }

  /**
   * Delivers the lines; returns those it could not deliver with the reason, in the order given.
   *
   * @throws TakwimuException when Firehose refuses a call for a reason that retrying cannot change (access denied,
   *     no such delivery stream, an invalid request)
   */
  Map<Line, String> deliver(List<Line> lines) {
    Map<Line, String> failed = new LinkedHashMap<>();
    List<Line> pending = new ArrayList<>();
    for (Line line : lines) {
      if (line.bytes().length > MAX_RECORD_BYTES) {
        failed.put(line, "record of " + line.bytes().length + " bytes is over Firehose's limit of "
            + MAX_RECORD_BYTES + " bytes (1,000 KiB)");
      } else {
        pending.add(line);
      }
    }
    Map<Line, String> reasons = new LinkedHashMap<>();
    for (int attempt = 1; attempt <= settings.attempts() && !pending.isEmpty(); attempt++) {
      if (attempt > 1) {
        sleep(FirehoseStreamSink.backoffMillis(settings.retryBase(), attempt - 1));
      }
      List<Line> again = new ArrayList<>();
      for (List<Line> call : calls(pending)) {
        again.addAll(put(call, reasons));
      }
      pending = again;
    }
    for (Line line : pending) {
      failed.put(line, reasons.get(line) + " (after " + settings.attempts() + " attempts)");
    }
    return failed;
  }

  /** The lines in calls of at most 500 records and 4 MiB. */
  static List<List<Line>> calls(List<Line> lines) {
    List<List<Line>> calls = new ArrayList<>();
    List<Line> call = new ArrayList<>();
    long bytes = 0;
    for (Line line : lines) {
      boolean full = call.size() == MAX_RECORDS_PER_CALL || bytes + line.bytes().length > MAX_BYTES_PER_CALL;
      if (!call.isEmpty() && full) {
        calls.add(call);
        call = new ArrayList<>();
        bytes = 0;
      }
      call.add(line);
      bytes += line.bytes().length;
    }
    if (!call.isEmpty()) {
      calls.add(call);
    }
    return calls;
  }

  /** Sends one call; returns the lines to send again, noting why in {@code reasons}. */
  private List<Line> put(List<Line> call, Map<Line, String> reasons) {
    PutRecordBatchResponse response;
    try {
      response = firehose.putRecordBatch(r -> r.deliveryStreamName(deliveryStream).records(call.stream()
          .map(line -> Record.builder().data(SdkBytes.fromByteArrayUnsafe(line.bytes())).build()).toList()));
    } catch (SdkException e) {
      if (!retryable(e)) {
        throw AwsErrors.of(e, "firehose:PutRecordBatch", deliveryStream);
      }
      String reason = reason(e);
      call.forEach(line -> reasons.put(line, reason));
      return call;
    }
    if (response.failedPutCount() == null || response.failedPutCount() == 0) {
      return List.of();
    }
    List<Line> again = new ArrayList<>();
    List<PutRecordBatchResponseEntry> entries = response.requestResponses();
    for (int i = 0; i < call.size(); i++) {
      PutRecordBatchResponseEntry entry = i < entries.size() ? entries.get(i) : null;
      if (entry == null || entry.errorCode() != null) {
        again.add(call.get(i));
        reasons.put(call.get(i), entry == null ? "no response entry"
            : entry.errorCode() + ": " + entry.errorMessage());
      }
    }
    return again;
  }

  /** Throttling, Firehose being unavailable, 5xx and connection failures; not denials or invalid requests. */
  static boolean retryable(SdkException e) {
    if (e instanceof AwsServiceException service) {
      String code = service.awsErrorDetails() == null ? "" : String.valueOf(service.awsErrorDetails().errorCode());
      return service.statusCode() >= 500 || service.statusCode() == 429 || service.isThrottlingException()
          || code.equals("ServiceUnavailableException") || code.equals("LimitExceededException");
    }
    return e.retryable() || e.getCause() instanceof java.io.IOException;
  }

  private static String reason(SdkException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      return service.awsErrorDetails().errorCode() + ": " + service.awsErrorDetails().errorMessage();
    }
    return AwsErrors.clientMessage(e);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TakwimuException("Interrupted while retrying PutRecordBatch", e);
    }
  }
}
