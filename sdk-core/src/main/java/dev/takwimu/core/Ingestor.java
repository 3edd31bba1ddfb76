package dev.takwimu.core;

import java.util.ArrayList;
import java.util.List;

/** Appends delivered exports to the raw zone, values kept as delivered plus lineage (source file, record number, batch). */
public interface Ingestor {

  /**
   * Appends the file's records to its raw dataset in one commit. A file whose content was already ingested into the same
   * dataset is skipped, so re-running an ingest does not duplicate raw rows.
   *
   * @throws InvalidInputException when the file is missing, malformed, or lacks a required column; nothing is appended
   */
  IngestReport ingest(CsvSource source);

  /**
   * Ingests a delivery: exports that belong together, each to its own raw dataset. A backend that can commit across
   * datasets (the local lake) reads and checks every file first and then appends all of them in one commit, so a bad
   * file ingests nothing of its delivery. This default ingests the files in order, one commit each; when one fails it
   * throws a {@link PartialDeliveryException} that says exactly which files were appended and which were not.
   *
   * @return one report per file, in the delivery's order
   */
  default List<IngestReport> ingestAll(List<CsvSource> delivery) {
    List<IngestReport> reports = new ArrayList<>();
    for (int i = 0; i < delivery.size(); i++) {
      try {
        reports.add(ingest(delivery.get(i)));
      } catch (TakwimuException e) {
        if (reports.stream().allMatch(IngestReport::skipped)) {
          throw e; // nothing of the delivery appended by this call: the error alone says it all
        }
        throw new PartialDeliveryException(e, reports,
            delivery.subList(i, delivery.size()).stream().map(s -> s.file().getFileName().toString()).toList());
      }
    }
    return reports;
  }
}
