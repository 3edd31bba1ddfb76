package dev.takwimu.safaricom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.takwimu.core.TakwimuException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synthetic exports on real files: layout, formats, determinism, scale, parameters and atomic writes. */
class SyntheticExportsTest {
  private static final LocalDate AS_OF = SyntheticExports.DEFAULT_AS_OF;
  private static final String DATE = "\\d{4}-\\d{2}-\\d{2}";
  private static final String MONEY = "\\d+\\.\\d{2}";

  @TempDir
  Path temp;

  private Path generate(String directory, long customers, long seed, double dirtyRate) {
    Path out = temp.resolve(directory);
    SyntheticExports.builder().customers(customers).seed(seed).dirtyRate(dirtyRate).build().write(out);
    return out;
  }

  private static List<String[]> records(Path directory, RawExport export) throws IOException {
    List<String> lines = Files.readAllLines(directory.resolve(export.fileName()));
    List<String[]> records = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      records.add(line.split(",", -1));
    }
    return records;
  }

  @Test
  void sameSettingsGiveTheSameBytesAndAnotherSeedOtherBytes() throws IOException {
    Path first = generate("first", 2_500, 7, 0.05);
    Path again = generate("again", 2_500, 7, 0.05);
    Path otherSeed = generate("other-seed", 2_500, 8, 0.05);
    for (RawExport export : RawExport.values()) {
      Path file = first.resolve(export.fileName());
      assertThat(Files.mismatch(file, again.resolve(export.fileName()))).as(export.fileName()).isEqualTo(-1L);
      assertThat(Files.mismatch(file, otherSeed.resolve(export.fileName()))).as(export.fileName()).isNotEqualTo(-1L);
    }
  }

  @Test
  void theBytesDoNotDependOnTheNumberOfThreads() throws IOException {
    SyntheticExports generator = SyntheticExports.builder().customers(25_000).seed(3).dirtyRate(0.02).build();
    generator.write(temp.resolve("one"), 1);
    generator.write(temp.resolve("three"), 3);
    for (RawExport export : RawExport.values()) {
      assertThat(Files.mismatch(temp.resolve("one").resolve(export.fileName()),
          temp.resolve("three").resolve(export.fileName()))).as(export.fileName()).isEqualTo(-1L);
    }
  }

  @Test
  void cleanExportsHaveTheSourceLayoutAndConsistentValues() throws IOException {
    Path out = generate("clean", 3_000, 42, 0);
    assertThat(Files.readAllLines(out.resolve("customerdata.csv")).get(0))
        .isEqualTo("Customer_ID,Name,County,Registration_Date,Deactivation_Date,Status");
    assertThat(Files.readAllLines(out.resolve("mpesatransactionsdata.csv")).get(0))
        .isEqualTo("Txn_ID,Cust_ID,Amount,Channel,Timestamp");
    assertThat(Files.readAllLines(out.resolve("fulizadata.csv")).get(0))
        .isEqualTo("Loan_ID,Customer_ID,Loan_Amount,Loan_Date,Repaid_Amount,Repaid,Repaid_Date");
    LocalDate windowStart = AS_OF.minusYears(1);

    Map<String, LocalDate> registered = new HashMap<>();
    Set<String> places = new HashSet<>();
    long inactive = 0;
    for (String[] c : records(out, RawExport.CUSTOMERS)) {
      assertThat(c).hasSize(6);
      assertThat(c[0]).matches("C\\d{7}");
      assertThat(c[1]).matches("[A-Z][a-z']+ [A-Z][a-z]+( [A-Z][a-z]+)?");
      assertThat(KenyaCounties.ALL.contains(c[2]) || SyntheticChunk.TOWNS.contains(c[2])).as(c[2]).isTrue();
      LocalDate registration = LocalDate.parse(c[3]);
      assertThat(registration).isBetween(LocalDate.of(2018, 1, 1), AS_OF.minusDays(1));
      assertThat(c[5]).isIn("Active", "Inactive");
      if (c[5].equals("Inactive")) {
        inactive++;
        assertThat(LocalDate.parse(c[4])).isAfter(registration).isBetween(windowStart, AS_OF.minusDays(1));
      } else {
        assertThat(c[4]).isEmpty();
      }
      assertThat(registered.put(c[0], registration)).as("duplicate %s", c[0]).isNull();
      places.add(c[2]);
    }
    assertThat(registered).hasSize(3_000);
    assertThat(inactive / 3_000.0).as("churn share").isBetween(0.12, 0.18);
    assertThat(places).contains("Nairobi", "Mombasa", "Kisumu").hasSizeGreaterThan(40);

    Set<String> ids = new HashSet<>();
    Set<String> channels = new HashSet<>();
    for (String[] t : records(out, RawExport.TRANSACTIONS)) {
      assertThat(t).hasSize(5);
      assertThat(t[0]).matches("T\\d{10}");
      assertThat(ids.add(t[0])).as("duplicate %s", t[0]).isTrue();
      assertThat(registered).containsKey(t[1]);
      assertThat(t[2]).matches(MONEY);
      assertThat(Double.parseDouble(t[2])).isPositive();
      channels.add(t[3]);
      assertThat(t[4]).matches(DATE + " \\d{2}:\\d{2}:\\d{2}");
      LocalDate day = LocalDate.parse(t[4].substring(0, 10));
      assertThat(day).isBetween(windowStart, AS_OF.minusDays(1)).isAfterOrEqualTo(registered.get(t[1]));
    }
    assertThat(channels).containsExactlyInAnyOrderElementsOf(SyntheticChunk.CHANNELS);

    ids.clear();
    for (String[] l : records(out, RawExport.LOANS)) {
      assertThat(l).hasSize(7);
      assertThat(l[0]).matches("L\\d{9}");
      assertThat(ids.add(l[0])).as("duplicate %s", l[0]).isTrue();
      assertThat(registered).containsKey(l[1]);
      assertThat(l[2]).matches(MONEY);
      assertThat(l[4]).matches(MONEY);
      assertThat(Double.parseDouble(l[4])).isBetween(0.0, Double.parseDouble(l[2]));
      LocalDate loanDay = LocalDate.parse(l[3]);
      assertThat(loanDay).isBetween(windowStart, AS_OF.minusDays(1));
      assertThat(l[5]).isIn("True", "False");
      if (l[5].equals("True")) {
        assertThat(l[4]).isEqualTo(l[2]);
        assertThat(LocalDate.parse(l[6])).isAfter(loanDay).isBefore(loanDay.plusDays(91));
      } else {
        assertThat(l[6]).isEmpty();
      }
    }
  }

  @Test
  void countsScaleWithTheNumberOfCustomers() {
    SyntheticExports.Summary small = SyntheticExports.builder().customers(1_000).build().write(temp.resolve("s"));
    SyntheticExports.Summary large = SyntheticExports.builder().customers(4_000).build().write(temp.resolve("l"));
    assertThat(small.customers()).isEqualTo(1_000);
    assertThat(large.customers()).isEqualTo(4_000);
    assertThat(large.transactions() / (double) large.customers()).as("transactions per customer").isCloseTo(20,
        within(2.5));
    assertThat(large.loans() / (double) large.customers()).as("loans per customer").isCloseTo(2.4, within(0.4));
    assertThat(large.transactions() / (double) small.transactions()).isCloseTo(4, within(0.6));
    assertThat(large.loans() / (double) small.loans()).isCloseTo(4, within(0.8));
    assertThat(List.of(large.dirtyCustomers(), large.dirtyTransactions(), large.dirtyLoans())).containsOnly(0L);
    assertThat(large.rows(RawExport.TRANSACTIONS)).isEqualTo(large.transactions());
  }

  @Test
  void aDirtyRateAddsDirtyRowsAndCopies() throws IOException {
    Path out = temp.resolve("dirty");
    SyntheticExports.Summary summary = SyntheticExports.builder().customers(2_000).dirtyRate(0.1).build().write(out);
    assertThat(summary.customers()).isGreaterThan(2_000); // later copies of some customers
    for (RawExport export : RawExport.values()) {
      long lines;
      try (Stream<String> all = Files.lines(out.resolve(export.fileName()))) {
        lines = all.count();
      }
      assertThat(lines - 1).as(export.fileName()).isEqualTo(summary.rows(export));
      assertThat(summary.dirtyRows(export) / (double) summary.rows(export)).as(export.fileName())
          .isBetween(0.05, 0.35);
    }
    assertThat(Files.readString(out.resolve("mpesatransactionsdata.csv"))).contains(",\"1,000.00\",", ",,");
  }

  @Test
  void badSettingsAreRejectedWithTheirName() {
    SyntheticExports.Builder builder = SyntheticExports.builder();
    assertThatThrownBy(() -> builder.customers(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("customers must be between 1 and 1000000000, was 0");
    assertThatThrownBy(() -> builder.customers(-5)).hasMessageContaining("customers");
    assertThatThrownBy(() -> builder.dirtyRate(0.6)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dirtyRate must be a share between 0 and 0.5 of the rows, was 0.6");
    assertThatThrownBy(() -> builder.dirtyRate(-0.01)).hasMessageContaining("dirtyRate");
    assertThatThrownBy(() -> builder.dirtyRate(Double.NaN)).hasMessageContaining("dirtyRate");
    assertThatThrownBy(() -> builder.asOf(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("asOf");
    assertThatThrownBy(() -> builder.asOf(LocalDate.of(1999, 1, 1))).hasMessageContaining("2008-01-01");
    SyntheticExports defaults = builder.build();
    assertThat(defaults.customers()).isEqualTo(10_000);
    assertThat(defaults.seed()).isEqualTo(42);
    assertThat(defaults.asOf()).isEqualTo(LocalDate.of(2025, 1, 1));
    assertThat(defaults.dirtyRate()).isZero();
  }

  @Test
  void anotherAsOfMovesTheWindow() throws IOException {
    Path out = temp.resolve("as-of");
    SyntheticExports.builder().customers(300).asOf(LocalDate.of(2019, 7, 1)).build().write(out);
    for (String[] t : records(out, RawExport.TRANSACTIONS)) {
      assertThat(t[4].substring(0, 10)).isBetween("2018-07-01", "2019-06-30");
    }
  }

  @Test
  void aFailedWriteLeavesNoTemporaryFileAndReplacesNothing() throws IOException {
    Path out = Files.createDirectories(temp.resolve("blocked"));
    Files.createDirectories(out.resolve("customerdata.csv").resolve("in-the-way"));
    Files.writeString(out.resolve("fulizadata.csv"), "old");
    SyntheticExports generator = SyntheticExports.builder().customers(100).build();

    assertThatThrownBy(() -> generator.write(out)).isInstanceOf(TakwimuException.class)
        .hasMessageStartingWith("Cannot write synthetic exports to " + out);
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("customerdata.csv",
          "fulizadata.csv");
    }
    assertThat(Files.readString(out.resolve("fulizadata.csv"))).isEqualTo("old");

    Path file = Files.writeString(temp.resolve("a-file"), "x");
    assertThatThrownBy(() -> generator.write(file)).isInstanceOf(TakwimuException.class)
        .hasMessageContaining("a-file");
  }

  @Test
  void aSuccessfulWriteLeavesOnlyTheThreeExports() throws IOException {
    Path out = generate("only", 50, 1, 0.2);
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("customerdata.csv",
          "mpesatransactionsdata.csv", "fulizadata.csv");
    }
  }
}
