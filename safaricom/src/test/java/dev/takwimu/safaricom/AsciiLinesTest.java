package dev.takwimu.safaricom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The hand-written formats of the synthetic exports, against the JDK's. */
class AsciiLinesTest {
  private static String text(AsciiLines lines) {
    return new String(lines.array(), 0, lines.size(), StandardCharsets.US_ASCII);
  }

  @Test
  void moneyHasTwoDecimals() {
    AsciiLines lines = new AsciiLines(1);
    for (long cents : new long[] {0, 5, 10, 99, 100, 14505, 25_000_000, 2_147_483_647L, 2_147_483_648L,
        123_456_789_012_345L}) {
      lines.money(cents).comma();
    }
    assertThat(text(lines)).isEqualTo("0.00,0.05,0.10,0.99,1.00,145.05,250000.00,21474836.47,21474836.48,"
        + "1234567890123.45,");
  }

  @Test
  void idsArePaddedToTheirWidthAndNeverCut() {
    AsciiLines lines = new AsciiLines(1);
    lines.id('C', 42, 7).comma().id('T', 1, 10).comma().id('C', 123_456_789, 7).comma().id('L', 0, 3).comma()
        .id('T', 98_765_432_109L, 10);
    assertThat(text(lines)).isEqualTo("C0000042,T0000000001,C123456789,L000,T98765432109");
  }

  @Test
  void datesAndTimesMatchTheJdk() {
    LocalDate first = LocalDate.of(2015, 12, 25);
    AsciiLines.Days days = new AsciiLines.Days((int) first.toEpochDay(), (int) first.toEpochDay() + 4000);
    for (int i = 0; i <= 4000; i += 37) {
      AsciiLines lines = new AsciiLines(1);
      lines.date(days, (int) first.toEpochDay() + i);
      assertThat(text(lines)).isEqualTo(first.plusDays(i).toString());
    }
    AsciiLines lines = new AsciiLines(1);
    lines.time(0).comma().time(3_600 * 13 + 60 * 5 + 9).comma().time(86_399);
    assertThat(text(lines)).isEqualTo("00:00:00,13:05:09,23:59:59");
  }
}
