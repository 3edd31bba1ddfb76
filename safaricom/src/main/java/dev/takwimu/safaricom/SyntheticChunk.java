package dev.takwimu.safaricom;

import java.util.Arrays;
import java.util.List;

/**
 * One chunk of synthetic customers with their M-Pesa transactions and Fuliza loans, in primitive arrays: the
 * behavioural model behind {@link SyntheticExports} (docs/synthetic-data.md explains it). Each customer draws from a
 * random stream of its own, seeded by the seed and the customer's number, so a customer's data does not depend on the
 * chunking.
 */
final class SyntheticChunk {
  static final List<String> CHANNELS = List.of("USSD", "M-PESA App", "Lipa Na M-PESA", "Agent");
  /** Towns found typed into the county column, and the county each lies in. */
  static final List<String> TOWNS = List.of("Thika", "Eldoret", "Kitale", "Malindi");
  private static final List<String> TOWN_COUNTIES = List.of("Kiambu", "Uasin Gishu", "Trans Nzoia", "Kilifi");
  private static final List<String> CITIES = List.of("Nairobi", "Mombasa", "Kiambu", "Nakuru", "Kisumu", "Uasin Gishu",
      "Kajiado", "Machakos");
  private static final List<String> ARID = List.of("Turkana", "Mandera", "Wajir", "Garissa", "Marsabit", "Samburu",
      "West Pokot", "Tana River", "Isiolo");

  private static final int COUNTIES = KenyaCounties.ALL.size();
  private static final double[] COUNTY_CDF = new double[COUNTIES];
  /** Per county: town index for the customers whose county may be typed as a town, else -1. */
  private static final int[] TOWN_OF_COUNTY = new int[COUNTIES];
  /** Per county: shift of the log of amounts (cities transact more) and of financial stress (arid counties, more). */
  private static final double[] COUNTY_AMOUNT = new double[COUNTIES];
  private static final double[] COUNTY_STRESS = new double[COUNTIES];

  static {
    double total = Arrays.stream(KenyaCounties.POPULATION_2019).asDoubleStream().sum();
    double cumulative = 0;
    for (int c = 0; c < COUNTIES; c++) {
      String county = KenyaCounties.ALL.get(c);
      cumulative += KenyaCounties.POPULATION_2019[c];
      COUNTY_CDF[c] = cumulative / total;
      TOWN_OF_COUNTY[c] = TOWN_COUNTIES.indexOf(county);
      COUNTY_AMOUNT[c] = CITIES.contains(county) ? (county.equals("Nairobi") ? 0.35 : 0.15)
          : ARID.contains(county) ? -0.15 : 0;
      COUNTY_STRESS[c] = CITIES.contains(county) ? -0.15 : ARID.contains(county) ? 0.25 : 0;
    }
    COUNTY_CDF[COUNTIES - 1] = 1.0;
  }

  private static final int USSD = 0;
  private static final int APP = 1;
  private static final int AGENT = 3;
  /** Per channel: factor on amounts (shop payments are small, agent cash-in and cash-out large). */
  static final double[] CHANNEL_AMOUNT = {
      1.0, StrictMath.exp(0.1), StrictMath.exp(-0.35), StrictMath.exp(0.55)};
  /** Per favourite channel: shift of the log-odds of leaving a Fuliza loan unpaid. */
  private static final double[] CHANNEL_RISK = {0.1, -0.25, 0.0, 0.15};
  /** Spread of a customer's amounts around their typical amount: log-normal, sigma 0.85. */
  static final double[] AMOUNT_SPREAD = Draws.quantiles(z -> StrictMath.exp(0.85 * z));
  /** Relative use of M-Pesa by hour of day (East Africa Time), as a cumulative distribution. */
  private static final double[] HOUR_CDF = cumulative(0.3, 0.2, 0.15, 0.15, 0.3, 0.8, 2.0, 3.5, 4.8, 5.5, 5.8, 6.0,
      6.3, 6.0, 5.8, 5.8, 6.0, 6.5, 6.8, 6.2, 5.0, 3.5, 2.0, 0.9);

  // Calibrated so that, on average, a customer has about 20 transactions and 2.4 loans in the 12 months, and about
  // 15% of customers churn (see docs/synthetic-data.md for the measured figures).
  private static final double TRANSACTIONS_PER_YEAR = 25.8;
  private static final double LOANS_PER_YEAR = 3.24;
  private static final double UNPAID_LOG_ODDS = -2.4;
  private static final double CHURN_LOG_ODDS = -2.25;
  private static final double TOWN_SHARE = 0.05;
  private static final double DORMANT_SHARE = 0.15;
  private static final double LATE_CHURN_SHARE = 0.4;
  private static final int NEVER = Integer.MAX_VALUE;

  /** What all chunks share: the seed and the time frame, in epoch days. */
  record Frame(long seed, int firstRegistration, int windowStart, int asOf) {}

  final long firstCustomer;
  final int size;

  /** Per customer: county index, or {@code COUNTIES + town} when a town was typed instead. */
  final byte[] place;
  final int[] firstName;
  final int[] lastName;
  final int[] registration;
  /** Epoch day of deactivation, or -1 for an active customer. */
  final int[] deactivation;

  int transactions;
  int[] txnOwner;
  int[] txnDay;
  int[] txnSecond;
  byte[] txnChannel;
  long[] txnCents;
  /** Arrival order: position in the file to transaction index. */
  int[] txnOrder;

  int loans;
  int[] loanOwner;
  int[] loanDay;
  long[] loanCents;
  boolean[] loanRepaid;
  long[] loanRepaidCents;
  /** Epoch day of repayment, or -1 when not repaid. */
  int[] loanRepaidDay;
  int[] loanOrder;

  private SyntheticChunk(long firstCustomer, int size) {
    this.firstCustomer = firstCustomer;
    this.size = size;
    place = new byte[size];
    firstName = new int[size];
    lastName = new int[size];
    registration = new int[size];
    deactivation = new int[size];
    int txnCapacity = size * 24 + 16;
    txnOwner = new int[txnCapacity];
    txnDay = new int[txnCapacity];
    txnSecond = new int[txnCapacity];
    txnChannel = new byte[txnCapacity];
    txnCents = new long[txnCapacity];
    int loanCapacity = size * 3 + 16;
    loanOwner = new int[loanCapacity];
    loanDay = new int[loanCapacity];
    loanCents = new long[loanCapacity];
    loanRepaid = new boolean[loanCapacity];
    loanRepaidCents = new long[loanCapacity];
    loanRepaidDay = new int[loanCapacity];
  }

  /** Customers {@code firstCustomer .. firstCustomer + size - 1}, their transactions and loans in arrival order. */
  static SyntheticChunk generate(Frame frame, long firstCustomer, int size, long chunkIndex) {
    SyntheticChunk chunk = new SyntheticChunk(firstCustomer, size);
    int[] names = new int[2];
    for (int i = 0; i < size; i++) {
      chunk.customer(frame, i, names);
    }
    Draws shuffle = new Draws(Draws.mix(frame.seed() ^ 0x5DEECE66DL, chunkIndex));
    chunk.txnOrder = permutation(shuffle, chunk.transactions);
    chunk.loanOrder = permutation(shuffle, chunk.loans);
    return chunk;
  }

  private void customer(Frame frame, int i, int[] names) {
    Draws random = new Draws(Draws.mix(frame.seed(), firstCustomer + i));
    int asOf = frame.asOf();
    int county = pick(COUNTY_CDF, random.uniform());
    int town = TOWN_OF_COUNTY[county];
    place[i] = (byte) (town >= 0 && random.uniform() < TOWN_SHARE ? COUNTIES + town : county);
    KenyanNames.pick(random, county, names);
    firstName[i] = names[0];
    lastName[i] = names[1];
    // more registrations in recent years, as the customer base grew
    int registered = frame.firstRegistration()
        + (int) (StrictMath.pow(random.uniform(), 0.6) * (asOf - frame.firstRegistration()));
    registration[i] = Math.min(registered, asOf - 1);

    // latent traits: how much the customer uses M-Pesa, and how stretched their finances are
    double engagement = random.gaussian();
    double stress = random.gaussian() + COUNTY_STRESS[county];
    int favourite = favouriteChannel(random.uniform(), stress);
    double loyalty = 0.45 + 0.45 * random.uniform();
    double logAmount = StrictMath.log(300) + COUNTY_AMOUNT[county] - 0.25 * stress + 0.15 * engagement
        + 0.45 * random.gaussian();
    double typicalAmount = StrictMath.exp(logAmount);
    int start = Math.max(registration[i], frame.windowStart());
    int days = asOf - start;

    // some customers fall silent without closing their account
    int dormantFrom = NEVER;
    int dormantFade = 0;
    if (random.uniform() < DORMANT_SHARE) {
      dormantFrom = start + random.below(days);
      dormantFade = random.below(61);
    }

    // Fuliza loans as they would be without churn: defaults are one of churn's causes
    int firstLoan = loans;
    double borrowing = 0.6 * stress + 0.8 * random.gaussian();
    double loansPerYear = LOANS_PER_YEAR * StrictMath.exp(0.8 * borrowing - 0.32 + 0.4 * engagement - 0.08);
    int candidates = random.poisson(loansPerYear * days / 365.0);
    double unpaidLogOdds = UNPAID_LOG_ODDS + stress + CHANNEL_RISK[favourite];
    int defaults = 0;
    for (int k = 0; k < candidates; k++) {
      int day = start + random.below(days);
      if (random.uniform() >= shape(day, dormantFrom, dormantFade, 0.15, 0.03)) {
        continue;
      }
      boolean unpaid = random.uniform() < sigmoid(unpaidLogOdds);
      defaults += unpaid ? 1 : 0;
      addLoan(random, i, day, StrictMath.exp(logAmount + 1.1 + 0.6 * random.gaussian()), unpaid);
    }

    // churn: likelier for the disengaged, the stretched, defaulters and new customers
    int churnDay = NEVER;
    int churnFade = 0;
    deactivation[i] = -1;
    double churnLogOdds = CHURN_LOG_ODDS - 0.5 * engagement + 0.5 * stress + 0.6 * Math.min(defaults, 3)
        + (registration[i] >= frame.windowStart() ? 0.4 : 0);
    int earliest = Math.max(registration[i] + 30, frame.windowStart());
    if (earliest < asOf && random.uniform() < sigmoid(churnLogOdds)) {
      boolean late = random.uniform() < LATE_CHURN_SHARE;
      churnDay = late ? asOf - 1 - random.below(Math.min(45, asOf - earliest))
          : earliest + random.below(asOf - earliest);
      churnFade = late && random.coin() ? 0 : 20 + random.below(101);
      deactivation[i] = churnDay;
      keepLoansBeforeChurn(random, firstLoan, churnDay, churnFade);
    }

    int count = random.poisson(TRANSACTIONS_PER_YEAR * StrictMath.exp(0.9 * engagement - 0.405) * days / 365.0);
    for (int k = 0; k < count; k++) {
      int day = start + random.below(days);
      double activity = shape(day, dormantFrom, dormantFade, 0.15, 0.03)
          * shape(day, churnDay, churnFade, 0.1, 0.0);
      if (random.uniform() >= activity) {
        continue;
      }
      int channel = random.uniform() < loyalty ? favourite : (favourite + 1 + random.below(3)) % 4;
      addTransaction(random, i, day, channel, typicalAmount * CHANNEL_AMOUNT[channel]);
    }
  }

  /**
   * The shift of the log of a customer's amounts due to their county (the book's county, not a typed town): the
   * first draw of the customer's own random stream, as {@link #generate} makes it.
   */
  static double countyAmountShift(long seed, long customer) {
    return COUNTY_AMOUNT[county(seed, customer)];
  }

  /** Index in {@link KenyaCounties#ALL} of a customer's county. */
  static int county(long seed, long customer) {
    return pick(COUNTY_CDF, new Draws(Draws.mix(seed, customer)).uniform());
  }

  /** Thins a churner's loans as activity fades, drops those after deactivation, and leaves late ones unpaid. */
  private void keepLoansBeforeChurn(Draws random, int firstLoan, int churnDay, int churnFade) {
    int kept = firstLoan;
    for (int k = firstLoan; k < loans; k++) {
      int day = loanDay[k];
      if (random.uniform() >= shape(day, churnDay, churnFade, 0.1, 0.0)) {
        continue;
      }
      boolean leftUnpaid = loanRepaid[k]
          && (loanRepaidDay[k] >= churnDay || day >= churnDay - 45 && random.uniform() < 0.5);
      moveLoan(k, kept);
      if (leftUnpaid) {
        repay(random, kept, true);
      }
      kept++;
    }
    loans = kept;
  }

  private void addLoan(Draws random, int owner, int day, double amount, boolean unpaid) {
    if (loans == loanOwner.length) {
      growLoans();
    }
    loanOwner[loans] = owner;
    loanDay[loans] = day;
    loanCents[loans] = Math.round(Math.min(70_000, Math.max(10, amount)) * 100);
    repay(random, loans, unpaid);
    loans++;
  }

  /** Most loans are repaid in full within 1 to 30 days; an unpaid one may have been partly repaid. */
  private void repay(Draws random, int loan, boolean unpaid) {
    if (unpaid) {
      loanRepaid[loan] = false;
      loanRepaidDay[loan] = -1;
      loanRepaidCents[loan] = random.uniform() < 0.4
          ? Math.max(1, (long) (loanCents[loan] * (0.05 + 0.9 * random.uniform()))) : 0;
    } else {
      int delay = random.uniform() < 0.93 ? 1 + Math.min(29, (int) (-StrictMath.log(1 - random.uniform()) * 7))
          : 31 + random.below(60);
      loanRepaid[loan] = true;
      loanRepaidDay[loan] = loanDay[loan] + delay;
      loanRepaidCents[loan] = loanCents[loan];
    }
  }

  private void moveLoan(int from, int to) {
    loanOwner[to] = loanOwner[from];
    loanDay[to] = loanDay[from];
    loanCents[to] = loanCents[from];
    loanRepaid[to] = loanRepaid[from];
    loanRepaidCents[to] = loanRepaidCents[from];
    loanRepaidDay[to] = loanRepaidDay[from];
  }

  private void addTransaction(Draws random, int owner, int day, int channel, double typicalAmount) {
    if (transactions == txnOwner.length) {
      growTransactions();
    }
    int hour = pick(HOUR_CDF, random.uniform());
    double amount = typicalAmount * random.from(AMOUNT_SPREAD);
    if (channel != 2 && random.uniform() < 0.35) {
      // people send and withdraw round sums
      double unit = amount < 500 ? 10 : amount < 5000 ? 50 : 100;
      amount = Math.round(amount / unit) * unit;
    }
    double minimum = channel == AGENT ? 50 : 1;
    txnOwner[transactions] = owner;
    txnDay[transactions] = day;
    txnSecond[transactions] = hour * 3600 + random.below(3600);
    txnChannel[transactions] = (byte) channel;
    txnCents[transactions] = Math.round(Math.min(250_000, Math.max(minimum, amount)) * 100);
    transactions++;
  }

  /** The stretched lean to USSD and agents, the comfortable to the app. */
  private static int favouriteChannel(double u, double stress) {
    double ussd = 0.28 * StrictMath.exp(0.15 * stress);
    double app = 0.22 * StrictMath.exp(-0.35 * stress);
    double lipa = 0.30;
    double agent = 0.20 * StrictMath.exp(0.2 * stress);
    double x = u * (ussd + app + lipa + agent);
    return x < ussd ? USSD : x < ussd + app ? APP : x < ussd + app + lipa ? 2 : AGENT;
  }

  /**
   * Activity on a day: 1, fading linearly to {@code atEnd} over the {@code fade} days before {@code end}, then
   * {@code after}.
   */
  private static double shape(int day, int end, int fade, double atEnd, double after) {
    if (day >= end) {
      return after;
    }
    if (day < end - fade) {
      return 1;
    }
    return atEnd + (1 - atEnd) * (end - day) / fade;
  }

  private static double sigmoid(double x) {
    return 1 / (1 + StrictMath.exp(-x));
  }

  private static int pick(double[] cdf, double u) {
    int index = Arrays.binarySearch(cdf, u);
    return Math.min(index >= 0 ? index + 1 : -index - 1, cdf.length - 1);
  }

  private static double[] cumulative(double... weights) {
    double total = Arrays.stream(weights).sum();
    double[] cdf = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      cdf[i] = sum / total;
    }
    cdf[weights.length - 1] = 1.0;
    return cdf;
  }

  private static int[] permutation(Draws random, int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.below(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }

  private void growTransactions() {
    int capacity = txnOwner.length * 3 / 2 + 16;
    txnOwner = Arrays.copyOf(txnOwner, capacity);
    txnDay = Arrays.copyOf(txnDay, capacity);
    txnSecond = Arrays.copyOf(txnSecond, capacity);
    txnChannel = Arrays.copyOf(txnChannel, capacity);
    txnCents = Arrays.copyOf(txnCents, capacity);
  }

  private void growLoans() {
    int capacity = loanOwner.length * 3 / 2 + 16;
    loanOwner = Arrays.copyOf(loanOwner, capacity);
    loanDay = Arrays.copyOf(loanDay, capacity);
    loanCents = Arrays.copyOf(loanCents, capacity);
    loanRepaid = Arrays.copyOf(loanRepaid, capacity);
    loanRepaidCents = Arrays.copyOf(loanRepaidCents, capacity);
    loanRepaidDay = Arrays.copyOf(loanRepaidDay, capacity);
  }
}
