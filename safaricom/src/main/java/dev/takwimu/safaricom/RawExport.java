package dev.takwimu.safaricom;

import dev.takwimu.core.CsvSource;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.Zone;
import java.nio.file.Path;
import java.util.List;

/** The three exports the source system delivers, the raw dataset each lands in, and the columns each must have. */
public enum RawExport {
  CUSTOMERS("customerdata.csv", "customers",
      List.of("customer_id", "name", "county", "registration_date", "deactivation_date", "status")),
  TRANSACTIONS("mpesatransactionsdata.csv", "transactions",
      List.of("txn_id", "cust_id", "amount", "channel", "timestamp")),
  LOANS("fulizadata.csv", "loans",
      List.of("loan_id", "customer_id", "loan_amount", "loan_date", "repaid_amount", "repaid", "repaid_date"));

  private final String fileName;
  private final DatasetId dataset;
  private final List<String> requiredColumns;

  RawExport(String fileName, String dataset, List<String> requiredColumns) {
    this.fileName = fileName;
    this.dataset = DatasetId.of(Zone.RAW, dataset);
    this.requiredColumns = requiredColumns;
  }

  /** The file name the source system uses, e.g. {@code customerdata.csv}. */
  public String fileName() {
    return fileName;
  }

  public DatasetId dataset() {
    return dataset;
  }

  /** Normalized column names (trimmed, lower case, spaces as underscores) the export must have. */
  public List<String> requiredColumns() {
    return requiredColumns;
  }

  /** This export as found in a delivery directory. */
  public CsvSource in(Path directory) {
    return CsvSource.of(directory.resolve(fileName), dataset, requiredColumns);
  }
}
