package dev.takwimu.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.core.InvalidInputException;
import dev.takwimu.engine.duckdb.internal.CsvText;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvTextTest {
  @TempDir
  Path work;

  private void check(byte[] content, char delimiter) throws IOException {
    Path file = Files.write(work.resolve("f.csv"), content);
    CsvText.check(file, delimiter, "Cannot ingest f.csv: ");
  }

  private void check(String content) throws IOException {
    check(content.getBytes(StandardCharsets.UTF_8), ',');
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "a,b", "a,b\n1,2", "a,b\r\n1,2\r\n", "a,b\r1,2\r", "a,b\n1,\"x\r\ny\"\n", "a,b\r\n1,\"x\"\"\ny\"\"\"\r\n",
      "\uFEFFa,b\n1,Caf\u00e9 \u20ac \uD83D\uDE00\n", "a,b\n1,ab\"c\n", "a,b\n\n1,2\n"})
  void acceptsUtf8WithOneKindOfLineEnding(String content) {
    assertThatCode(() -> check(content)).doesNotThrowAnyException();
  }

  @Test
  void aQuoteOpensAFieldOnlyAtItsStartAfterTheSourceDelimiter() {
    assertThatCode(() -> check("a;b\n1;\"x;\ny\"\n".getBytes(StandardCharsets.UTF_8), ';'))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> check("a;b\n1;2\n3;\"x\n".getBytes(StandardCharsets.UTF_8), ';'))
        .hasMessage("Cannot ingest f.csv: the quoted field that starts on line 3 is never closed (a missing \")");
  }

  @Test
  void refusesEveryInvalidUtf8FormNamingTheSequenceStart() {
    byte[][] bad = {
        {'a', '\n', (byte) 0xC0, (byte) 0x80},              // overlong NUL
        {'a', '\n', (byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a UTF-16 surrogate
        {'a', '\n', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // beyond U+10FFFF
        {'a', '\n', (byte) 0x80},                           // a lone continuation byte
        {'a', '\n', (byte) 0xE2, (byte) 0x82}};             // cut short by the end of the file
    for (byte[] content : bad) {
      assertThatThrownBy(() -> check(content, ','))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith(String.format(
              "Cannot ingest f.csv: line 2 is not UTF-8 text (byte 0x%02X at byte offset 2)", content[2] & 0xFF));
    }
  }

  @Test
  void namesUtf16WithOrWithoutAByteOrderMark() {
    for (Charset charset : new Charset[] {StandardCharsets.UTF_16, StandardCharsets.UTF_16LE,
        StandardCharsets.UTF_16BE}) {
      assertThatThrownBy(() -> check("a,b\n".getBytes(charset), ','))
          .hasMessage("Cannot ingest f.csv: the file is UTF-16 text, not UTF-8; save it as UTF-8");
    }
  }

  @Test
  void namesTheFirstLineWhoseEndingDiffers() {
    assertThatThrownBy(() -> check("a,b\n1,2\n3,4\r\n"))
        .hasMessage("Cannot ingest f.csv: line 3 ends in CRLF but the lines before it end in LF; mixed line endings"
            + " are not supported, save the file with one kind of line ending");
    assertThatThrownBy(() -> check("a,b\r1,2\n")).hasMessageContaining("line 2 ends in LF but the lines before it"
        + " end in CR");
    assertThatThrownBy(() -> check("a,b\r\n1,2\r\r\n")).hasMessageStartingWith(
        "Cannot ingest f.csv: line 2 ends in CR CR LF");
  }

  @Test
  void duckDbCsvErrorsBecomeOneShortClause() {
    String message = "Invalid Input Error: CSV Error on Line: 4\nOriginal Line: " + "x".repeat(5000)
        + "\nMaximum line size of 2000000 bytes exceeded. Actual Size:3000046 bytes.\n\nPossible Solution: Change"
        + "\n  file = /tmp/f.csv\n";
    assertThat(StrictCsv.csvProblem(message)).isEqualTo(
        "line 4: Maximum line size of 2000000 bytes exceeded. Actual Size:3000046 bytes. (line: \""
            + "x".repeat(77) + "...\")");
    assertThat(StrictCsv.csvProblem("Invalid Input Error: something else")).isNull();
  }
}
