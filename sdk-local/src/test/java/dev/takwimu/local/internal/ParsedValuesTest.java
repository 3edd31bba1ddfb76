package dev.takwimu.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.DataType;
import dev.takwimu.core.Rules;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which parses a stage computes once, and where its select list reads them instead of parsing again. */
class ParsedValuesTest {
  private static final Map<String, DataType> TYPES = Map.of("amount", DataType.STRING, "timestamp", DataType.STRING,
      "note", DataType.STRING, "count", DataType.LONG);
  private final ParsedValues parsed = new ParsedValues(List.of(
      Rules.notEmpty("note"),
      Rules.greaterThan("amount", 0),
      Rules.parsesAs("timestamp", DataType.TIMESTAMP),
      Rules.parsesAsOrEmpty("timestamp", DataType.TIMESTAMP),
      Rules.greaterThan("count", 0)), TYPES);

  @Test
  void computesEachParseOfATextColumnOnce() {
    assertThat(parsed.columns()).containsExactly(
        "tk_double(trim(\"amount\")) AS _tk_p0", "tk_timestamp(trim(\"timestamp\")) AS _tk_p1");
    assertThat(parsed.inRule("(tk_double(trim(\"amount\")) > ?)")).isEqualTo("(_tk_p0 > ?)");
  }

  @Test
  void selectReadsTheParsedColumnForTheSameFunctionAndColumn() {
    assertThat(parsed.inSelect("tk_double(amount) AS amount")).isEqualTo("_tk_p0 AS amount");
    assertThat(parsed.inSelect("CAST(date_trunc('month', tk_timestamp(\"timestamp\")) AS DATE) AS m"))
        .isEqualTo("CAST(date_trunc('month', _tk_p1) AS DATE) AS m");
    assertThat(parsed.inSelect("coalesce(TK_DOUBLE( trim( amount ) ), 0.0)")).isEqualTo("coalesce(_tk_p0, 0.0)");
  }

  @Test
  void leavesEverythingElseAsWritten() {
    for (String item : List.of(
        "tk_long(amount)",                                        // another function than the rule's
        "tk_double(note)",                                        // a column no rule parses
        "tk_double(amount || 'x')",                               // not the bare column
        "'tk_double(amount)' AS text",                            // inside a literal
        "my_tk_double(amount)",                                   // another function whose name ends alike
        "\"tk_double(amount)\"",                                  // a quoted identifier
        "(SELECT max(tk_double(amount)) FROM other) AS m")) {     // a subquery's column
      assertThat(parsed.inSelect(item)).as(item).isEqualTo(item);
    }
  }
}
