package dev.takwimu.safaricom.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.DatasetId;
import dev.takwimu.core.EtlStage;
import dev.takwimu.core.QualityRule;
import dev.takwimu.core.Severity;
import dev.takwimu.core.StageReport;
import dev.takwimu.core.Zone;
import dev.takwimu.safaricom.RawExport;
import dev.takwimu.safaricom.SafaricomPipeline;
import dev.takwimu.safaricom.SyntheticExports;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Synthetic exports through the whole Safaricom pipeline: clean ones pass every rule, dirty ones are quarantined row
 * for row as the generator counted them (every quarantine rule catching some), and the features separate churners.
 */
public abstract class SyntheticDataContract extends SafaricomContractSupport {
  private static final int CUSTOMERS = 3_000;
  private static final Map<RawExport, EtlStage> CURATION = Map.of(
      RawExport.CUSTOMERS, SafaricomPipeline.curateCustomers(),
      RawExport.TRANSACTIONS, SafaricomPipeline.curateTransactions(),
      RawExport.LOANS, SafaricomPipeline.curateLoans());

  private SyntheticExports.Summary summary;
  private List<StageReport> reports;

  private void generateAndRunThePipeline(double dirtyRate) {
    Path exports = workDirectory.resolve("exports");
    summary = SyntheticExports.builder().customers(CUSTOMERS).seed(11).asOf(SEED_AS_OF).dirtyRate(dirtyRate).build()
        .write(exports);
    ingestAll(exports);
    reports = runPipeline(SEED_AS_OF);
  }

  private long quarantined(RawExport export) {
    DatasetId quarantine = DatasetId.of(Zone.QUARANTINE, export.dataset().name());
    return lake().describe(quarantine).isPresent() ? count(quarantine) : 0;
  }

  @Test
  void cleanExportsPassEveryQuarantineRule() {
    generateAndRunThePipeline(0);
    for (RawExport export : RawExport.values()) {
      String name = export.dataset().name();
      assertThat(count(export.dataset())).as(name).isEqualTo(summary.rows(export));
      assertThat(count(DatasetId.of(Zone.CURATED, name))).as(name).isEqualTo(summary.rows(export));
      assertThat(quarantined(export)).as(name).isZero();
      assertThat(report(reports, CURATION.get(export).name()).rowsQuarantined()).as(name).isZero();
    }
    assertThat(count(SafaricomPipeline.CUSTOMER_FEATURES)).isEqualTo(CUSTOMERS);
  }

  @Test
  void dirtyExportsAreQuarantinedRowForRowByEveryRule() {
    generateAndRunThePipeline(0.05);
    for (RawExport export : RawExport.values()) {
      String name = export.dataset().name();
      long raw = count(export.dataset());
      long curated = count(DatasetId.of(Zone.CURATED, name));
      long quarantined = quarantined(export);
      assertThat(quarantined).as(name).isPositive().isEqualTo(summary.dirtyRows(export));
      assertThat(raw).as(name).isEqualTo(summary.rows(export)).isEqualTo(curated + quarantined);

      EtlStage stage = CURATION.get(export);
      StageReport report = report(reports, stage.name());
      for (QualityRule rule : stage.rules()) {
        if (rule.severity() == Severity.QUARANTINE) {
          assertThat(report.quarantinedByRule().get(rule.name())).as("%s: %s", name, rule.name())
              .isNotNull().isPositive();
        }
      }
    }
  }

  @Test
  void churnersAndBorrowersStandOutInTheFeatures() {
    generateAndRunThePipeline(0);
    List<Map<String, Object>> features = rowsOf(SafaricomPipeline.CUSTOMER_FEATURES);
    Predicate<Map<String, Object>> inactive = row -> row.get("status").equals("Inactive");
    double churnShare = features.stream().filter(inactive).count() / (double) features.size();
    assertThat(churnShare).isBetween(0.12, 0.18);

    double activeRecency = mean(features, inactive.negate(), "days_since_last_txn");
    double inactiveRecency = mean(features, inactive, "days_since_last_txn");
    assertThat(inactiveRecency).as("mean days since the last transaction, inactive vs active")
        .isGreaterThan(2 * activeRecency).isGreaterThan(activeRecency + 50);
    assertThat(mean(features, inactive, "txn_count")).isLessThan(0.7 * mean(features, inactive.negate(), "txn_count"));

    Predicate<Map<String, Object>> owing = row -> ((Number) row.get("active_loans")).longValue() > 0;
    double owingShare = features.stream().filter(owing).count() / (double) features.size();
    assertThat(owingShare).as("customers with a loan unpaid at the as-of date").isBetween(0.15, 0.35);
    assertThat(mean(features, owing, "total_loans")).isGreaterThan(1.5 * mean(features, owing.negate(), "total_loans"));
  }

  private static double mean(List<Map<String, Object>> rows, Predicate<Map<String, Object>> which, String column) {
    return rows.stream().filter(which).map(row -> row.get(column)).filter(Objects::nonNull)
        .mapToDouble(value -> ((Number) value).doubleValue()).average().orElseThrow();
  }
}
