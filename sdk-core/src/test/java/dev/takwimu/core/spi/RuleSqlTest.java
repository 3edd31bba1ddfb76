package dev.takwimu.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.core.Check;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.QualityRule;
import dev.takwimu.core.Rules;
import dev.takwimu.core.Severity;
import dev.takwimu.core.Zone;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The SQL each rule renders to, written out by hand: quoting, trimming, optional values, bound parameters. */
class RuleSqlTest {
  /** A dialect whose regex function shows where the text and the pattern went. */
  private static final SqlDialect DIALECT = (text, pattern) -> "full_match(" + text + ", " + pattern + ")";
  private static final DatasetId CUSTOMERS = DatasetId.of(Zone.CURATED, "customers");

  private static final Map<String, DataType> COLUMNS = columns(
      "id", DataType.STRING, "amount", DataType.STRING, "score", DataType.DOUBLE, "n", DataType.LONG,
      "day", DataType.DATE, "status", DataType.STRING, "cust_id", DataType.STRING, "we\"ird", DataType.LONG);

  private final List<DatasetId> referenced = new ArrayList<>();
  private final Function<DatasetId, String> alias = id -> {
    referenced.add(id);
    return "ref_" + id.name();
  };

  private RuleSql.Fragment passes(QualityRule rule) {
    return RuleSql.passes(rule, COLUMNS, alias, DIALECT);
  }

  @Test
  void notEmptyTrimsTextAndOnlyChecksNullOtherwise() {
    assertThat(passes(Rules.notEmpty("id")))
        .isEqualTo(new RuleSql.Fragment("(trim(\"id\") IS NOT NULL AND trim(\"id\") <> '')", List.of()));
    assertThat(passes(Rules.notEmpty("n"))).isEqualTo(new RuleSql.Fragment("(\"n\" IS NOT NULL)", List.of()));
  }

  @Test
  void parsesAsUsesThePortableParserOfTheWantedType() {
    assertThat(passes(Rules.parsesAs("amount", DataType.DATE)).sql())
        .isEqualTo("(tk_date(trim(\"amount\")) IS NOT NULL)");
    assertThat(passes(Rules.parsesAs("amount", DataType.TIMESTAMP)).sql())
        .isEqualTo("(tk_timestamp(trim(\"amount\")) IS NOT NULL)");
    assertThat(passes(Rules.parsesAs("amount", DataType.DOUBLE)).sql())
        .isEqualTo("(tk_double(trim(\"amount\")) IS NOT NULL)");
    assertThat(passes(Rules.parsesAs("amount", DataType.INT)).sql())
        .isEqualTo("(tk_long(trim(\"amount\")) IS NOT NULL)");
    assertThat(passes(Rules.parsesAs("amount", DataType.LONG)).sql())
        .isEqualTo("(tk_long(trim(\"amount\")) IS NOT NULL)");
    assertThat(passes(Rules.parsesAs("amount", DataType.BOOLEAN)).sql())
        .isEqualTo("(tk_boolean(trim(\"amount\")) IS NOT NULL)");
    // text wanted as text, or a column that is typed already: only presence is left to check
    assertThat(passes(Rules.parsesAs("amount", DataType.STRING)).sql()).isEqualTo("(trim(\"amount\") IS NOT NULL)");
    assertThat(passes(Rules.parsesAs("day", DataType.DATE)).sql()).isEqualTo("(\"day\" IS NOT NULL)");
  }

  @Test
  void anOptionalCheckPassesOnNullOrEmpty() {
    assertThat(passes(Rules.parsesAsOrEmpty("amount", DataType.DATE)).sql()).isEqualTo(
        "((trim(\"amount\") IS NULL OR trim(\"amount\") = '') OR (tk_date(trim(\"amount\")) IS NOT NULL))");
    assertThat(passes(Rules.atLeastOrEmpty("n", 0))).isEqualTo(
        new RuleSql.Fragment("((\"n\" IS NULL) OR (\"n\" >= ?))", List.of(0.0)));
  }

  @Test
  void rangeBoundsAreBoundParametersAndTextIsReadAsANumber() {
    assertThat(passes(Rules.greaterThan("amount", 0)))
        .isEqualTo(new RuleSql.Fragment("(tk_double(trim(\"amount\")) > ?)", List.of(0.0)));
    assertThat(passes(Rules.between("score", 0.5, 2)))
        .isEqualTo(new RuleSql.Fragment("(\"score\" >= ? AND \"score\" <= ?)", List.of(0.5, 2.0)));
    QualityRule below = new QualityRule("below ten", Severity.QUARANTINE,
        new Check.Range("score", null, false, 10.0, false, false));
    assertThat(passes(below)).isEqualTo(new RuleSql.Fragment("(\"score\" < ?)", List.of(10.0)));
  }

  @Test
  void acceptedValuesAreBoundNeverSplicedAndLowerCasedWhenIgnoringCase() {
    RuleSql.Fragment exact = passes(Rules.acceptedValues("status", List.of("Active", "O'Brien; DROP TABLE x")));
    assertThat(exact).isEqualTo(new RuleSql.Fragment("(trim(\"status\") IN (?, ?))",
        List.of("Active", "O'Brien; DROP TABLE x")));
    assertThat(passes(Rules.acceptedValuesIgnoreCase("status", List.of("Active", "INACTIVE", "x"))))
        .isEqualTo(new RuleSql.Fragment("(lower(trim(\"status\")) IN (?, ?, ?))", List.of("active", "inactive", "x")));
  }

  @Test
  void aPatternGoesThroughTheDialectAsAParameter() {
    assertThat(passes(Rules.matches("id", "2547[0-9]{8}")))
        .isEqualTo(new RuleSql.Fragment("(full_match(trim(\"id\"), ?))", List.of("2547[0-9]{8}")));
  }

  @Test
  void aReferenceLooksUpTheAliasOfTheReferencedDataset() {
    assertThat(passes(Rules.referenceExists("cust_id", CUSTOMERS, "customer_id"))).isEqualTo(new RuleSql.Fragment(
        "(trim(\"cust_id\") IN (SELECT \"customer_id\" FROM \"ref_customers\"))", List.of()));
    assertThat(referenced).containsExactly(CUSTOMERS);
  }

  @Test
  void aPredicateIsUsedAsWritten() {
    assertThat(passes(Rules.predicate("positive", "amount > 0 AND n < 3")))
        .isEqualTo(new RuleSql.Fragment("(amount > 0 AND n < 3)", List.of()));
  }

  @Test
  void namesAreQuotedWithEmbeddedQuotesDoubled() {
    QualityRule weird = new QualityRule("weird", Severity.QUARANTINE, new Check.NotEmpty("we\"ird"));
    assertThat(passes(weird).sql()).isEqualTo("(\"we\"\"ird\" IS NOT NULL)");
    assertThat(RuleSql.value("we\"ird", DataType.STRING, DIALECT)).isEqualTo("trim(\"we\"\"ird\")");
    assertThat(RuleSql.value("n", DataType.LONG, DIALECT)).isEqualTo("\"n\"");
  }

  @Test
  void uniqueKeysRenderTheirKeyAndOrderSeparately() {
    QualityRule unique = Rules.uniqueKey(List.of("id", "n"), List.of("day", "we\"ird"));
    assertThat(RuleSql.uniqueKeyExpressions(unique, COLUMNS, DIALECT)).containsExactly("trim(\"id\")", "\"n\"");
    assertThat(RuleSql.uniqueKeyOrder(unique, COLUMNS, DIALECT)).isEqualTo("\"day\", \"we\"\"ird\"");
    assertThat(RuleSql.uniqueKeyOrder(Rules.uniqueKey(List.of("id"), List.of()), COLUMNS, DIALECT)).isEmpty();
    assertThatThrownBy(() -> passes(unique)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRuleOnAMissingColumnSaysWhichColumnsThereAre() {
    Map<String, DataType> two = columns("a", DataType.STRING, "b", DataType.LONG);
    assertThatThrownBy(() -> RuleSql.passes(Rules.notEmpty("x"), two, alias, DIALECT))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Rule not_empty(x) refers to column x, which the rows do not have (columns: a, b)");
    assertThatThrownBy(() -> RuleSql.uniqueKeyExpressions(Rules.uniqueKey(List.of("a", "y"), List.of()), two, DIALECT))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("refers to column y");
    assertThatThrownBy(() -> RuleSql.uniqueKeyOrder(Rules.uniqueKey(List.of("a"), List.of("z")), two, DIALECT))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("refers to column z");
  }

  @Test
  void everyTypeButTextHasAParser() {
    assertThat(PortableFunctions.parser(DataType.STRING)).isNull();
    for (DataType type : DataType.values()) {
      if (type != DataType.STRING) {
        assertThat(PortableFunctions.parser(type)).as("%s", type).startsWith("tk_");
      }
    }
  }

  private static Map<String, DataType> columns(Object... nameTypePairs) {
    Map<String, DataType> columns = new LinkedHashMap<>();
    for (int i = 0; i < nameTypePairs.length; i += 2) {
      columns.put((String) nameTypePairs[i], (DataType) nameTypePairs[i + 1]);
    }
    return columns;
  }
}
