package dev.takwimu.safaricom;

import java.util.Arrays;

/**
 * A {@link SyntheticChunk} as the source system's CSV text, with a share of its rows made dirty the ways real exports
 * are: each dirty row is damaged in one way that breaks one quarantine rule of the Safaricom pipeline, or is followed
 * by a later copy (same id) of itself, and the rows of a customer whose own row is rejected fail the reference rule.
 * So the number of rows the pipeline quarantines is known in advance: {@link Plan#rejected}.
 */
final class SyntheticCsv {
  static final byte[] CUSTOMER_HEADER = AsciiLines.ascii(
      "Customer_ID,Name,County,Registration_Date,Deactivation_Date,Status\n");
  static final byte[] TRANSACTION_HEADER = AsciiLines.ascii("Txn_ID,Cust_ID,Amount,Channel,Timestamp\n");
  static final byte[] LOAN_HEADER = AsciiLines.ascii(
      "Loan_ID,Customer_ID,Loan_Amount,Loan_Date,Repaid_Amount,Repaid,Repaid_Date\n");

  // what a dirty row gets; 0 is a clean row, DUPLICATE keeps the row clean and adds a later copy of it
  private static final int EMPTY_ID = 1;
  private static final int DUPLICATE = 2;
  private static final int UNKNOWN_CUSTOMER = 3;
  private static final int BAD_DATE = 4;
  private static final int BAD_AMOUNT = 5;
  private static final int BAD_STATUS = 6;
  private static final int BAD_DEACTIVATION = 7;
  private static final int BAD_TIMESTAMP = 8;
  private static final int BAD_REPAID = 9;
  private static final int BAD_REPAID_AMOUNT = 10;
  private static final int BAD_REPAID_DATE = 11;
  /** Status in another case or padded ({@code ACTIVE}, {@code " Active "}): a variation curation accepts. */
  private static final int STATUS_SPELLING = 12;

  private static final int[] CUSTOMER_KINDS = {EMPTY_ID, BAD_DATE, BAD_STATUS, BAD_DEACTIVATION, DUPLICATE};
  private static final int[] TRANSACTION_KINDS = {EMPTY_ID, BAD_AMOUNT, BAD_TIMESTAMP, UNKNOWN_CUSTOMER, DUPLICATE};
  private static final int[] LOAN_KINDS = {EMPTY_ID, BAD_AMOUNT, BAD_DATE, BAD_REPAID, BAD_REPAID_AMOUNT,
      BAD_REPAID_DATE, UNKNOWN_CUSTOMER, DUPLICATE};

  private static final byte[][] EMPTY_IDS = bytes("", "  ");
  private static final byte[][] BAD_DATES = bytes("2024-02-30", "18/05/2023", "2023-13-01", "", "unknown",
      "2023-5-18");
  private static final byte[][] BAD_STATUSES = bytes("Unknown", "", "Dormant", "Suspended");
  private static final byte[][] BAD_DEACTIVATIONS = bytes("2024-06-31", "never", "31/12/2024");
  private static final byte[][] BAD_AMOUNTS = bytes("-50.00", "0", "0.00", "", "abc", "12O.50", "NaN",
      "\"1,000.00\"", "KES 250", "1e14");
  private static final byte[][] BAD_TIMESTAMPS = bytes("2024-02-30 10:00:00", "2024-13-01 08:00:00", "2024-05-01",
      "01/05/2024 10:00", "", "yesterday", "2024-04-31 23:59:59");
  private static final byte[][] UNKNOWN_CUSTOMERS = bytes("X0001", "", "CUST-404"); // and C000...0, see below
  private static final byte[][] BAD_BOOLEANS = bytes("maybe", "", "Y", "paid");
  private static final byte[][] BAD_REPAID_AMOUNTS = bytes("-5.00", "abc", "nan", "1e15");
  private static final byte[][] BAD_REPAID_DATES = bytes("2024-06-31", "15/07/2024", "soon");
  private static final byte[][] ACTIVE_SPELLINGS = bytes("active", "ACTIVE", " Active ");
  private static final byte[][] INACTIVE_SPELLINGS = bytes("inactive", "INACTIVE", " Inactive");
  private static final byte[] ACTIVE = AsciiLines.ascii("Active");
  private static final byte[] INACTIVE = AsciiLines.ascii("Inactive");
  private static final byte[] TRUE = AsciiLines.ascii("True");
  private static final byte[] FALSE = AsciiLines.ascii("False");
  private static final byte[][] PLACES = places();
  private static final byte[][] CHANNELS = SyntheticChunk.CHANNELS.stream().map(AsciiLines::ascii)
      .toArray(byte[][]::new);

  private SyntheticCsv() {}

  /** Which rows of one file are dirty and how, by position in the file (before copies are inserted). */
  static final class Plan {
    final byte[] kind;
    final byte[] variant;
    /** Copies of rows, {@code insertBefore << 32 | source}, sorted: each lands before a later row (or at the end). */
    long[] copies = new long[0];
    /** Rows the pipeline's quarantine rules reject: dirty rows, copies, rows of rejected customers. */
    long rejected;

    Plan(int rows) {
      kind = new byte[rows];
      variant = new byte[rows];
    }

    int rows() {
      return kind.length + copies.length;
    }
  }

  /** The dirty rows of the three files of a chunk. */
  record Dirt(Plan customers, Plan transactions, Plan loans) {}

  /** The chunk's three files as text, and how they were made dirty. */
  record Text(AsciiLines customers, AsciiLines transactions, AsciiLines loans, Dirt dirt) {}

  /** Decides which rows are dirty, each with probability {@code rate}; a random stream of its own per chunk. */
  static Dirt plan(SyntheticChunk chunk, double rate, long seed, long chunkIndex) {
    if (rate == 0) {
      return new Dirt(new Plan(chunk.size), new Plan(chunk.transactions), new Plan(chunk.loans));
    }
    Draws random = new Draws(Draws.mix(seed ^ 0x2545F4914F6CDD1DL, chunkIndex));
    Plan customers = plan(random, chunk.size, rate, CUSTOMER_KINDS);
    boolean[] rejectedCustomer = new boolean[chunk.size];
    for (int i = 0; i < chunk.size; i++) {
      int kind = customers.kind[i];
      rejectedCustomer[i] = kind != 0 && kind != DUPLICATE && kind != STATUS_SPELLING;
      if (kind == 0 && random.uniform() < rate / 10) {
        customers.kind[i] = STATUS_SPELLING;
      }
    }
    customers.rejected = count(customers, position -> rejectedCustomer[position]);
    Plan transactions = plan(random, chunk.transactions, rate, TRANSACTION_KINDS);
    transactions.rejected = count(transactions, position -> rejectedCustomer[chunk.txnOwner[chunk.txnOrder[position]]]);
    Plan loans = plan(random, chunk.loans, rate, LOAN_KINDS);
    loans.rejected = count(loans, position -> rejectedCustomer[chunk.loanOwner[chunk.loanOrder[position]]]);
    return new Dirt(customers, transactions, loans);
  }

  private static Plan plan(Draws random, int rows, double rate, int[] kinds) {
    Plan plan = new Plan(rows);
    long[] copies = new long[16];
    int copyCount = 0;
    for (int position = 0; position < rows; position++) {
      if (random.uniform() >= rate) {
        continue;
      }
      int kind = kinds[random.below(kinds.length)];
      plan.kind[position] = (byte) kind;
      plan.variant[position] = (byte) random.below(128);
      if (kind == DUPLICATE) {
        if (copyCount == copies.length) {
          copies = Arrays.copyOf(copies, copyCount * 2);
        }
        long before = position + 1 + random.below(rows - position);
        copies[copyCount++] = before << 32 | position;
      }
    }
    plan.copies = Arrays.copyOf(copies, copyCount);
    Arrays.sort(plan.copies);
    return plan;
  }

  private interface RowTest {
    boolean test(int position);
  }

  private static long count(Plan plan, RowTest ownerRejected) {
    long rejected = plan.copies.length;
    for (int position = 0; position < plan.kind.length; position++) {
      int kind = plan.kind[position];
      if (kind != 0 && kind != DUPLICATE && kind != STATUS_SPELLING || ownerRejected.test(position)) {
        rejected++;
      }
    }
    return rejected;
  }

  /** Formats the chunk; transactions and loans are numbered from the given ids on, in file order. */
  static Text format(SyntheticChunk chunk, Dirt dirt, AsciiLines.Days days, int idWidth, long firstTxnId,
      long firstLoanId) {
    return new Text(customers(chunk, dirt.customers(), days, idWidth),
        transactions(chunk, dirt.transactions(), days, idWidth, firstTxnId),
        loans(chunk, dirt.loans(), days, idWidth, firstLoanId), dirt);
  }

  private static AsciiLines customers(SyntheticChunk chunk, Plan plan, AsciiLines.Days days, int idWidth) {
    AsciiLines out = new AsciiLines(plan.rows() * 72);
    int next = 0;
    for (int position = 0; position <= chunk.size; position++) {
      for (; next < plan.copies.length && (int) (plan.copies[next] >>> 32) == position; next++) {
        int source = (int) plan.copies[next];
        // the same customer delivered again, with another county
        int county = (chunk.place[source] % 47 + 1 + plan.variant[source] % 46) % 47;
        customer(out, chunk, source, 0, 0, county, days, idWidth);
      }
      if (position < chunk.size) {
        customer(out, chunk, position, plan.kind[position], plan.variant[position], chunk.place[position], days,
            idWidth);
      }
    }
    return out;
  }

  private static void customer(AsciiLines out, SyntheticChunk chunk, int i, int kind, int variant, int place,
      AsciiLines.Days days, int idWidth) {
    if (kind == EMPTY_ID) {
      out.add(pick(EMPTY_IDS, variant));
    } else {
      out.id('C', chunk.firstCustomer + i, idWidth);
    }
    out.comma();
    KenyanNames.write(out, chunk.firstName[i], chunk.lastName[i]);
    out.comma().add(PLACES[place]).comma();
    if (kind == BAD_DATE) {
      out.add(pick(BAD_DATES, variant));
    } else {
      out.date(days, chunk.registration[i]);
    }
    out.comma();
    boolean active = chunk.deactivation[i] < 0;
    if (kind == BAD_DEACTIVATION) {
      out.add(pick(BAD_DEACTIVATIONS, variant));
    } else if (!active) {
      out.date(days, chunk.deactivation[i]);
    }
    out.comma();
    if (kind == BAD_STATUS) {
      out.add(pick(BAD_STATUSES, variant));
    } else if (kind == STATUS_SPELLING) {
      out.add(pick(active ? ACTIVE_SPELLINGS : INACTIVE_SPELLINGS, variant));
    } else {
      out.add(active ? ACTIVE : INACTIVE);
    }
    out.newline();
  }

  private static AsciiLines transactions(SyntheticChunk chunk, Plan plan, AsciiLines.Days days, int idWidth,
      long firstId) {
    AsciiLines out = new AsciiLines(plan.rows() * 64);
    long id = firstId;
    int next = 0;
    int rows = chunk.transactions;
    for (int position = 0; position <= rows; position++) {
      for (; next < plan.copies.length && (int) (plan.copies[next] >>> 32) == position; next++) {
        int source = (int) plan.copies[next];
        // the same transaction id delivered again, with another amount
        long cents = Math.max(100, chunk.txnCents[chunk.txnOrder[source]] * (50 + plan.variant[source]) / 100);
        transaction(out, chunk, chunk.txnOrder[source], firstId + source, 0, 0, cents, days, idWidth);
      }
      if (position < rows) {
        int t = chunk.txnOrder[position];
        transaction(out, chunk, t, id + position, plan.kind[position], plan.variant[position], chunk.txnCents[t],
            days, idWidth);
      }
    }
    return out;
  }

  private static void transaction(AsciiLines out, SyntheticChunk chunk, int t, long id, int kind, int variant,
      long cents, AsciiLines.Days days, int idWidth) {
    if (kind == EMPTY_ID) {
      out.add(pick(EMPTY_IDS, variant));
    } else {
      out.id('T', id, 10);
    }
    out.comma();
    customerReference(out, chunk, chunk.txnOwner[t], kind, variant, idWidth);
    out.comma();
    if (kind == BAD_AMOUNT) {
      out.add(pick(BAD_AMOUNTS, variant));
    } else {
      out.money(cents);
    }
    out.comma().add(CHANNELS[chunk.txnChannel[t]]).comma();
    if (kind == BAD_TIMESTAMP) {
      out.add(pick(BAD_TIMESTAMPS, variant));
    } else {
      out.date(days, chunk.txnDay[t]).add(' ').time(chunk.txnSecond[t]);
    }
    out.newline();
  }

  private static AsciiLines loans(SyntheticChunk chunk, Plan plan, AsciiLines.Days days, int idWidth, long firstId) {
    AsciiLines out = new AsciiLines(plan.rows() * 72);
    int next = 0;
    int rows = chunk.loans;
    for (int position = 0; position <= rows; position++) {
      for (; next < plan.copies.length && (int) (plan.copies[next] >>> 32) == position; next++) {
        int source = (int) plan.copies[next];
        int l = chunk.loanOrder[source];
        // the same loan id delivered again, with another amount
        long cents = Math.max(1000, chunk.loanCents[l] * (50 + plan.variant[source]) / 100);
        loan(out, chunk, l, firstId + source, 0, 0, cents, days, idWidth);
      }
      if (position < rows) {
        int l = chunk.loanOrder[position];
        loan(out, chunk, l, firstId + position, plan.kind[position], plan.variant[position], chunk.loanCents[l], days,
            idWidth);
      }
    }
    return out;
  }

  private static void loan(AsciiLines out, SyntheticChunk chunk, int l, long id, int kind, int variant, long cents,
      AsciiLines.Days days, int idWidth) {
    if (kind == EMPTY_ID) {
      out.add(pick(EMPTY_IDS, variant));
    } else {
      out.id('L', id, 9);
    }
    out.comma();
    customerReference(out, chunk, chunk.loanOwner[l], kind, variant, idWidth);
    out.comma();
    if (kind == BAD_AMOUNT) {
      out.add(pick(BAD_AMOUNTS, variant));
    } else {
      out.money(cents);
    }
    out.comma();
    if (kind == BAD_DATE) {
      out.add(pick(BAD_DATES, variant));
    } else {
      out.date(days, chunk.loanDay[l]);
    }
    out.comma();
    if (kind == BAD_REPAID_AMOUNT) {
      out.add(pick(BAD_REPAID_AMOUNTS, variant));
    } else {
      out.money(Math.min(chunk.loanRepaidCents[l], cents));
    }
    out.comma();
    if (kind == BAD_REPAID) {
      out.add(pick(BAD_BOOLEANS, variant));
    } else {
      out.add(chunk.loanRepaid[l] ? TRUE : FALSE);
    }
    out.comma();
    if (kind == BAD_REPAID_DATE) {
      out.add(pick(BAD_REPAID_DATES, variant));
    } else if (chunk.loanRepaid[l]) {
      out.date(days, chunk.loanRepaidDay[l]);
    }
    out.newline();
  }

  private static void customerReference(AsciiLines out, SyntheticChunk chunk, int owner, int kind, int variant,
      int idWidth) {
    if (kind != UNKNOWN_CUSTOMER) {
      out.id('C', chunk.firstCustomer + owner, idWidth);
    } else if (variant % 4 == 3) {
      out.id('C', 0, idWidth); // customers are numbered from 1: C0000000 is nobody
    } else {
      out.add(pick(UNKNOWN_CUSTOMERS, variant));
    }
  }

  private static byte[] pick(byte[][] values, int variant) {
    return values[variant % values.length];
  }

  private static byte[][] bytes(String... values) {
    return Arrays.stream(values).map(AsciiLines::ascii).toArray(byte[][]::new);
  }

  private static byte[][] places() {
    byte[][] places = new byte[KenyaCounties.ALL.size() + SyntheticChunk.TOWNS.size()][];
    for (int i = 0; i < places.length; i++) {
      int county = i - KenyaCounties.ALL.size();
      places[i] = AsciiLines.ascii(county < 0 ? KenyaCounties.ALL.get(i) : SyntheticChunk.TOWNS.get(county));
    }
    return places;
  }
}
