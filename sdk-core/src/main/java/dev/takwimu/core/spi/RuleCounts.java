package dev.takwimu.core.spi;

import dev.takwimu.core.QualityRule;
import dev.takwimu.core.StageFailedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * What a stage's rules found, read from one row of counts every backend computes the same way: candidate rows,
 * quarantined rows, then the rows breaking each rule in rule order.
 *
 * @param rowsIn candidate rows
 * @param rowsQuarantined rows sent to quarantine
 * @param quarantinedByRule rows breaking each QUARANTINE rule
 * @param warnings rows breaking each WARN rule
 */
public record RuleCounts(long rowsIn, long rowsQuarantined, Map<String, Long> quarantinedByRule,
    Map<String, Long> warnings) {

  /**
   * Sorts the counts by the rules' severities.
   *
   * @param count the value at a position of the counts row (a {@link Number})
   * @throws StageFailedException when a FAIL rule is broken; the caller has committed nothing yet
   */
  public static RuleCounts of(String stage, List<QualityRule> rules, IntFunction<Object> count) {
    Map<String, Long> quarantined = new LinkedHashMap<>();
    Map<String, Long> warnings = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      QualityRule rule = rules.get(i);
      long broken = ((Number) count.apply(2 + i)).longValue();
      switch (rule.severity()) {
        case QUARANTINE -> quarantined.put(rule.name(), broken);
        case WARN -> warnings.put(rule.name(), broken);
        case FAIL -> {
          if (broken > 0) {
            failures.add(rule.name() + " broken by " + broken + " row" + (broken == 1 ? "" : "s"));
          }
        }
      }
    }
    if (!failures.isEmpty()) {
      throw new StageFailedException(stage, String.join("; ", failures) + "; nothing was committed");
    }
    return new RuleCounts(((Number) count.apply(0)).longValue(), ((Number) count.apply(1)).longValue(), quarantined,
        warnings);
  }
}
