package dev.takwimu.local;

import dev.takwimu.core.DatasetId;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.core.Zone;
import dev.takwimu.safaricom.RawExport;
import dev.takwimu.safaricom.SafaricomPipeline;
import dev.takwimu.safaricom.SyntheticExports;
import java.nio.file.Path;
import java.util.Map;

/**
 * A process of {@link MultiProcessLakeTest}. {@code LakeUser LAKE EXPORTS}: ingests the exports, runs the pipeline and
 * overwrites one more dataset. {@code LakeUser LAKE --hold}: prints {@code spill <directory>} and waits to be killed.
 */
public final class LakeUser {
  static final DatasetId SORTED = DatasetId.of(Zone.CLEANED, "sorted");
  static final long SORTED_ROWS = 50_000;

  private LakeUser() {}

  public static void main(String[] args) throws InterruptedException {
    try (LocalBackend backend = LocalBackend.builder().lake(Path.of(args[0])).memoryLimit("128MB").threads(1).build()) {
      if (args[1].equals("--hold")) {
        System.out.println("spill " + backend.spillDirectory());
        System.out.flush();
        Thread.sleep(60_000); // never outlive a test that forgot to kill it
        return;
      }
      Path exports = Path.of(args[1]);
      for (RawExport export : RawExport.values()) {
        backend.ingestor().ingest(export.in(exports));
      }
      SafaricomPipeline.pipeline(SyntheticExports.DEFAULT_AS_OF).run(backend.stages());
      backend.lake().write(SORTED, WriteSource.query(
          "SELECT range AS id, md5(CAST(range AS VARCHAR)) AS h FROM range(?) ORDER BY h", Map.of(), SORTED_ROWS),
          WriteOptions.overwrite());
    }
  }
}
