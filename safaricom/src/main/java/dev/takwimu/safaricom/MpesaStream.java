package dev.takwimu.safaricom;

import dev.takwimu.core.DatasetId;
import dev.takwimu.core.Zone;
import dev.takwimu.core.stream.StreamFormat;

/** The M-Pesa transactions as producers stream them: JSON objects with the export's fields, one per record. */
public final class MpesaStream {
  /** Lands in {@code raw/transactions_stream}; rejected records in {@code quarantine/transactions_stream}. */
  public static final StreamFormat TRANSACTIONS = StreamFormat.of(DatasetId.of(Zone.RAW, "transactions_stream"),
      DatasetId.of(Zone.QUARANTINE, "transactions_stream"), RawExport.TRANSACTIONS.requiredColumns());

  private MpesaStream() {}
}
