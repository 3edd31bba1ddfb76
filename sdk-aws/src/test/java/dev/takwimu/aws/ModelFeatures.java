package dev.takwimu.aws;

import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.Schema;
import java.util.List;

/** The columns of the small customer-features tables the AWS model tests write: id, status, and every model input. */
public final class ModelFeatures {
  private ModelFeatures() {}

  /** Rows are written in this column order. */
  public static final Schema SCHEMA = new Schema(List.of(Column.of("customer_id", DataType.STRING),
      Column.of("status", DataType.STRING), Column.of("county", DataType.STRING),
      Column.of("most_used_channel", DataType.STRING), Column.of("total_txn_amount", DataType.DOUBLE),
      Column.of("avg_txn_amount", DataType.DOUBLE), Column.of("txn_count", DataType.LONG),
      Column.of("unique_channels", DataType.LONG), Column.of("days_since_last_txn", DataType.LONG),
      Column.of("total_loans", DataType.LONG), Column.of("total_loan_amount", DataType.DOUBLE),
      Column.of("total_repaid_amount", DataType.DOUBLE), Column.of("repayment_ratio", DataType.DOUBLE),
      Column.of("active_loans", DataType.LONG), Column.of("days_since_registration", DataType.LONG)));
}
