package dev.takwimu.aws.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchRequest;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.ServiceUnavailableException;

/**
 * What moto_server's Firehose leaves out, between a Firehose client and the emulator: moto (5.2.1) writes every
 * PutRecordBatch to S3 at once, never fails a record, never throttles and enforces no limit. Attached to a client with
 * {@code overrideConfiguration(c -> c.addExecutionInterceptor(rules))}, this rejects a call over Firehose's documented
 * limits (more than 500 records or 4 MiB, a record over 1,000 KiB) as Firehose does, and injects the failures a client
 * must survive: whole calls refused with ServiceUnavailableException ("Slow down."), and partial failures in which
 * some records of a call come back with an ErrorCode and FailedPutCount counts them. Only the records a call accepts
 * reach the emulator, so a record that failed is in S3 once it is sent again, and never before.
 */
public final class FirehoseRules implements ExecutionInterceptor {
  public static final int MAX_RECORDS = 500;
  public static final long MAX_BYTES = 4L << 20;
  public static final int MAX_RECORD_BYTES = 1_000 * 1024;

  private static final ExecutionAttribute<List<Boolean>> FAILED = new ExecutionAttribute<>("tk-firehose-failed");
  private static final String[] RECORD_ERRORS = {"ServiceUnavailableException", "InternalFailure"};

  private final Random random;
  private volatile double partialFailureRate;
  private volatile Predicate<String> alwaysFails = data -> false;
  private final AtomicInteger callsToThrottle = new AtomicInteger();
  private final Map<String, AtomicInteger> sends = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
  private final List<String> accepted = new CopyOnWriteArrayList<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger throttled = new AtomicInteger();
  private final AtomicInteger forwarded = new AtomicInteger();

  /** Rules that enforce the limits and inject nothing until told; {@code seed} makes the injected failures repeat. */
  public FirehoseRules(long seed) {
    this.random = new Random(seed);
  }

  /** Each record of a call fails with this probability (at least one record of a call is accepted). */
  public FirehoseRules partialFailures(double rate) {
    this.partialFailureRate = rate;
    return this;
  }

  /** Records whose data (UTF-8) matches always fail, as a record Firehose keeps refusing. */
  public FirehoseRules alwaysFail(Predicate<String> data) {
    this.alwaysFails = data;
    return this;
  }

  /** The next {@code count} calls are refused whole: ServiceUnavailableException, "Slow down.". */
  public FirehoseRules throttleNext(int count) {
    callsToThrottle.set(count);
    return this;
  }

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    if (!(context.request() instanceof PutRecordBatchRequest request)) {
      return context.request();
    }
    calls.incrementAndGet();
    List<Record> records = request.records();
    long bytes = records.stream().mapToLong(r -> r.data().asByteArray().length).sum();
    String violation = records.size() > MAX_RECORDS
        ? "1 validation error detected: Value at 'records' failed to satisfy constraint: Member must have length less"
            + " than or equal to " + MAX_RECORDS + " (got " + records.size() + ")"
        : bytes > MAX_BYTES ? "Records size exceeds 4 MB limit (" + bytes + " bytes)"
        : records.stream().anyMatch(r -> r.data().asByteArray().length > MAX_RECORD_BYTES)
            ? "1 validation error detected: Value at 'records.member.data' failed to satisfy constraint: Member must"
                + " have length less than or equal to " + MAX_RECORD_BYTES
            : null;
    if (violation != null) {
      violations.add(violation);
      throw InvalidArgumentException.builder().statusCode(400).message(violation).awsErrorDetails(
          AwsErrorDetails.builder().errorCode("InvalidArgumentException").errorMessage(violation).build()).build();
    }
    List<String> data = records.stream().map(r -> r.data().asUtf8String()).toList();
    data.forEach(d -> sends.computeIfAbsent(d, k -> new AtomicInteger()).incrementAndGet());
    if (callsToThrottle.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throttled.incrementAndGet();
      data.forEach(d -> failures.computeIfAbsent(d, k -> new AtomicInteger()).incrementAndGet());
      throw ServiceUnavailableException.builder().statusCode(503).message("Slow down.").awsErrorDetails(
          AwsErrorDetails.builder().errorCode("ServiceUnavailableException").errorMessage("Slow down.").build())
          .build();
    }
    List<Boolean> failed = new ArrayList<>();
    synchronized (random) {
      for (String d : data) {
        failed.add(alwaysFails.test(d) || random.nextDouble() < partialFailureRate);
      }
    }
    if (!failed.contains(false)) {
      int keep = failed.indexOf(true);
      for (int i = 0; i < data.size(); i++) {
        if (!alwaysFails.test(data.get(i))) {
          keep = i;
          break;
        }
      }
      if (!alwaysFails.test(data.get(keep))) {
        failed.set(keep, false);
      }
    }
    List<Record> kept = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      if (failed.get(i)) {
        failures.computeIfAbsent(data.get(i), k -> new AtomicInteger()).incrementAndGet();
      } else {
        kept.add(records.get(i));
        accepted.add(data.get(i));
      }
    }
    attributes.putAttribute(FAILED, failed);
    if (kept.isEmpty()) {
      // every record refuses: the call fails whole, as Firehose would answer with FailedPutCount = all
      throw ServiceUnavailableException.builder().statusCode(503).message("Every record failed").awsErrorDetails(
          AwsErrorDetails.builder().errorCode("ServiceUnavailableException").errorMessage("Every record failed")
              .build()).build();
    }
    forwarded.incrementAndGet();
    return request.toBuilder().records(kept).build();
  }

  @Override
  public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
    List<Boolean> failed = attributes.getAttribute(FAILED);
    if (!(context.response() instanceof PutRecordBatchResponse response) || failed == null
        || !failed.contains(true)) {
      return context.response();
    }
    List<PutRecordBatchResponseEntry> entries = new ArrayList<>();
    int next = 0;
    int failedCount = 0;
    for (int i = 0; i < failed.size(); i++) {
      if (failed.get(i)) {
        String code = RECORD_ERRORS[i % RECORD_ERRORS.length];
        entries.add(PutRecordBatchResponseEntry.builder().errorCode(code)
            .errorMessage(code.equals("InternalFailure") ? "Internal service failure." : "Slow down.").build());
        failedCount++;
      } else {
        entries.add(response.requestResponses().get(next++));
      }
    }
    return response.toBuilder().failedPutCount(failedCount).requestResponses(entries).build();
  }

  /** How often each record (its data as UTF-8) was sent, accepted or not. */
  public Map<String, Integer> sends() {
    Map<String, Integer> copy = new java.util.HashMap<>();
    sends.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  /** How often each record was refused (alone or with its whole call). */
  public Map<String, Integer> failures() {
    Map<String, Integer> copy = new java.util.HashMap<>();
    failures.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  /** The records that reached the emulator, in order. */
  public List<String> accepted() {
    return List.copyOf(accepted);
  }

  /** Calls refused for breaking a limit, with Firehose's message. */
  public List<String> violations() {
    return List.copyOf(violations);
  }

  /** PutRecordBatch calls seen. */
  public int calls() {
    return calls.get();
  }

  /** Calls that reached the emulator (each one object in S3). */
  public int forwarded() {
    return forwarded.get();
  }

  /** Calls refused whole by {@link #throttleNext}. */
  public int throttled() {
    return throttled.get();
  }

  /** Bytes of a record's data, for tests that build records near the limit. */
  public static int size(String data) {
    return data.getBytes(StandardCharsets.UTF_8).length;
  }
}
