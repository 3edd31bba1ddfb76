package dev.takwimu.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.core.QualityRule;
import dev.takwimu.core.Rules;
import dev.takwimu.core.StageFailedException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading a stage's counts row: totals first, then one count per rule, sorted by severity. */
class RuleCountsTest {
  private static final List<QualityRule> RULES = List.of(Rules.notEmpty("id"), Rules.notEmpty("name").warn(),
      Rules.notEmpty("day").fail(), Rules.greaterThan("amount", 0), Rules.notEmpty("county").warn());

  @Test
  void quarantineAndWarningCountsKeepRuleOrder() {
    List<Object> row = List.of(100L, 7, 3L, 5, 0L, 4, 2.0);
    RuleCounts counts = RuleCounts.of("curate", RULES, row::get);
    assertThat(counts.rowsIn()).isEqualTo(100);
    assertThat(counts.rowsQuarantined()).isEqualTo(7);
    assertThat(counts.quarantinedByRule()).containsExactly(Map.entry("not_empty(id)", 3L), Map.entry("amount > 0", 4L));
    assertThat(counts.warnings()).containsExactly(Map.entry("not_empty(name)", 5L), Map.entry("not_empty(county)", 2L));
  }

  @Test
  void aBrokenFailRuleStopsTheStage() {
    List<QualityRule> rules = List.of(Rules.notEmpty("a").fail(), Rules.notEmpty("b"), Rules.notEmpty("c").fail());
    assertThatThrownBy(() -> RuleCounts.of("load", rules, List.<Object>of(10L, 0L, 1L, 0L, 3L)::get))
        .isInstanceOf(StageFailedException.class)
        .hasMessage("Stage load failed: not_empty(a) broken by 1 row; not_empty(c) broken by 3 rows; "
            + "nothing was committed")
        .satisfies(e -> assertThat(((StageFailedException) e).stage()).isEqualTo("load"));
  }
}
