package dev.takwimu.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dataset addresses, zones and schemas: what parses, what is refused and how it is said. */
class DatasetIdTest {
  @Test
  void parsesZoneSlashName() {
    assertThat(DatasetId.parse("curated/transactions")).isEqualTo(DatasetId.of(Zone.CURATED, "transactions"));
    assertThat(DatasetId.parse(" Cleaned/customer_features ")).isEqualTo(
        DatasetId.of(Zone.CLEANED, "customer_features"));
    assertThat(DatasetId.of(Zone.QUARANTINE, "loans")).hasToString("quarantine/loans");
    DatasetId raw = DatasetId.of(Zone.RAW, "m_pesa2");
    assertThat(DatasetId.parse(raw.toString())).isEqualTo(raw);
  }

  @Test
  void refusesTextWithoutAZoneOrWithAnUnknownOne() {
    assertThatThrownBy(() -> DatasetId.parse("transactions")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid dataset 'transactions': expected ZONE/NAME, e.g. curated/transactions");
    assertThatThrownBy(() -> DatasetId.parse("gold/transactions")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown zone 'gold' (expected one of: raw, curated, cleaned, quarantine)");
  }

  @Test
  void namesAreLowerCaseLettersDigitsAndUnderscoresStartingWithALetter() {
    String longest = "a" + "b".repeat(127);
    assertThat(DatasetId.of(Zone.RAW, longest).name()).hasSize(128);
    List<String> refused = new ArrayList<>(List.of("", "1abc", "_abc", "Abc", "a-b", "a b", "a/b", "a.b",
        longest + "c"));
    for (String name : refused) {
      assertThatThrownBy(() -> DatasetId.of(Zone.RAW, name)).as("'%s'", name)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Invalid dataset name '" + name
              + "': use lower-case letters, digits and underscores, starting with a letter");
    }
    assertThatThrownBy(() -> DatasetId.of(null, "x")).isInstanceOf(NullPointerException.class);
  }

  @Test
  void zonesParseInAnyCase() {
    assertThat(Zone.parse("RAW")).isEqualTo(Zone.RAW);
    assertThat(Zone.parse(" quarantine ")).isEqualTo(Zone.QUARANTINE);
    assertThat(Zone.CLEANED.id()).isEqualTo("cleaned");
  }

  @Test
  void aSchemaKeepsItsColumnsInOrder() {
    Schema schema = Schema.of(Column.of("id", DataType.STRING), Column.of("amount", DataType.DOUBLE));
    assertThat(schema.names()).containsExactly("id", "amount");
    assertThat(schema.column("amount")).contains(Column.of("amount", DataType.DOUBLE));
    assertThat(schema.column("Amount")).isEmpty();
    assertThatThrownBy(() -> schema.columns().add(Column.of("x", DataType.LONG)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> Column.of("x", null)).isInstanceOf(NullPointerException.class);
  }
}
