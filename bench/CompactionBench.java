import dev.takwimu.core.CompactionOptions;
import dev.takwimu.core.CompactionReport;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.Row;
import dev.takwimu.core.SupportsCompaction;
import dev.takwimu.core.stream.BufferHints;
import dev.takwimu.core.stream.StreamRecord;
import dev.takwimu.core.stream.StreamSink;
import dev.takwimu.local.LocalBackend;
import dev.takwimu.safaricom.MpesaStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Benchmark of stream compaction, not a test: streams FLUSHES tiny flushes of RECORDS M-Pesa transactions each into
 * raw/transactions_stream of a fresh lake (a simulated day at a short flush interval), once with the stream sink's
 * compaction after flushes (default: a partition with 100 small files) and once without; then compacts the second lake
 * on demand. Reports files, flush times, compaction time and the time to read the dataset.
 *
 * <pre>
 * mvn -o -q -pl samples -am package -DskipTests
 * java -cp samples/target/takwimu.jar bench/CompactionBench.java WORK_DIR [--flushes 10000] [--records 100]
 *     [--min-files 100] [--skip-plain]
 * </pre>
 */
public final class CompactionBench {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int flushes = intOption(args, "--flushes", 10_000);
    int records = intOption(args, "--records", 100);
    int minFiles = intOption(args, "--min-files", 100);
    boolean skipPlain = Arrays.asList(args).contains("--skip-plain");
    System.out.printf("%d flushes of %d records, stream compaction at %d small files%n", flushes, records, minFiles);
    run("compacting", work.resolve("compacting-" + System.nanoTime()), flushes, records,
        CompactionOptions.DEFAULT.withMinFiles(minFiles));
    if (!skipPlain) {
      Path plain = work.resolve("plain-" + System.nanoTime());
      run("never compacting", plain, flushes, records, null);
      try (LocalBackend backend = LocalBackend.builder().lake(plain).build()) {
        long started = System.nanoTime();
        CompactionReport report = ((SupportsCompaction) backend.lake())
            .compact(MpesaStream.TRANSACTIONS.raw(), CompactionOptions.DEFAULT);
        System.out.printf(Locale.ROOT, "  on-demand compaction: %d files -> %d, %d rows, %.2f s%n",
            report.filesBefore(), report.filesAfter(), report.rows(), seconds(started));
        read(backend, "after on-demand compaction");
      }
    }
  }

  private static void run(String name, Path lake, int flushes, int records, CompactionOptions compaction)
      throws Exception {
    Files.createDirectories(lake);
    List<Long> flushNanos = new ArrayList<>();
    long compactionNanos = 0;
    long offset = 0;
    long started = System.nanoTime();
    try (LocalBackend backend = LocalBackend.builder().lake(lake).streamCompaction(compaction).build();
         StreamSink sink = backend.streams().open(MpesaStream.TRANSACTIONS,
             new BufferHints(records, 1 << 30, Duration.ofHours(1)))) {
      long[] commitNanos = {0};
      sink.onFlush(report -> commitNanos[0] = report.duration().toNanos());
      for (int f = 0; f < flushes; f++) {
        List<StreamRecord> batch = new ArrayList<>(records);
        for (int r = 0; r < records; r++, offset++) {
          String json = String.format(Locale.ROOT, "{\"txn_id\":\"S%012d\",\"cust_id\":\"C%07d\",\"amount\":%d.0,"
              + "\"channel\":\"USSD\",\"timestamp\":\"2025-01-01 %02d:%02d:%02d\"}", offset, 1 + offset % 10_000,
              10 + offset % 990, (offset / 36_000) % 24, (offset / 600) % 60, (offset / 10) % 60);
          batch.add(new StreamRecord("mpesa", 0, offset, json.getBytes(StandardCharsets.UTF_8), Instant.EPOCH));
        }
        long t = System.nanoTime();
        sink.putAll(batch.subList(0, records - 1));
        sink.put(batch.get(records - 1)); // reaches the record hint: flushes, and compacts when due
        long wall = System.nanoTime() - t;
        flushNanos.add(wall);
        compactionNanos += Math.max(0, wall - commitNanos[0]);
        if ((f + 1) % 1000 == 0) {
          System.out.printf(Locale.ROOT, "  %s: %d flushes, %.0f s%n", name, f + 1, seconds(started));
        }
      }
      double total = seconds(started);
      DatasetInfo info = backend.lake().describe(MpesaStream.TRANSACTIONS.raw()).orElseThrow();
      System.out.printf(Locale.ROOT, "%s: %d flushes in %.1f s; raw: %d files, %d rows, %.1f MB, version %d%n", name,
          flushes, total, info.files(), info.rows(), info.bytes() / 1048576.0, info.version());
      System.out.printf(Locale.ROOT, "  flush wall time (put to committed, compaction included): first 100 mean"
          + " %.1f ms, last 100 mean %.1f ms, p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
          + " time after commits (compaction) %.1f s%n",
          mean(flushNanos.subList(0, Math.min(100, flushes))), mean(flushNanos.subList(Math.max(0, flushes - 100),
          flushes)), percentile(flushNanos, 50), percentile(flushNanos, 99), percentile(flushNanos, 100),
          compactionNanos / 1e9);
      read(backend, "at the end");
    }
  }

  private static void read(LocalBackend backend, String when) {
    for (int i = 0; i < 3; i++) {
      long started = System.nanoTime();
      long rows;
      try (Stream<Row> stream = backend.lake().stream(MpesaStream.TRANSACTIONS.raw())) {
        rows = stream.count();
      }
      System.out.printf(Locale.ROOT, "  read %s (run %d): %d rows in %.3f s (%d files)%n", when, i + 1, rows,
          seconds(started), backend.lake().describe(MpesaStream.TRANSACTIONS.raw()).orElseThrow().files());
    }
  }

  private static double mean(List<Long> nanos) {
    return nanos.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
  }

  private static double percentile(List<Long> nanos, int p) {
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
  }

  private static double seconds(long started) {
    return (System.nanoTime() - started) / 1e9;
  }

  private static int intOption(String[] args, String name, int fallback) {
    int at = Arrays.asList(args).indexOf(name);
    return at < 0 ? fallback : Integer.parseInt(args[at + 1]);
  }
}
