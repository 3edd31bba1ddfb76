package dev.takwimu.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.core.Row;
import dev.takwimu.core.TakwimuException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rows to records by column name: snake_case or the component's own name, widening numbers, clear errors. */
class RecordMapperTest {
  record Customer(String customerId, long txnCount, double avgTxnAmount, int tenureDays, Double repaymentRatio,
      LocalDate lastTxnDate, boolean active) {}

  record Checked(String county, long customers) {
    Checked {
      if (customers < 0) {
        throw new IllegalArgumentException("customers must not be negative");
      }
    }
  }

  private static Row row(List<String> names, Object... values) {
    return Row.layout(names).row(values);
  }

  @Test
  void snakeCaseColumnsFillCamelCaseComponents() {
    Row row = row(List.of("customer_id", "txn_count", "avg_txn_amount", "tenure_days", "repayment_ratio",
        "last_txn_date", "active"), "C1", 12L, 150.5, 30L, 0.75, LocalDate.of(2024, 12, 30), true);
    assertThat(RecordMapper.of(Customer.class).map(row))
        .isEqualTo(new Customer("C1", 12, 150.5, 30, 0.75, LocalDate.of(2024, 12, 30), true));
  }

  @Test
  void aColumnNamedLikeTheComponentFillsItToo() {
    Row row = row(List.of("active", "lastTxnDate", "repaymentRatio", "tenureDays", "avgTxnAmount", "txnCount",
        "customerId"), false, null, null, 1, 2L, 3, "C2");
    assertThat(RecordMapper.of(Customer.class).map(row)).isEqualTo(new Customer("C2", 3, 2.0, 1, null, null, false));
  }

  record Count(long txnCount) {}

  @Test
  void theSnakeCaseColumnWinsWhenBothArePresent() {
    assertThat(RecordMapper.of(Count.class).map(row(List.of("txnCount", "txn_count"), 9L, 5L)))
        .isEqualTo(new Count(5));
  }

  @Test
  void valuesAreConvertedToTheComponentType() {
    Row row = row(List.of("customer_id", "txn_count", "avg_txn_amount", "tenure_days", "repayment_ratio",
        "last_txn_date", "active"), 254700000001L, 7, 3, 4, 1L, LocalDateTime.of(2024, 5, 6, 23, 59, 59), true);
    assertThat(RecordMapper.of(Customer.class).map(row))
        .isEqualTo(new Customer("254700000001", 7, 3.0, 4, 1.0, LocalDate.of(2024, 5, 6), true));
  }

  @Test
  void aMissingColumnNamesBothSpellingsAndTheColumnsThereAre() {
    Row row = row(List.of("county", "total"), "Nairobi", 5L);
    assertThatThrownBy(() -> RecordMapper.of(Checked.class).map(row)).isInstanceOf(TakwimuException.class)
        .hasMessage("Cannot build Checked: no column customers for Checked.customers (columns: county, total)");
    Row other = row(List.of("customer_id"), "C1");
    assertThatThrownBy(() -> RecordMapper.of(Customer.class).map(other)).isInstanceOf(TakwimuException.class)
        .hasMessage("Cannot build Customer: no column txn_count (or txnCount) for Customer.txnCount "
            + "(columns: customer_id)");
  }

  @Test
  void nullCannotFillAPrimitive() {
    Row row = row(List.of("county", "customers"), "Nairobi", null);
    assertThatThrownBy(() -> RecordMapper.of(Checked.class).map(row)).isInstanceOf(TakwimuException.class)
        .hasMessage("Column customers is null but Checked.customers is a primitive; use a boxed type");
  }

  @Test
  void aValueOfTheWrongKindSaysWhatItHolds() {
    assertThatThrownBy(() -> RecordMapper.of(Checked.class).map(row(List.of("county", "customers"), "N", "five")))
        .isInstanceOf(TakwimuException.class)
        .hasMessage("Column customers holds String, which cannot fill Checked.customers of type long");
    Row huge = row(List.of("customer_id", "txn_count", "avg_txn_amount", "tenure_days", "repayment_ratio",
        "last_txn_date", "active"), "C1", 1L, 1.0, 3_000_000_000L, null, null, true);
    assertThatThrownBy(() -> RecordMapper.of(Customer.class).map(huge)).isInstanceOf(TakwimuException.class)
        .hasMessage("Column tenure_days holds 3000000000, which does not fit Customer.tenureDays of type int");
  }

  @Test
  void theRecordsOwnValidationIsReportedWithTheRow() {
    assertThatThrownBy(() -> RecordMapper.of(Checked.class).map(row(List.of("county", "customers"), "N", -1L)))
        .isInstanceOf(TakwimuException.class)
        .hasMessage("Cannot build Checked from {county=N, customers=-1}: customers must not be negative")
        .hasCauseInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void snakeCaseLowersEachCapitalAfterAnUnderscore() {
    assertThat(RecordMapper.snakeCase("avgTxnAmount")).isEqualTo("avg_txn_amount");
    assertThat(RecordMapper.snakeCase("county")).isEqualTo("county");
    assertThat(RecordMapper.snakeCase("days30Active")).isEqualTo("days30_active");
    assertThat(RecordMapper.snakeCase("already_snake")).isEqualTo("already_snake");
  }
}
