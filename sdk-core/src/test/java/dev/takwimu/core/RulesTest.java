package dev.takwimu.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;

/** The names rules get (they appear in reports and quarantine records), their severities and their validation. */
class RulesTest {
  private static final DatasetId CUSTOMERS = DatasetId.of(Zone.CURATED, "customers");

  @Test
  void eachFactoryNamesItsRule() {
    assertThat(List.of(Rules.notEmpty("txn_id"), Rules.parsesAs("loan_date", DataType.DATE),
            Rules.parsesAsOrEmpty("repaid_date", DataType.DATE), Rules.greaterThan("amount", 0),
            Rules.atLeast("repaid_amount", 0.5), Rules.between("ratio", 0, 1), Rules.between("x", -1.5, 2.25),
            Rules.atLeastOrEmpty("repaid_amount", 0), Rules.acceptedValues("status", List.of("Active")),
            Rules.acceptedValuesIgnoreCase("channel", List.of("App")), Rules.matches("msisdn", "254[0-9]{9}"),
            Rules.referenceExists("cust_id", CUSTOMERS, "customer_id"),
            Rules.uniqueKey(List.of("txn_id", "cust_id"), List.of("timestamp")), Rules.predicate("sane", "1 = 1"))
        .stream().map(QualityRule::name))
        .containsExactly("not_empty(txn_id)", "valid_date(loan_date)", "valid_date_or_empty(repaid_date)",
            "amount > 0", "repaid_amount >= 0.5", "0 <= ratio <= 1", "-1.5 <= x <= 2.25",
            "repaid_amount >= 0 or empty", "accepted_values(status)", "accepted_values(channel)", "pattern(msisdn)",
            "reference(cust_id -> customers.customer_id)", "unique(txn_id,cust_id)", "sane");
  }

  @Test
  void factoriesBuildTheChecksTheyName() {
    assertThat(Rules.between("ratio", 0, 1).check()).isEqualTo(new Check.Range("ratio", 0.0, true, 1.0, true, false));
    assertThat(Rules.greaterThan("amount", 0).check())
        .isEqualTo(new Check.Range("amount", 0.0, false, null, false, false));
    assertThat(Rules.atLeastOrEmpty("a", 2).check()).isEqualTo(new Check.Range("a", 2.0, true, null, false, true));
    assertThat(Rules.parsesAsOrEmpty("d", DataType.DATE).check())
        .isEqualTo(new Check.ParsesAs("d", DataType.DATE, true));
    assertThat(Rules.acceptedValuesIgnoreCase("c", List.of("A")).check())
        .isEqualTo(new Check.AcceptedValues("c", List.of("A"), true, false));
  }

  @Test
  void rulesQuarantineUnlessToldOtherwise() {
    QualityRule rule = Rules.notEmpty("id");
    assertThat(rule.severity()).isEqualTo(Severity.QUARANTINE);
    assertThat(rule.warn().severity()).isEqualTo(Severity.WARN);
    assertThat(rule.fail().severity()).isEqualTo(Severity.FAIL);
    assertThat(rule.fail().quarantine()).isEqualTo(rule);
    assertThat(rule.named("id present")).isEqualTo(new QualityRule("id present", Severity.QUARANTINE, rule.check()));
  }

  @Test
  void ruleNamesAreLimitedToPrintableReportText() {
    assertThat(new QualityRule("a_b.c:(d)<e>=f!,g- h", Severity.WARN, new Check.NotEmpty("x")).name()).isNotNull();
    assertThat(new QualityRule("x".repeat(120), Severity.WARN, new Check.NotEmpty("x")).name()).hasSize(120);
    List<String> refused = new ArrayList<>(List.of("", "x".repeat(121), "it's", "a;b", "a\nb", "a\"b"));
    refused.add(null);
    for (String name : refused) {
      assertThatThrownBy(() -> new QualityRule(name, Severity.WARN, new Check.NotEmpty("x"))).as("%s", name)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Invalid rule name '" + name + "': use up to 120 letters, digits, spaces and _.:()<>=!,-");
    }
  }

  @Test
  void checksRefuseWhatCouldNeverPass() {
    assertThatThrownBy(() -> new Check.Range("x", null, true, null, true, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("A range needs at least one bound");
    assertThatThrownBy(() -> Rules.acceptedValues("x", List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Accepted values must not be empty");
    assertThatThrownBy(() -> Rules.uniqueKey(List.of(), List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A unique key needs at least one column");
    assertThatThrownBy(() -> Rules.matches("x", "([0-9]")).isInstanceOf(PatternSyntaxException.class);
    assertThatThrownBy(() -> new Check.ReferenceExists("x", null, "id", false))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void acceptedValuesAndKeysAreCopied() {
    List<String> values = new ArrayList<>(List.of("A"));
    Check.AcceptedValues check = new Check.AcceptedValues("c", values, false, false);
    values.add("B");
    assertThat(check.values()).containsExactly("A");
  }
}
