package dev.takwimu.samples.cli;

import dev.takwimu.aws.AwsProperties;
import dev.takwimu.core.Backend;
import dev.takwimu.core.CompactionOptions;
import dev.takwimu.core.CompactionReport;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.NoSuchDatasetException;
import dev.takwimu.core.SupportsCompaction;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code takwimu compact}: rewrites small files of the lake's datasets into fewer, larger ones. */
@Command(name = "compact", sortOptions = false,
    description = {
        "Rewrite datasets' small files into fewer, larger ones.",
        "",
        "Each dataset's files under three quarters of the target size are packed,",
        "partition by partition and in commit order, into files near the target size,",
        "as one new version with the same rows, schema and properties (a stream's",
        "offsets). Safe beside running writers and streams: what they commit",
        "meanwhile is kept. The old files go with the old versions (3 are kept)."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  takwimu compact --lake lake",
        "  takwimu compact --lake lake --datasets raw/transactions_stream \\",
        "      quarantine/transactions_stream --target-size 64MB"})
final class CompactCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  LakeOption lake;

  @Option(names = "--datasets", paramLabel = "ZONE/NAME", arity = "1..*", converter = Converters.Dataset.class,
      description = "The datasets to compact (default: every dataset of the lake).")
  List<DatasetId> datasets;

  @Option(names = "--target-size", paramLabel = "SIZE", defaultValue = "128MB", converter = Size.class,
      description = "The size files aim at, e.g. 64MB (default: ${DEFAULT-VALUE}).")
  long targetSize;

  @Option(names = "--min-files", paramLabel = "N", defaultValue = "2",
      description = "Leave a partition alone unless it holds at least N small files (default: ${DEFAULT-VALUE}).")
  int minFiles;

  /** A size such as {@code 128MB}, {@code 1GB} or a number of bytes. */
  static final class Size implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return AwsProperties.size(value);
      } catch (InvalidInputException e) {
        throw new TypeConversionException("'" + value + "' is not a size; " + e.getMessage());
      }
    }
  }

  @Override
  public Integer call() {
    CompactionOptions[] options = {CompactionOptions.DEFAULT};
    Converters.apply(spec, "--target-size", () -> options[0] = options[0].withTargetFileBytes(targetSize));
    Converters.apply(spec, "--min-files", () -> options[0] = options[0].withMinFiles(minFiles));
    PrintWriter out = spec.commandLine().getOut();
    long started = System.nanoTime();
    long before = 0;
    long after = 0;
    int compacted = 0;
    try (Backend backend = lake.openExisting()) {
      if (!(backend.lake() instanceof SupportsCompaction compactor)) {
        throw new InvalidInputException("The " + backend.name() + " backend cannot compact datasets yet");
      }
      List<DatasetId> targets = datasets != null ? datasets
          : backend.lake().list().stream().map(DatasetInfo::id).toList();
      for (DatasetId id : targets) {
        if (backend.lake().describe(id).isEmpty()) {
          throw new NoSuchDatasetException(id, "see 'takwimu datasets --lake " + lake.location()
              + "' for the datasets there are");
        }
        CompactionReport report = compactor.compact(id, options[0]);
        before += report.filesBefore();
        after += report.filesAfter();
        compacted += report.compacted() ? 1 : 0;
        out.println(line(report));
        out.flush();
      }
      out.printf(Locale.ROOT, "compacted %d of %d %s: %d %s -> %d in %.2f s%n", compacted, targets.size(),
          targets.size() == 1 ? "dataset" : "datasets", before, before == 1 ? "file" : "files", after,
          (System.nanoTime() - started) / 1e9);
    }
    return TakwimuCli.OK;
  }

  static String line(CompactionReport report) {
    if (!report.compacted()) {
      return String.format(Locale.ROOT, "%s: %d %s, %d rows, nothing to compact (v%d)", report.dataset(),
          report.filesBefore(), report.filesBefore() == 1 ? "file" : "files", report.rows(), report.version());
    }
    return String.format(Locale.ROOT, "%s: %d files -> %d (%d rewritten), %d rows, v%d -> v%d, %.2f s",
        report.dataset(), report.filesBefore(), report.filesAfter(), report.filesRewritten(), report.rows(),
        report.versionBefore(), report.version(), report.duration().toNanos() / 1e9);
  }
}
