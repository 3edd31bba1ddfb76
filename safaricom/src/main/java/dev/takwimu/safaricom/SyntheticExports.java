package dev.takwimu.safaricom;

import dev.takwimu.core.TakwimuException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes realistic synthetic M-Pesa and Fuliza exports ({@code customerdata.csv}, {@code mpesatransactionsdata.csv},
 * {@code fulizadata.csv}) in the source system's layout, whose churn and loan activity follow from customer behaviour
 * (docs/synthetic-data.md). The bytes written depend only on the settings; memory stays bounded whatever the size.
 *
 * <pre>{@code
 * SyntheticExports.Summary summary = SyntheticExports.builder().customers(100_000).dirtyRate(0.01).build()
 *     .write(Path.of("exports"));
 * }</pre>
 */
public final class SyntheticExports {
  public static final long DEFAULT_CUSTOMERS = 10_000;
  public static final long MAX_CUSTOMERS = 1_000_000_000;
  public static final long DEFAULT_SEED = 42;
  public static final LocalDate DEFAULT_AS_OF = LocalDate.of(2025, 1, 1);
  public static final double MAX_DIRTY_RATE = 0.5;
  static final LocalDate FIRST_AS_OF = LocalDate.of(2008, 1, 1);
  static final LocalDate LAST_AS_OF = LocalDate.of(2100, 12, 31);
  /** Registrations start here (or a year before the as-of date, when that is earlier). */
  static final LocalDate FIRST_REGISTRATION = LocalDate.of(2018, 1, 1);
  /** Customers generated, formatted and written as one unit. */
  static final int CHUNK = 10_000;
  /** Names of temporary files only; never the data, which depends on the settings alone. */
  private static final SecureRandom TEMP_NAMES = new SecureRandom();

  private final long customers;
  private final long seed;
  private final LocalDate asOf;
  private final double dirtyRate;

  private SyntheticExports(Builder builder) {
    this.customers = builder.customers;
    this.seed = builder.seed;
    this.asOf = builder.asOf;
    this.dirtyRate = builder.dirtyRate;
  }

  public static Builder builder() {
    return new Builder();
  }

  public long customers() {
    return customers;
  }

  public long seed() {
    return seed;
  }

  public LocalDate asOf() {
    return asOf;
  }

  public double dirtyRate() {
    return dirtyRate;
  }

  /**
   * Rows written per file (header excluded), and how many of them the Safaricom pipeline's quarantine rules reject:
   * the dirty rows, later copies of an id, and the transactions and loans of a rejected customer.
   */
  public record Summary(long customers, long transactions, long loans, long dirtyCustomers, long dirtyTransactions,
      long dirtyLoans) {
    /** Rows written to the export's file. */
    public long rows(RawExport export) {
      return switch (export) {
        case CUSTOMERS -> customers;
        case TRANSACTIONS -> transactions;
        case LOANS -> loans;
      };
    }

    /** Rows of the export's file that curation quarantines. */
    public long dirtyRows(RawExport export) {
      return switch (export) {
        case CUSTOMERS -> dirtyCustomers;
        case TRANSACTIONS -> dirtyTransactions;
        case LOANS -> dirtyLoans;
      };
    }
  }

  /**
   * Writes the three exports into {@code directory} (created if missing), replacing files of the same names. Each
   * file is written under a temporary name in the directory and moved into place once all three are complete; a
   * failure while writing leaves no temporary file behind and replaces no existing file.
   *
   * @throws TakwimuException when a file cannot be written
   */
  public Summary write(Path directory) {
    return write(directory, Runtime.getRuntime().availableProcessors());
  }

  /** {@link #write(Path)} with the given number of worker threads (the bytes do not depend on it). */
  Summary write(Path directory, int threads) {
    Objects.requireNonNull(directory, "directory");
    Map<RawExport, Path> temps = new EnumMap<>(RawExport.class);
    ExecutorService pool = Executors.newFixedThreadPool(threads, new Daemons());
    try {
      Files.createDirectories(directory);
      for (RawExport export : RawExport.values()) {
        String name = "." + export.fileName() + "." + Long.toHexString(TEMP_NAMES.nextLong()) + ".tmp";
        temps.put(export, directory.resolve(name));
      }
      Summary summary;
      try (OutputStream customersOut = open(temps.get(RawExport.CUSTOMERS));
          OutputStream transactionsOut = open(temps.get(RawExport.TRANSACTIONS));
          OutputStream loansOut = open(temps.get(RawExport.LOANS))) {
        summary = generate(pool, 2 * threads + 2, customersOut, transactionsOut, loansOut);
      }
      for (RawExport export : RawExport.values()) {
        move(temps.get(export), directory.resolve(export.fileName()));
      }
      return summary;
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot write synthetic exports to %s: %s", directory, describe(e));
    } finally {
      pool.shutdownNow();
      for (Path temp : temps.values()) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // hidden and named after its export; nothing more to do
        }
      }
    }
  }

  /**
   * Chunks of customers are generated and formatted in parallel, at most {@code window} at a time, and written in
   * order; transaction and loan ids continue from the previous chunk's last.
   */
  private Summary generate(ExecutorService pool, int window, OutputStream customersOut, OutputStream transactionsOut,
      OutputStream loansOut) throws IOException {
    int asOfDay = (int) asOf.toEpochDay();
    int windowStart = (int) asOf.minusYears(1).toEpochDay();
    int firstRegistration = (int) Math.min(FIRST_REGISTRATION.toEpochDay(), windowStart);
    SyntheticChunk.Frame frame = new SyntheticChunk.Frame(seed, firstRegistration, windowStart, asOfDay);
    AsciiLines.Days days = new AsciiLines.Days(firstRegistration, asOfDay + 120);
    int idWidth = Math.max(7, Long.toString(customers).length());

    customersOut.write(SyntheticCsv.CUSTOMER_HEADER);
    transactionsOut.write(SyntheticCsv.TRANSACTION_HEADER);
    loansOut.write(SyntheticCsv.LOAN_HEADER);
    long[] totals = new long[6];
    Deque<CompletableFuture<SyntheticCsv.Text>> pending = new ArrayDeque<>();
    CompletableFuture<long[]> nextIds = CompletableFuture.completedFuture(new long[] {1, 1});
    for (long chunkIndex = 0; chunkIndex * CHUNK < customers; chunkIndex++) {
      long index = chunkIndex;
      long first = chunkIndex * CHUNK + 1;
      int size = (int) Math.min(CHUNK, customers - chunkIndex * CHUNK);
      CompletableFuture<Planned> planned = CompletableFuture.supplyAsync(() -> {
        SyntheticChunk chunk = SyntheticChunk.generate(frame, first, size, index);
        return new Planned(chunk, SyntheticCsv.plan(chunk, dirtyRate, seed, index));
      }, pool);
      CompletableFuture<long[]> ids = nextIds;
      pending.add(planned.thenCombineAsync(ids, (p, start) ->
          SyntheticCsv.format(p.chunk(), p.dirt(), days, idWidth, start[0], start[1]), pool));
      nextIds = planned.thenCombine(ids, (p, start) ->
          new long[] {start[0] + p.chunk().transactions, start[1] + p.chunk().loans});
      if (pending.size() >= window) {
        write(join(pending.poll()), totals, customersOut, transactionsOut, loansOut);
      }
    }
    while (!pending.isEmpty()) {
      write(join(pending.poll()), totals, customersOut, transactionsOut, loansOut);
    }
    return new Summary(totals[0], totals[1], totals[2], totals[3], totals[4], totals[5]);
  }

  private record Planned(SyntheticChunk chunk, SyntheticCsv.Dirt dirt) {}

  private static void write(SyntheticCsv.Text text, long[] totals, OutputStream customersOut,
      OutputStream transactionsOut, OutputStream loansOut) throws IOException {
    customersOut.write(text.customers().array(), 0, text.customers().size());
    transactionsOut.write(text.transactions().array(), 0, text.transactions().size());
    loansOut.write(text.loans().array(), 0, text.loans().size());
    SyntheticCsv.Dirt dirt = text.dirt();
    totals[0] += dirt.customers().rows();
    totals[1] += dirt.transactions().rows();
    totals[2] += dirt.loans().rows();
    totals[3] += dirt.customers().rejected;
    totals[4] += dirt.transactions().rejected;
    totals[5] += dirt.loans().rejected;
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  private static OutputStream open(Path file) throws IOException {
    return new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE), 1 << 20);
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** {@code permission denied: /data/exports}, rather than an exception's bare file name. */
  private static String describe(IOException e) {
    if (e instanceof FileSystemException fs) {
      String reason = e instanceof AccessDeniedException ? "permission denied"
          : e instanceof NoSuchFileException ? "no such file or directory"
          : e instanceof FileAlreadyExistsException ? "a file is in the way"
          : fs.getReason() != null ? fs.getReason() : e.getClass().getSimpleName();
      return fs.getFile() == null ? reason : reason + ": " + fs.getFile();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /** Worker threads that never keep the JVM alive. */
  private static final class Daemons implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable work) {
      Thread thread = new Thread(work, "takwimu-synthetic-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }

  /** Settings of the generator; every one has a default. */
  public static final class Builder {
    private long customers = DEFAULT_CUSTOMERS;
    private long seed = DEFAULT_SEED;
    private LocalDate asOf = DEFAULT_AS_OF;
    private double dirtyRate;

    private Builder() {}

    /**
     * Number of customers (default 10,000); about 20 transactions and 2.4 loans come with each.
     *
     * @throws IllegalArgumentException when not between 1 and {@link #MAX_CUSTOMERS}
     */
    public Builder customers(long customers) {
      if (customers < 1 || customers > MAX_CUSTOMERS) {
        throw new IllegalArgumentException(
            "customers must be between 1 and " + MAX_CUSTOMERS + ", was " + customers);
      }
      this.customers = customers;
      return this;
    }

    /** Seed of every random choice (default 42): the same settings give the same bytes. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The date the exports are taken (default 2025-01-01): transactions and loans fall in the 12 months before it,
     * registrations from 2018 on, deactivations before it.
     *
     * @throws IllegalArgumentException when null or not between 2008-01-01 and 2100-12-31
     */
    public Builder asOf(LocalDate asOf) {
      if (asOf == null || asOf.isBefore(FIRST_AS_OF) || asOf.isAfter(LAST_AS_OF)) {
        throw new IllegalArgumentException(
            "asOf must be a date between " + FIRST_AS_OF + " and " + LAST_AS_OF + ", was " + asOf);
      }
      this.asOf = asOf;
      return this;
    }

    /**
     * Share of rows made dirty (default 0: every row passes curation).
     *
     * @throws IllegalArgumentException when not between 0 and 0.5
     */
    public Builder dirtyRate(double dirtyRate) {
      if (!(dirtyRate >= 0 && dirtyRate <= MAX_DIRTY_RATE)) {
        throw new IllegalArgumentException(
            "dirtyRate must be a share between 0 and " + MAX_DIRTY_RATE + " of the rows, was " + dirtyRate);
      }
      this.dirtyRate = dirtyRate;
      return this;
    }

    public SyntheticExports build() {
      return new SyntheticExports(this);
    }
  }
}
