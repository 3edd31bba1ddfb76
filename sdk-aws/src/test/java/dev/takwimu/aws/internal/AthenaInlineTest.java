package dev.takwimu.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link AthenaExecutor#inline}, the one escaping function for values Athena cannot take as parameters, on Trino. */
class AthenaInlineTest {
  private static final List<String> HOSTILE = List.of("O'Brien", "'; DROP TABLE x; --", "''", "'", "\"q\"",
      "back\\slash\\' \\\\", "line1\nline2\r\nline3", "tab\there", "?", "-- not a comment", "/* nor this */",
      "Ñairobi \u00A0\u202F\u3000 \uD83D\uDE00 \u202Eright-to-left", "U&'\\0041'", "`tick`", "$$dollar$$",
      ("'\\\n?" + "x").repeat(1500));

  @Test
  void hostileStringsComeBackFromTrinoExactly() {
    for (String value : HOSTILE) {
      List<List<Object>> rows = DialectEngines.rows(DialectEngines.trino(),
          AthenaExecutor.inline("SELECT ? AS v, length(?) AS n", List.of(value, value)));
      assertThat(rows).as(value.length() > 60 ? value.substring(0, 60) : value)
          .containsExactly(List.<Object>of(value, (long) value.codePointCount(0, value.length())));
    }
  }

  @Test
  void typedValuesKeepTheirTypesAndANegativeAfterAMinusIsNoComment() {
    List<Object> values = new ArrayList<>(Arrays.asList(-1, -2.5, new BigDecimal("-3.25"),
        LocalDate.of(2024, 2, 29), LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6000), true, null));
    String sql = AthenaExecutor.inline("SELECT 1 -?, typeof(?), ? + 0, ?, ?, ?, ? IS NULL", values);
    assertThat(sql).doesNotContain("--");
    List<List<Object>> rows = DialectEngines.rows(DialectEngines.trino(), sql);
    assertThat(rows.get(0).get(0)).isEqualTo(2);
    assertThat(rows.get(0).get(1)).isEqualTo("double");
    assertThat(rows.get(0).get(3).toString()).isEqualTo("2024-02-29");
    assertThat(rows.get(0).get(4).toString()).startsWith("2024-01-02");
    assertThat(rows.get(0).get(5)).isEqualTo(true);
    assertThat(rows.get(0).get(6)).isEqualTo(true);
  }

  @Test
  void placeholdersInLiteralsIdentifiersAndCommentsAreLeftAlone() {
    assertThat(AthenaExecutor.inline("SELECT '?', \"?\", ? -- ?\n/* ? */", List.of("a'b")))
        .isEqualTo("SELECT '?', \"?\", 'a''b' -- ?\n/* ? */");
    assertThatThrownBy(() -> AthenaExecutor.inline("SELECT ?, ?", List.of("a")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AthenaExecutor.inline("SELECT ?", List.of("a", "b")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
