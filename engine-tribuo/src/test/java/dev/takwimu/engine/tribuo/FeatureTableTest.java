package dev.takwimu.engine.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.Row;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureTableTest {
  @Test
  void theTrainingLayoutIsPortableSql() {
    assertThat(FeatureTable.selectList(FeatureEncoderTest.DEFINITION)).isEqualTo(
        "CAST(\"id\" AS VARCHAR), CAST(\"amount\" AS DOUBLE), CAST(\"colour\" AS VARCHAR), COALESCE((flag), FALSE)");
  }

  @Test
  void rowsToPredictAreReadByNameAsTheEnginesCastThem() {
    Row.Layout layout = Row.layout(List.of("note", "colour", "amount", "id"));
    FeatureTable table = FeatureTable.of(FeatureEncoderTest.DEFINITION, List.of(
        layout.row("x", "red", 3L, 7),
        layout.row(null, null, null, "b"),
        layout.row("y", 4, "2.5", "c"),
        Row.layout(List.of("id", "amount", "colour")).row("d", true, "blue")));
    assertThat(table.ids()).containsExactly("7", "b", "c", "d");
    assertThat(table.numeric()[0]).containsExactly(3.0, Double.NaN, 2.5, 1.0);
    assertThat(table.categorical()[0]).containsExactly("red", null, "4", "blue");
    assertThat(table.labels()).containsOnly(false);
  }

  @Test
  void unusableRowsGiveOneLineErrors() {
    assertThatThrownBy(() -> FeatureTable.of(FeatureEncoderTest.DEFINITION,
        List.of(Row.layout(List.of("id", "colour")).row("a", "red"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot predict with model m: column amount missing (found: id, colour)");
    assertThatThrownBy(() -> FeatureTable.of(FeatureEncoderTest.DEFINITION,
        List.of(Row.layout(List.of("id", "amount", "colour")).row("a", LocalDate.of(2024, 1, 1), "red"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot predict with model m: numeric feature amount holds '2024-01-01' (LocalDate), not a number");
  }
}
