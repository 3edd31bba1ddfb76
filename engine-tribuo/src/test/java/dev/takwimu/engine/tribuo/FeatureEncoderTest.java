package dev.takwimu.engine.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.takwimu.core.DatasetId;
import dev.takwimu.core.Feature;
import dev.takwimu.core.ModelDefinition;
import dev.takwimu.core.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeatureEncoderTest {
  static final ModelDefinition DEFINITION = new ModelDefinition("m", DatasetId.parse("cleaned/things"), "id",
      "flag", Set.of("flag"), Set.of(), List.of(Feature.categorical("colour"), Feature.numeric("amount")),
      DatasetId.parse("cleaned/thing_scores"));

  /** Rows in the training layout: id, numeric features, categorical features, label. */
  static FeatureTable table(Object[]... rows) {
    Row.Layout layout = Row.layout(List.of("id", "amount", "colour", "flag"));
    List<Row> list = new ArrayList<>();
    for (Object[] row : rows) {
      list.add(layout.row(row));
    }
    return FeatureTable.read(DEFINITION, list.iterator(), Integer.MAX_VALUE);
  }

  @Test
  void fitsOnTheGivenRowsOnlyAndEncodesSparsely() {
    FeatureTable table = table(
        new Object[] {"a", 0.0, "red", true},
        new Object[] {"b", Math.expm1(2), "blue", false},
        new Object[] {"c", null, "red", false},
        new Object[] {"d", 1e9, "green", true});
    // Fitted on a, b, c: the amount's mean and spread on the log scale, the colours seen there.
    FeatureEncoder encoder = FeatureEncoder.fit(table, new int[] {0, 1, 2});
    assertThat(encoder.numeric()).singleElement().satisfies(c -> {
      assertThat(c.column()).isEqualTo("amount");
      assertThat(c.mean()).isCloseTo(1.0, within(1e-12));
      assertThat(c.std()).isCloseTo(1.0, within(1e-12));
    });
    assertThat(encoder.categorical()).singleElement()
        .satisfies(c -> assertThat(c.values()).containsExactly("blue", "red"));
    assertThat(encoder.encodedNames()).containsExactly("amount", "amount_missing", "colour=blue", "colour=red");

    FeatureEncoder.Encoding encoding = encoder.encoding();
    int n = encoding.encode(table, 1);
    assertThat(encoding.names(n)).containsExactly("amount", "colour=blue");
    assertThat(encoding.values(n)[0]).isCloseTo(1.0, within(1e-12));
    // A missing number is the mean plus an indicator; an unseen category encodes as nothing.
    n = encoding.encode(table, 2);
    assertThat(encoding.names(n)).containsExactly("amount", "amount_missing", "colour=red");
    assertThat(Arrays.copyOf(encoding.values(n), 2)).containsExactly(0.0, 1.0);
    n = encoding.encode(table, 3);
    assertThat(encoding.names(n)).containsExactly("amount");
    assertThat(FeatureEncoder.scale(-Math.expm1(3))).isCloseTo(-3.0, within(1e-12));
  }

  @Test
  void keepsTheMostFrequentCategories() {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < FeatureEncoder.MAX_CATEGORIES + 10; i++) {
      rows.add(new Object[] {"x" + i, 1.0, "c" + i, false});
    }
    rows.add(new Object[] {"y", 1.0, "c205", false});
    FeatureTable table = table(rows.toArray(Object[][]::new));
    int[] all = TribuoModel.allRows(table.size());
    List<String> kept = FeatureEncoder.fit(table, all).categorical().get(0).values();
    assertThat(kept).hasSize(FeatureEncoder.MAX_CATEGORIES).contains("c205").isSorted();
  }
}
