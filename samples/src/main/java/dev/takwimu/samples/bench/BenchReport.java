package dev.takwimu.samples.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Everything one {@code takwimu bench} measured and what follows from it: per part (the SDK, direct DuckDB) each
 * repeat's steps, times and peak memory, their medians, the SDK/direct ratios of comparable work, and the targets.
 * Serialized as is for {@code --format json}.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record BenchReport(
    @JsonProperty("settings") Settings settings,
    @JsonProperty("machine") Machine machine,
    @JsonProperty("sdk") Part sdk,
    @JsonProperty("direct") Part direct,
    @JsonProperty("ratios") List<Ratio> ratios,
    @JsonProperty("targets") List<Target> targets) {

  /** Groups of comparable work: each dataset's ingest and curation, the features, the models (SDK only). */
  static final List<String> DATA_GROUPS = List.of("customers", "transactions", "loans", "features");
  static final String MODELS = "models";

  static final double TARGET_SECONDS_100K = 10;
  static final long TARGET_RSS_MB_100K = 2048;
  static final long TARGET_RSS_MB_1M = 6144;
  static final double TARGET_OVERHEAD = 1.15;

  record Settings(
      @JsonProperty("customers") long customers,
      @JsonProperty("seed") long seed,
      @JsonProperty("dirty_rate") double dirtyRate,
      @JsonProperty("as_of") String asOf,
      @JsonProperty("repeat") int repeat,
      @JsonProperty("inputs") String inputs,
      @JsonProperty("inputs_generated_seconds") Double inputsGeneratedSeconds,
      @JsonProperty("work") String work,
      @JsonProperty("max_wait_seconds") long maxWaitSeconds) {}

  record Machine(
      @JsonProperty("cores") int cores,
      @JsonProperty("java") String java,
      @JsonProperty("max_heap_mb") long maxHeapMb,
      @JsonProperty("duckdb_memory_limit") String duckdbMemoryLimit,
      @JsonProperty("load_average_before") List<Double> loadAverageBefore,
      @JsonProperty("load_average_after") List<Double> loadAverageAfter,
      @JsonProperty("peak_memory_reset") boolean peakMemoryReset) {}

  /** One measured step of one repeat. */
  record Step(
      @JsonProperty("step") String name,
      @JsonProperty("group") String group,
      @JsonProperty("rows_in") long rowsIn,
      @JsonProperty("rows_out") long rowsOut,
      @JsonProperty("seconds") double seconds,
      @JsonProperty("rows_per_second") double rowsPerSecond) {
    Step(String name, String group, long rowsIn, long rowsOut, double seconds) {
      this(name, group, rowsIn, rowsOut, seconds, seconds > 0 ? rowsIn / seconds : 0);
    }
  }

  /**
   * One repeat of one part.
   *
   * @param order 1 when the part ran first in its repeat, 2 when second
   * @param seconds from opening the backend or connection to closing it
   * @param peakRssMb the process's VmHWM during the part, null when it could not be reset before the part
   * @param othersCpuSeconds CPU time other processes used during the part, null when unknown
   */
  record Run(
      @JsonProperty("repeat") int repeat,
      @JsonProperty("order") int order,
      @JsonProperty("seconds") double seconds,
      @JsonProperty("peak_rss_mb") Long peakRssMb,
      @JsonProperty("others_cpu_seconds") Double othersCpuSeconds,
      @JsonProperty("steps") List<Step> steps) {

    double seconds(String group) {
      return steps.stream().filter(s -> s.group().equals(group)).mapToDouble(Step::seconds).sum();
    }

    /** The run less its steps: opening, bookkeeping between steps, closing. */
    double outsideSeconds() {
      return seconds - steps.stream().mapToDouble(Step::seconds).sum();
    }

    /** The run without training and scoring: what direct DuckDB also does. */
    double dataSeconds() {
      return seconds - seconds(MODELS);
    }
  }

  /**
   * A part's medians over its repeats (each figure's own median).
   *
   * @param outsideSeconds the median of each run less its steps: opening, bookkeeping between steps (for the SDK
   *     also saving models and the run report), closing
   * @param dataSeconds the median run without the model steps
   */
  record Part(
      @JsonProperty("name") String name,
      @JsonProperty("steps") List<Step> steps,
      @JsonProperty("outside_steps_seconds") double outsideSeconds,
      @JsonProperty("seconds") double seconds,
      @JsonProperty("data_seconds") double dataSeconds,
      @JsonProperty("peak_rss_mb") Long peakRssMb,
      @JsonProperty("peak_rss_mb_max") Long peakRssMbMax,
      @JsonProperty("others_cpu_seconds_max") Double othersCpuSecondsMax,
      @JsonProperty("runs") List<Run> runs) {

    static Part of(String name, List<Run> runs) {
      List<Step> steps = new ArrayList<>();
      for (int i = 0; i < runs.get(0).steps().size(); i++) {
        Step first = runs.get(0).steps().get(i);
        int index = i;
        double seconds = median(runs, r -> r.steps().get(index).seconds());
        steps.add(new Step(first.name(), first.group(), first.rowsIn(), first.rowsOut(), seconds));
      }
      double whole = median(runs, Run::seconds);
      double outside = median(runs, Run::outsideSeconds);
      List<Long> peaks = runs.stream().map(Run::peakRssMb).filter(Objects::nonNull).toList();
      List<Double> others = runs.stream().map(Run::othersCpuSeconds).filter(Objects::nonNull).toList();
      return new Part(name, steps, outside, whole, median(runs, Run::dataSeconds),
          peaks.size() == runs.size() ? Math.round(median(peaks, Long::doubleValue)) : null,
          peaks.size() == runs.size() ? peaks.stream().mapToLong(Long::longValue).max().orElseThrow() : null,
          others.isEmpty() ? null : others.stream().mapToDouble(Double::doubleValue).max().orElseThrow(), runs);
    }

    /** The median over repeats of the group's total. */
    double groupSeconds(String group) {
      return median(runs, r -> r.seconds(group));
    }
  }

  /** SDK time over direct DuckDB time for the same work. */
  record Ratio(
      @JsonProperty("work") String work,
      @JsonProperty("sdk_seconds") double sdkSeconds,
      @JsonProperty("direct_seconds") double directSeconds,
      @JsonProperty("ratio") double ratio) {
    Ratio(String work, double sdkSeconds, double directSeconds) {
      this(work, sdkSeconds, directSeconds, sdkSeconds / directSeconds);
    }
  }

  /**
   * One of the targets.
   *
   * @param met null when the target does not apply to this run's size or was not measured
   */
  record Target(
      @JsonProperty("target") String target,
      @JsonProperty("met") Boolean met,
      @JsonProperty("measured") String measured) {}

  /** Medians, ratios and targets of the runs; {@code direct} is empty when it was skipped. */
  static BenchReport of(Settings settings, Machine machine, List<Run> sdkRuns, List<Run> directRuns) {
    Part sdk = Part.of("takwimu pipeline through the SDK's public API, in this process", sdkRuns);
    Part direct = directRuns.isEmpty() ? null
        : Part.of("the same stages as plain DuckDB SQL over JDBC (bench/run.sh's plain baseline)", directRuns);
    List<Ratio> ratios = new ArrayList<>();
    if (direct != null) {
      for (String group : DATA_GROUPS) {
        String work = group.equals("features") ? "features" : group + ": ingest + curate";
        ratios.add(new Ratio(work, sdk.groupSeconds(group), direct.groupSeconds(group)));
      }
      ratios.add(new Ratio("data run: open to close, without train and score", sdk.dataSeconds(),
          direct.seconds()));
    }
    return new BenchReport(settings, machine, sdk, direct, ratios, targets(settings, sdk, ratios));
  }

  private static List<Target> targets(Settings settings, Part sdk, List<Ratio> ratios) {
    List<Target> targets = new ArrayList<>();
    boolean at100k = settings.customers() == 100_000;
    boolean at1m = settings.customers() == 1_000_000;
    String not100k = "n/a: the target is for 100,000 customers";
    targets.add(new Target(String.format(Locale.ROOT, "100k customers: whole pipeline with both models under %.0f s",
        TARGET_SECONDS_100K), at100k ? sdk.seconds() < TARGET_SECONDS_100K : null,
        at100k ? String.format(Locale.ROOT, "%.2f s (median)", sdk.seconds()) : not100k));
    targets.add(rss(String.format(Locale.ROOT, "100k customers: peak RSS under %d GB", TARGET_RSS_MB_100K / 1024),
        at100k, TARGET_RSS_MB_100K, sdk, not100k));
    targets.add(rss(String.format(Locale.ROOT, "1M customers: completes within %d GB RSS", TARGET_RSS_MB_1M / 1024),
        at1m, TARGET_RSS_MB_1M, sdk, "n/a: the target is for 1,000,000 customers"));
    Ratio whole = ratios.isEmpty() ? null : ratios.get(ratios.size() - 1);
    targets.add(new Target(String.format(Locale.ROOT, "SDK overhead vs direct DuckDB at most %.2fx", TARGET_OVERHEAD),
        whole == null ? null : whole.ratio() <= TARGET_OVERHEAD,
        whole == null ? "n/a: direct DuckDB skipped"
            : String.format(Locale.ROOT, "%.2fx (data run, medians)", whole.ratio())));
    return targets;
  }

  private static Target rss(String name, boolean applies, long limitMb, Part sdk, String otherwise) {
    if (!applies) {
      return new Target(name, null, otherwise);
    }
    if (sdk.peakRssMbMax() == null) {
      return new Target(name, null, "n/a: the peak could not be measured here");
    }
    return new Target(name, sdk.peakRssMbMax() < limitMb,
        String.format(Locale.ROOT, "%,d MB (%s)", sdk.peakRssMbMax(),
            sdk.runs().size() == 1 ? "one run" : "highest of " + sdk.runs().size() + " runs"));
  }

  static <T> double median(Collection<T> values, ToDoubleFunction<T> figure) {
    double[] sorted = values.stream().mapToDouble(figure).sorted().toArray();
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
