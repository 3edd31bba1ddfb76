package dev.takwimu.local;

import dev.takwimu.core.CsvSource;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.EtlStage;
import dev.takwimu.core.Rules;
import dev.takwimu.core.Zone;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process {@link KillAtCommitPointsTest} stops at a commit point: {@code stage LAKE} runs {@link #STAGE},
 * {@code deliver LAKE FILE...} ingests the files (each {@code name.csv} into {@code raw/name}) as one delivery.
 */
public final class CommitStep {
  static final DatasetId PAYMENTS = DatasetId.of(Zone.RAW, "payments");
  static final EtlStage STAGE = EtlStage.builder("curate-payments")
      .input("payments", PAYMENTS)
      .output(DatasetId.of(Zone.CURATED, "payments"))
      .sql("SELECT * FROM payments")
      .rule(Rules.greaterThan("amount", 0))
      .build();

  private CommitStep() {}

  static List<CsvSource> delivery(List<Path> files) {
    List<CsvSource> sources = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString().replace(".csv", "");
      sources.add(CsvSource.of(file, DatasetId.of(Zone.RAW, name), List.of("id")));
    }
    return sources;
  }

  public static void main(String[] args) {
    try (LocalBackend backend = LocalBackend.builder().lake(Path.of(args[1])).memoryLimit("256MB").threads(1).build()) {
      if (args[0].equals("stage")) {
        backend.stages().run(STAGE);
      } else {
        List<Path> files = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
          files.add(Path.of(args[i]));
        }
        backend.ingestor().ingestAll(delivery(files));
      }
    }
    System.out.println("finished");
  }
}
