package dev.takwimu.samples.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.takwimu.core.Backend;
import dev.takwimu.core.Backends;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.safaricom.ChurnModel;
import dev.takwimu.safaricom.RawExport;
import dev.takwimu.safaricom.SafaricomPipeline;
import dev.takwimu.safaricom.SyntheticExports;
import dev.takwimu.samples.cli.Converters;
import dev.takwimu.samples.cli.PipelineSteps;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code takwimu bench}: the whole pipeline through the SDK, and the same stages in plain DuckDB, in one process. */
@Command(name = "bench", sortOptions = false, subcommands = PlainCommand.class,
    description = {
        "Measure the pipeline's speed and memory, and the SDK's overhead.",
        "",
        "Measures time and rows/s per step, peak memory, and the SDK's overhead over",
        "the same stages written as plain DuckDB SQL.",
        "",
        "Generates synthetic exports (dirty rate 0.005, as of 2025-01-01) once per size",
        "and seed under <work>/inputs, then per repeat runs, in this process and in",
        "alternating order: the SDK part, exactly what 'takwimu pipeline' does (ingest,",
        "curate, features, train and score both models) on a fresh lake <work>/lake;",
        "and the direct part, the same stages as hand-written DuckDB SQL over plain",
        "JDBC with the backend's settings (memory_limit 1GB, a thread per core).",
        "Prints medians over the repeats, SDK/direct ratios of comparable work, and",
        "the issue's targets. Peak RSS is the process's VmHWM, reset before each part.",
        "Writes only under <work>: inputs, lake, direct, logs, results/<time>.json.",
        "",
        "With --stream: starts an embedded Kafka broker and, per repeat, sends --count",
        "synthetic transactions from a producer thread ('takwimu produce' settings) to",
        "a new topic while the ingestor ('takwimu stream') commits them into a fresh",
        "local lake <work>/stream-lake; reports transactions/s from the first send to",
        "the last commit and produce-to-visible latency (Kafka timestamp to the return",
        "of the flush that committed the record), p50/p99/max.",
        "",
        "With --serving: runs 'takwimu pipeline' once into <work>/serving-lake (kept and",
        "reused for the same inputs), then per repeat starts the embedded PostgreSQL on a",
        "fresh <work>/serving-postgres, migrates every curated and cleaned dataset with",
        "the Safaricom insights stored at migration (rows/s per dataset and overall),",
        "and measures each insight's warm latency served stored and run live: --warm-up",
        "calls of each alternating, then a block of --runs calls of each (which block",
        "comes first alternates between insights and repeats), p50/p99/max; and as many",
        "look-ups of churn scores by customer id."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  takwimu bench --customers 100000 --repeat 3",
        "  takwimu bench --customers 1000000 --work /data/bench --max-wait 300",
        "  takwimu bench --customers 20000 --skip-direct --format json > bench.json",
        "  takwimu bench --stream --count 2000000 --rate 100000 --flush-interval 1s --repeat 3",
        "  takwimu bench --serving --customers 100000 --repeat 3"})
public final class BenchCommand implements Callable<Integer> {
  static final double DIRTY_RATE = 0.005;
  static final LocalDate AS_OF = SyntheticExports.DEFAULT_AS_OF;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec
  CommandSpec spec;

  @Option(names = "--customers", paramLabel = "N", defaultValue = "100000",
      description = "Customers to generate, about 20 transactions each (default: ${DEFAULT-VALUE}).")
  long customers;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
      description = "Seed of the exports and of the models (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--repeat", paramLabel = "K", defaultValue = "1",
      description = "Runs of each part; medians are reported (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--work", paramLabel = "DIR", defaultValue = "bench-work",
      description = "Directory for inputs, lakes, logs and results (default: ${DEFAULT-VALUE}).")
  Path work;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--skip-direct", description = "Measure the SDK only; no ratios.")
  boolean skipDirect;

  @Option(names = "--max-wait", paramLabel = "SECONDS", defaultValue = "0",
      description = "Before each part, wait up to this long for an idle machine (under 10%% of a core), and "
          + "measure a part again (3 tries at most) when other processes used over 5%% of a core meanwhile, as "
          + "bench/run.sh does (default: ${DEFAULT-VALUE}: neither).")
  long maxWait;

  @Option(names = "--stream", description = "Measure streaming instead: Kafka into committed raw (see below).")
  boolean stream;

  @Option(names = "--count", paramLabel = "N", defaultValue = "1000000",
      description = "--stream: records to send per run (default: ${DEFAULT-VALUE}).")
  long count;

  @Option(names = "--rate", paramLabel = "R",
      description = "--stream: records/s the producer sends at most (default: as fast as it can).")
  Double rate;

  @Option(names = "--partitions", paramLabel = "P", defaultValue = "1",
      description = "--stream: partitions of the topic (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--flush-interval", paramLabel = "D", defaultValue = "1s", converter = Converters.Interval.class,
      description = "--stream: the sink's flush interval, e.g. 500ms, 1s (default: ${DEFAULT-VALUE}).")
  Duration flushInterval;

  @Option(names = "--flush-records", paramLabel = "N", defaultValue = "100000",
      description = "--stream: flush when this many records are buffered (default: ${DEFAULT-VALUE}).")
  int flushRecords;

  @Option(names = "--flush-bytes", paramLabel = "B", defaultValue = "67108864",
      description = "--stream: flush when the buffered values hold this many bytes (default: ${DEFAULT-VALUE}, "
          + "64 MiB; 'takwimu stream' keeps the sink's 5 MiB).")
  long flushBytes;

  @Option(names = "--preload", description = "--stream: send every record before the consumer starts, to measure "
      + "the consumer alone (latencies then include the wait).")
  boolean preload;

  @Option(names = "--serving", description = "Measure serving instead: migration into PostgreSQL and insight and "
      + "look-up latency (see above).")
  boolean serving;

  @Option(names = "--runs", paramLabel = "N", defaultValue = "200",
      description = "--serving: measured calls per insight and way, and look-ups (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--warm-up", paramLabel = "N", defaultValue = "20",
      description = "--serving: calls before the measured ones (default: ${DEFAULT-VALUE}).")
  int warmUp;

  enum Format { table, json }

  @Override
  public Integer call() throws IOException {
    if (repeat < 1) {
      throw new ParameterException(spec.commandLine(),
          "Invalid value for option '--repeat': at least 1, got " + repeat);
    }
    if (maxWait < 0) {
      throw new ParameterException(spec.commandLine(), "Invalid value for option '--max-wait': negative: " + maxWait);
    }
    PrintWriter err = spec.commandLine().getErr();
    if (stream) {
      return streamBench(err);
    }
    if (serving && (runs < 1 || warmUp < 0)) {
      throw new ParameterException(spec.commandLine(), "--runs must be positive and --warm-up not negative");
    }
    SyntheticExports generator;
    try {
      generator = SyntheticExports.builder().customers(customers).seed(seed).asOf(AS_OF).dirtyRate(DIRTY_RATE).build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "Invalid value for option '--customers': " + e.getMessage());
    }
    Path inputs = work.resolve("inputs").resolve(String.format(Locale.ROOT, "c%d-s%d-d%s", customers, seed,
        DIRTY_RATE));
    Double generated = prepare(generator, inputs, err);
    if (serving) {
      return servingBench(inputs, generated, err);
    }
    List<Double> loadBefore = ProcessStats.loadAverage();
    boolean peakReset = ProcessStats.resetPeak();
    DirectDuckDb.warmUp();

    List<BenchReport.Run> sdkRuns = new ArrayList<>();
    List<BenchReport.Run> directRuns = new ArrayList<>();
    for (int r = 1; r <= repeat; r++) {
      int run = r;
      boolean sdkFirst = skipDirect || r % 2 == 1;
      if (sdkFirst) {
        sdkRuns.add(undisturbed(() -> sdkRun(run, 1, inputs, err), err));
      }
      if (!skipDirect) {
        directRuns.add(undisturbed(() -> directRun(run, sdkFirst ? 2 : 1, inputs, err), err));
      }
      if (!sdkFirst) {
        sdkRuns.add(undisturbed(() -> sdkRun(run, 2, inputs, err), err));
      }
    }
    BenchReport.Settings settings = new BenchReport.Settings(customers, seed, DIRTY_RATE, AS_OF.toString(), repeat,
        inputs.toAbsolutePath().toString(), generated, work.toAbsolutePath().toString(), maxWait);
    BenchReport.Machine machine = new BenchReport.Machine(Runtime.getRuntime().availableProcessors(),
        "Java " + Runtime.version(), Runtime.getRuntime().maxMemory() >> 20, DirectDuckDb.MEMORY_LIMIT, loadBefore,
        ProcessStats.loadAverage(), peakReset);
    BenchReport report = BenchReport.of(settings, machine, sdkRuns, directRuns);

    Path results = Files.createDirectories(work.resolve("results")).resolve(
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")) + "-c" + customers + ".json");
    JSON.writeValue(results.toFile(), report);
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.json) {
      out.println(JSON.writeValueAsString(report));
    } else {
      BenchTable.print(report, out);
      out.println("Report kept in " + results);
    }
    return 0;
  }

  private int streamBench(PrintWriter err) throws IOException {
    if (count < 1 || partitions < 1 || flushRecords < 1 || flushBytes < 1 || (rate != null && !(rate > 0))) {
      throw new ParameterException(spec.commandLine(), "--count, --partitions, --flush-records, --flush-bytes and "
          + "--rate must be positive");
    }
    StreamBench.Settings settings = new StreamBench.Settings(count, rate, partitions, flushInterval, flushRecords,
        flushBytes, customers, seed, preload, repeat, work);
    List<StreamBench.Run> runs;
    try {
      runs = new StreamBench(settings, err).run();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new TakwimuException(e, "The stream bench failed: %s", e.getMessage());
    }
    Map<String, Object> report = new LinkedHashMap<>();
    Map<String, Object> described = new LinkedHashMap<>();
    described.put("count", count);
    described.put("rate", rate);
    described.put("partitions", partitions);
    described.put("flushIntervalMillis", flushInterval.toMillis());
    described.put("flushRecords", flushRecords);
    described.put("flushBytes", flushBytes);
    described.put("customers", customers);
    described.put("seed", seed);
    described.put("preload", preload);
    described.put("repeat", repeat);
    described.put("work", work.toAbsolutePath().toString());
    report.put("settings", described);
    report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "java",
        "Java " + Runtime.version(), "loadAverage", ProcessStats.loadAverage()));
    report.put("runs", runs);
    report.put("median", StreamBench.median(runs));
    Path results = Files.createDirectories(work.resolve("results")).resolve(
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")) + "-stream.json");
    JSON.writeValue(results.toFile(), report);
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.json) {
      out.println(JSON.writeValueAsString(report));
    } else {
      StreamBench.print(settings, runs, out);
      out.println("Report kept in " + results);
    }
    return 0;
  }

  private int servingBench(Path inputs, Double generated, PrintWriter err) throws IOException {
    ServingBench.Settings settings = new ServingBench.Settings(customers, seed, repeat, runs, warmUp, work, inputs,
        generated);
    List<ServingBench.Run> measured = new ServingBench(settings, err).run();
    Map<String, Object> report = ServingBench.report(settings, measured);
    Path results = Files.createDirectories(work.resolve("results")).resolve(
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")) + "-serving-c" + customers
            + ".json");
    JSON.writeValue(results.toFile(), report);
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.json) {
      out.println(JSON.writeValueAsString(report));
    } else {
      ServingBench.print(settings, measured, out);
      out.println("Report kept in " + results);
    }
    return 0;
  }

  /**
   * Generates the exports into {@code inputs} unless a completed earlier generation of the same settings is there.
   *
   * @return seconds spent generating, or null when the exports were reused
   */
  private static Double prepare(SyntheticExports generator, Path inputs, PrintWriter err) throws IOException {
    Path marker = inputs.resolve(".complete");
    String parameters = String.format(Locale.ROOT, "customers=%d seed=%d as-of=%s dirty-rate=%s%n",
        generator.customers(), generator.seed(), generator.asOf(), generator.dirtyRate());
    if (Files.isRegularFile(marker) && Files.readString(marker, StandardCharsets.UTF_8).equals(parameters)) {
      return null;
    }
    Files.deleteIfExists(marker);
    err.printf(Locale.ROOT, "bench: generating %,d customers into %s%n", generator.customers(), inputs);
    err.flush();
    long start = System.nanoTime();
    generator.write(inputs);
    Files.writeString(marker, parameters, StandardCharsets.UTF_8);
    return (System.nanoTime() - start) / 1e9;
  }

  /** One SDK run: open the local backend on a fresh lake, {@code takwimu pipeline}'s work, close. */
  private BenchReport.Run sdkRun(int repeat, int order, Path inputs, PrintWriter err) throws IOException {
    Path lake = fresh(work.resolve("lake"));
    Path log = Files.createDirectories(work.resolve("logs")).resolve("sdk-" + repeat + ".log");
    progress(err, repeat, "SDK pipeline");
    List<PipelineSteps.Step> steps;
    try (PrintWriter pipelineOut = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
      Measure measure = Measure.start();
      try (Backend backend = Backends.open(Map.of(Backends.BACKEND, "local", Backends.LAKE, lake.toString()))) {
        steps = PipelineSteps.run(backend, lake, inputs, AS_OF, seed, pipelineOut, err);
      }
      List<BenchReport.Step> measured = steps.stream().map(s -> new BenchReport.Step(s.name(), group(s), s.rowsIn(),
          s.rowsOut(), s.seconds())).toList();
      return measure.stop(repeat, order, measured, err);
    }
  }

  /** One direct run: a plain DuckDB connection, each dataset's statements, the features, close. */
  private BenchReport.Run directRun(int repeat, int order, Path inputs, PrintWriter err) throws IOException {
    Path out = fresh(work.resolve("direct"));
    progress(err, repeat, "direct DuckDB");
    Measure measure = Measure.start();
    List<DirectDuckDb.Step> steps = new ArrayList<>();
    try (DirectDuckDb db = DirectDuckDb.open(out, DirectDuckDb.Settings.quiet())) {
      steps.add(db.customers(inputs));
      steps.add(db.transactions(inputs));
      steps.add(db.loans(inputs));
      steps.add(db.features(AS_OF));
    }
    List<BenchReport.Step> measured = steps.stream().map(s -> new BenchReport.Step(s.name(), s.name(), s.rowsIn(),
        s.rowsOut(), s.seconds())).toList();
    return measure.stop(repeat, order, measured, err);
  }

  /** One measured part. */
  private interface Part {
    BenchReport.Run run() throws IOException;
  }

  /**
   * Runs the part; with {@code --max-wait}, runs it again (3 tries at most, the last one kept) when other processes
   * used more than 5% of its wall time and over 0.5 s of CPU meanwhile, as bench/run.sh does.
   */
  private BenchReport.Run undisturbed(Part part, PrintWriter err) throws IOException {
    for (int attempt = 1; ; attempt++) {
      BenchReport.Run run = part.run();
      Double others = run.othersCpuSeconds();
      if (maxWait == 0 || attempt == 3 || others == null || others <= 0.5 || others <= 0.05 * run.seconds()) {
        return run;
      }
      err.printf(Locale.ROOT, "bench: run %d: other processes used %.1f s of CPU during it; measuring again%n",
          run.repeat(), others);
    }
  }

  /**
   * The group of comparable work a pipeline step belongs to: its dataset, the features, or the models (the churn risk
   * list with them).
   */
  static String group(PipelineSteps.Step step) {
    return switch (step.kind()) {
      case TRAIN, SCORE -> BenchReport.MODELS;
      case INGEST -> Stream.of(RawExport.values()).filter(e -> step.name().equals("ingest " + e.fileName()))
          .map(e -> e.dataset().name()).findFirst().orElse(step.name());
      case STAGE -> step.target().equals(ChurnModel.RISK.toString()) ? BenchReport.MODELS // ranked from the scores
          : step.target().equals(SafaricomPipeline.CUSTOMER_FEATURES.toString()) ? "features"
          : Stream.of(SafaricomPipeline.CUSTOMERS, SafaricomPipeline.TRANSACTIONS, SafaricomPipeline.LOANS)
              .filter(d -> d.toString().equals(step.target())).map(d -> d.name()).findFirst().orElse(step.name());
    };
  }

  private void progress(PrintWriter err, int repeat, String part) {
    if (maxWait > 0) {
      err.printf(Locale.ROOT, "bench: run %d: waiting up to %d s for the machine to be idle...%n", repeat, maxWait);
      err.flush();
      try {
        double busy = ProcessStats.waitForIdle(maxWait);
        if (busy > 0.1) {
          err.printf(Locale.ROOT, "bench: run %d: still busy (%.0f%% of a core); measuring anyway%n", repeat,
              busy * 100);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TakwimuException(e, "Interrupted while waiting for an idle machine");
      }
    }
    err.printf(Locale.ROOT, "bench: run %d: %s...%n", repeat, part);
    err.flush();
  }

  /** Deletes the directory's contents from an earlier run; returns the (absent) directory. */
  static Path fresh(Path directory) throws IOException {
    if (Files.exists(directory)) {
      try (Stream<Path> paths = Files.walk(directory)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> {
          try {
            Files.delete(p);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      } catch (UncheckedIOException e) {
        throw new TakwimuException(e.getCause(), "Cannot clear %s from an earlier run: %s", directory,
            e.getCause().getMessage());
      }
    }
    return directory;
  }

  /** Wall time, peak memory and other processes' CPU over one part. */
  private record Measure(boolean peakReset, OptionalDouble othersBefore, long started) {
    static Measure start() {
      boolean reset = ProcessStats.resetPeak();
      return new Measure(reset, ProcessStats.othersCpuSeconds(), System.nanoTime());
    }

    BenchReport.Run stop(int repeat, int order, List<BenchReport.Step> steps, PrintWriter err) {
      double seconds = (System.nanoTime() - started) / 1e9;
      Long peak = peakReset ? ProcessStats.peakKb().stream().mapToObj(kb -> (kb + 512) / 1024).findFirst()
          .orElse(null) : null;
      OptionalDouble othersAfter = ProcessStats.othersCpuSeconds();
      Double others = othersBefore.isPresent() && othersAfter.isPresent()
          ? Math.max(0, othersAfter.getAsDouble() - othersBefore.getAsDouble()) : null;
      err.printf(Locale.ROOT, "bench: run %d: %.2f s, peak RSS %s%n", repeat, seconds,
          peak == null ? "n/a" : peak + " MB");
      err.flush();
      return new BenchReport.Run(repeat, order, seconds, peak, others, steps);
    }
  }
}
