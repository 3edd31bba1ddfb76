package dev.takwimu.safaricom;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Synthetic M-Pesa transactions as producers stream them ({@link MpesaStream#TRANSACTIONS}): record {@code i} is a JSON
 * object {@code {"txn_id", "cust_id", "amount", "channel", "timestamp"}} for a customer of the book that
 * {@link SyntheticExports} writes with the same settings. Records are computed from their index alone, one at a time,
 * so a stream of any length takes no memory and the same settings always give the same bytes.
 *
 * <ul>
 *   <li>Customer ids are the book's ({@code C0000001} to the number of customers); amounts follow the customer's
 *       county and the channel as in the book.
 *   <li>Transaction ids are {@code S} and 12 digits ({@code S000000000001} for record 0): the batch exports' ids start
 *       with {@code T}, so a streamed transaction never repeats a batch one.
 *   <li>Timestamps start at 00:00:00 on the as-of date, after every transaction of the book, ten records a second.
 *   <li>With a dirty rate, that share of records is damaged in one {@link Kind} way: the sink quarantines the first
 *       three, curation rejects the last two.
 * </ul>
 */
public final class SyntheticStream {
  /** First letter of every streamed transaction id; the batch exports' ids start with {@code T}. */
  public static final char TXN_PREFIX = 'S';
  /** Simulated pace: record {@code i} happens {@code i / 10} seconds after the start of the as-of date. */
  static final int RECORDS_PER_SECOND = 10;
  private static final long STREAM_SALT = 0x6A09E667F3BCC909L;
  private static final String[] CHANNELS = SyntheticChunk.CHANNELS.toArray(String[]::new);
  /** Share of each channel among streamed transactions (USSD, app, Lipa Na M-PESA, agent), as a cumulative sum. */
  private static final double[] CHANNEL_CDF = {0.28, 0.50, 0.80, 1.0};
  private static final String[] BAD_TIMESTAMPS = {"2025-02-30 10:00:00", "2025-13-01 08:00:00", "2025-01-01",
      "01/05/2025 10:00", "", "yesterday"};

  /** How a record is damaged; {@link #CLEAN} when it is not. */
  public enum Kind {
    CLEAN,
    /** Not JSON: cut short, a CSV line, or bytes that are not UTF-8 (the sink quarantines it). */
    NOT_JSON,
    /** A JSON object without one of the five fields (the sink quarantines it). */
    MISSING_FIELD,
    /** JSON, but not the object: an array of the values, a string, or the object nested (the sink quarantines it). */
    WRONG_SHAPE,
    /** A negative amount (curation rejects it). */
    NEGATIVE_AMOUNT,
    /** A timestamp that is no date and time (curation rejects it). */
    BAD_TIMESTAMP;

    /** Whether the stream sink sends records of this kind to quarantine (the others land in raw). */
    public boolean quarantinedBySink() {
      return this == NOT_JSON || this == MISSING_FIELD || this == WRONG_SHAPE;
    }
  }

  /** One record: its key (the customer id, so a customer's transactions stay in order in one partition). */
  public record Record(long index, String customerId, byte[] value, Kind kind) {
    public byte[] key() {
      return customerId.getBytes(StandardCharsets.US_ASCII);
    }
  }

  private final long customers;
  private final long seed;
  private final long startSecond;
  private final double dirtyRate;
  private final int idWidth;

  private SyntheticStream(SyntheticExports book) {
    this.customers = book.customers();
    this.seed = book.seed();
    this.startSecond = book.asOf().toEpochDay() * 86_400;
    this.dirtyRate = book.dirtyRate();
    this.idWidth = Math.max(7, Long.toString(customers).length());
  }

  /**
   * The stream of the book {@code settings} writes (its customers, seed and as-of date); the settings' dirty rate is
   * the share of damaged records of the stream.
   */
  public static SyntheticStream of(SyntheticExports settings) {
    return new SyntheticStream(Objects.requireNonNull(settings, "settings"));
  }

  /** Record {@code index} (from 0) of the stream. */
  public Record record(long index) {
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative, was " + index);
    }
    Draws random = new Draws(Draws.mix(seed ^ STREAM_SALT, index));
    long customer = 1 + (long) (random.uniform() * customers);
    String customerId = id('C', customer, idWidth);
    double u = random.uniform();
    int channel = 0;
    while (u >= CHANNEL_CDF[channel]) {
      channel++;
    }
    double typical = StrictMath.exp(StrictMath.log(300) + SyntheticChunk.countyAmountShift(seed, customer)
        + 0.45 * random.gaussian()) * SyntheticChunk.CHANNEL_AMOUNT[channel];
    double amount = typical * random.from(SyntheticChunk.AMOUNT_SPREAD);
    if (channel != 2 && random.uniform() < 0.35) {
      double unit = amount < 500 ? 10 : amount < 5000 ? 50 : 100;
      amount = Math.round(amount / unit) * unit;
    }
    long cents = Math.round(Math.min(250_000, Math.max(channel == 3 ? 50 : 1, amount)) * 100);
    Kind kind = Kind.CLEAN;
    int variant = 0;
    if (dirtyRate > 0 && random.uniform() < dirtyRate) {
      kind = Kind.values()[1 + random.below(Kind.values().length - 1)];
      variant = random.below(128);
    }
    String txnId = id(TXN_PREFIX, index + 1, 12);
    String money = (kind == Kind.NEGATIVE_AMOUNT ? "-" : "") + money(cents);
    String timestamp = kind == Kind.BAD_TIMESTAMP ? BAD_TIMESTAMPS[variant % BAD_TIMESTAMPS.length]
        : timestamp(startSecond + index / RECORDS_PER_SECOND);
    return new Record(index, customerId, value(kind, variant, txnId, customerId, money, CHANNELS[channel],
        timestamp), kind);
  }

  private static byte[] value(Kind kind, int variant, String txnId, String customerId, String amount, String channel,
      String timestamp) {
    String[] names = {"txn_id", "cust_id", "amount", "channel", "timestamp"};
    String[] values = {quote(txnId), quote(customerId), amount, quote(channel), quote(timestamp)};
    String text = switch (kind) {
      case CLEAN, NEGATIVE_AMOUNT, BAD_TIMESTAMP -> object(names, values, -1);
      case MISSING_FIELD -> object(names, values, variant % names.length);
      case WRONG_SHAPE -> switch (variant % 3) {
        case 0 -> "[" + String.join(",", values) + "]";
        case 1 -> quote(txnId);
        default -> "{\"transaction\":" + object(names, values, -1) + "}";
      };
      case NOT_JSON -> switch (variant % 3) {
        case 0 -> {
          String whole = object(names, values, -1);
          yield whole.substring(0, whole.length() / 2);
        }
        case 1 -> String.join(",", txnId, customerId, amount, channel, timestamp);
        default -> null;
      };
    };
    if (text == null) {
      // the channel in ISO-8859-1: one byte where UTF-8 needs two, so not UTF-8
      String latin = object(names, new String[] {quote(txnId), quote(customerId), amount, "\"Caf\u00e9\"",
          quote(timestamp)}, -1);
      return latin.getBytes(StandardCharsets.ISO_8859_1);
    }
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static String object(String[] names, String[] values, int without) {
    StringBuilder json = new StringBuilder(128).append('{');
    for (int f = 0; f < names.length; f++) {
      if (f != without) {
        json.append(json.length() > 1 ? "," : "").append('"').append(names[f]).append("\":").append(values[f]);
      }
    }
    return json.append('}').toString();
  }

  private static String quote(String text) {
    return "\"" + text + "\"";
  }

  private static String id(char prefix, long number, int width) {
    String digits = Long.toString(number);
    StringBuilder id = new StringBuilder(1 + Math.max(width, digits.length())).append(prefix);
    for (int pad = digits.length(); pad < width; pad++) {
      id.append('0');
    }
    return id.append(digits).toString();
  }

  private static String money(long cents) {
    long fraction = cents % 100;
    return cents / 100 + (fraction < 10 ? ".0" : ".") + fraction;
  }

  private static String timestamp(long epochSecond) {
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(epochSecond, 86_400));
    int second = (int) Math.floorMod(epochSecond, 86_400);
    return new StringBuilder(19).append(date).append(' ').append(two(second / 3600)).append(':')
        .append(two(second / 60 % 60)).append(':').append(two(second % 60)).toString();
  }

  private static String two(int number) {
    return number < 10 ? "0" + number : Integer.toString(number);
  }
}
