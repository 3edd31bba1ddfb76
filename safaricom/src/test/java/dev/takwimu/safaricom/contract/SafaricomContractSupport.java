package dev.takwimu.safaricom.contract;

import dev.takwimu.core.IngestReport;
import dev.takwimu.core.StageReport;
import dev.takwimu.core.contract.BackendContractSupport;
import dev.takwimu.safaricom.RawExport;
import dev.takwimu.safaricom.SafaricomPipeline;
import dev.takwimu.safaricom.SeedReport;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** What the domain contract suites add to {@link BackendContractSupport}: the bundled seed report and the pipeline. */
public abstract class SafaricomContractSupport extends BackendContractSupport {
  /** The as-of date the seed report was computed for. */
  protected static final LocalDate SEED_AS_OF = SeedReport.AS_OF;

  /** The text of one file of the seed report. */
  protected static String seedText(String fileName) {
    return SeedReport.text(fileName);
  }

  /** Copies the three seed exports (and the expected insights) into a new directory and returns it. */
  protected Path copySeed(String directoryName) {
    return SeedReport.copyTo(workDirectory.resolve(directoryName));
  }

  /** Ingests the three exports found in a delivery directory, in {@link RawExport} order. */
  protected List<IngestReport> ingestAll(Path directory) {
    List<IngestReport> reports = new ArrayList<>();
    for (RawExport export : RawExport.values()) {
      reports.add(backend.ingestor().ingest(export.in(directory)));
    }
    return reports;
  }

  protected List<StageReport> runPipeline(LocalDate asOf) {
    return SafaricomPipeline.pipeline(asOf).run(backend.stages());
  }

  /** Ingests the seed exports and runs the Safaricom pipeline as of {@link #SEED_AS_OF}. */
  protected List<StageReport> runSeedPipeline() {
    ingestAll(copySeed("seed"));
    return runPipeline(SEED_AS_OF);
  }
}
