package dev.takwimu.safaricom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.takwimu.safaricom.SyntheticStream.Kind;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticStreamTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FIELDS = List.of("txn_id", "cust_id", "amount", "channel", "timestamp");
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
      .withResolverStyle(ResolverStyle.STRICT);

  @TempDir
  Path temp;

  @Test
  void theSameSettingsGiveTheSameRecordsAndAnotherSeedOthers() {
    SyntheticStream first = SyntheticStream.of(SyntheticExports.builder().customers(500).dirtyRate(0.2).build());
    SyntheticStream again = SyntheticStream.of(SyntheticExports.builder().customers(500).dirtyRate(0.2).build());
    SyntheticStream other = SyntheticStream.of(SyntheticExports.builder().customers(500).dirtyRate(0.2).seed(43)
        .build());
    int differ = 0;
    for (long i = 0; i < 1000; i++) {
      assertThat(again.record(i).value()).isEqualTo(first.record(i).value());
      assertThat(again.record(i).customerId()).isEqualTo(first.record(i).customerId());
      differ += java.util.Arrays.equals(other.record(i).value(), first.record(i).value()) ? 0 : 1;
    }
    assertThat(differ).isGreaterThan(990);
    assertThat(first.record(3).value()).isEqualTo(first.record(3).value());
    assertThatThrownBy(() -> first.record(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void customersAreExactlyTheBookOfGenerateAndTransactionIdsNeverABatchOne() throws IOException {
    SyntheticExports.builder().customers(300).seed(7).build().write(temp.resolve("clean"));
    SyntheticExports settings = SyntheticExports.builder().customers(300).seed(7).dirtyRate(0.1).build();
    settings.write(temp.resolve("dirty"));
    Set<String> bookCustomers = column(temp.resolve("clean/customerdata.csv"), 0);
    Set<String> batchTxnIds = column(temp.resolve("dirty/mpesatransactionsdata.csv"), 0);
    batchTxnIds.addAll(column(temp.resolve("clean/mpesatransactionsdata.csv"), 0));
    assertThat(bookCustomers).hasSize(300);
    assertThat(batchTxnIds).hasSizeGreaterThan(3000).allMatch(id -> id.isBlank() || id.startsWith("T"));

    SyntheticStream stream = SyntheticStream.of(settings);
    Set<String> streamCustomers = new HashSet<>();
    Set<String> streamTxnIds = new HashSet<>();
    for (long i = 0; i < 6000; i++) {
      SyntheticStream.Record record = stream.record(i);
      streamCustomers.add(record.customerId());
      assertThat(new String(record.key(), StandardCharsets.US_ASCII)).isEqualTo(record.customerId());
      streamTxnIds.add(String.format("S%012d", i + 1));
      if (record.kind() == Kind.CLEAN) {
        JsonNode node = JSON.readTree(record.value());
        assertThat(node.get("cust_id").asText()).isEqualTo(record.customerId());
        assertThat(node.get("txn_id").asText()).isEqualTo(String.format("S%012d", i + 1));
      }
    }
    // 6,000 draws from 300 customers reach every one of them (a miss has odds of about 1e-7)
    assertThat(streamCustomers).isEqualTo(bookCustomers);
    assertThat(streamTxnIds).hasSize(6000).doesNotContainAnyElementsOf(batchTxnIds);
  }

  @Test
  void aCleanStreamIsValidTimedAfterTheBookAndInOrder() throws IOException {
    LocalDate asOf = LocalDate.of(2024, 6, 30);
    SyntheticStream stream = SyntheticStream.of(SyntheticExports.builder().customers(12_000_000).asOf(asOf).build());
    LocalDateTime previous = asOf.atStartOfDay();
    Map<String, Integer> channels = new java.util.TreeMap<>();
    for (long i = 0; i < 3000; i++) {
      SyntheticStream.Record record = stream.record(i);
      assertThat(classify(record.value())).isEqualTo(Kind.CLEAN);
      JsonNode node = JSON.readTree(record.value());
      assertThat(node.get("cust_id").asText()).matches("C\\d{8}");
      LocalDateTime at = LocalDateTime.parse(node.get("timestamp").asText(), TIMESTAMP);
      assertThat(at).isAfterOrEqualTo(previous);
      previous = at;
      channels.merge(node.get("channel").asText(), 1, Integer::sum);
    }
    assertThat(previous).isEqualTo(asOf.atStartOfDay().plusSeconds(299));
    assertThat(channels.keySet()).containsExactlyInAnyOrder("USSD", "M-PESA App", "Lipa Na M-PESA", "Agent");
  }

  @Test
  void aboutTheDirtyRateOfRecordsIsDamagedInEachKind() {
    SyntheticStream stream = SyntheticStream.of(SyntheticExports.builder().dirtyRate(0.1).build());
    Map<Kind, Integer> kinds = new EnumMap<>(Kind.class);
    int records = 20_000;
    for (long i = 0; i < records; i++) {
      SyntheticStream.Record record = stream.record(i);
      assertThat(classify(record.value())).as("record %d: %s", i, new String(record.value(),
          StandardCharsets.ISO_8859_1)).isEqualTo(record.kind());
      kinds.merge(record.kind(), 1, Integer::sum);
    }
    int dirty = records - kinds.get(Kind.CLEAN);
    assertThat(dirty).isBetween(1700, 2300);
    for (Kind kind : Kind.values()) {
      assertThat(kinds.getOrDefault(kind, 0)).as(kind.name()).isGreaterThan(250);
    }
  }

  @Test
  void theStreamKnowsTheCountyOfEachCustomerOfTheBook() throws IOException {
    SyntheticExports.builder().customers(2000).seed(11).build().write(temp);
    int checked = 0;
    for (String line : Files.readAllLines(temp.resolve("customerdata.csv")).subList(1, 2001)) {
      String[] fields = line.split(",");
      int county = KenyaCounties.ALL.indexOf(fields[2]);
      if (county >= 0) { // not a town typed instead
        assertThat(SyntheticChunk.county(11, Long.parseLong(fields[0].substring(1)))).as(line).isEqualTo(county);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(1900);
  }

  /** What a consumer sees in a value, decided from its bytes alone. */
  static Kind classify(byte[] value) {
    JsonNode node;
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value));
      node = JSON.readTree(value);
    } catch (CharacterCodingException e) {
      return Kind.NOT_JSON;
    } catch (IOException e) {
      return Kind.NOT_JSON;
    }
    if (node == null || !node.isObject() || FIELDS.stream().noneMatch(node::has)) {
      return Kind.WRONG_SHAPE;
    }
    if (!FIELDS.stream().allMatch(node::has)) {
      return Kind.MISSING_FIELD;
    }
    if (new BigDecimal(node.get("amount").asText()).signum() <= 0) {
      return Kind.NEGATIVE_AMOUNT;
    }
    try {
      LocalDateTime.parse(node.get("timestamp").asText(), TIMESTAMP);
    } catch (DateTimeParseException e) {
      return Kind.BAD_TIMESTAMP;
    }
    return Kind.CLEAN;
  }

  private static Set<String> column(Path csv, int column) throws IOException {
    try (Stream<String> lines = Files.lines(csv)) {
      return lines.skip(1).map(line -> line.split(",", -1)[column]).collect(Collectors.toCollection(HashSet::new));
    }
  }
}
