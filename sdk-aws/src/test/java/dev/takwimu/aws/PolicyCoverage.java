package dev.takwimu.aws;

import dev.takwimu.aws.testing.PermissionRecorder;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The check of recorded AWS calls against a generated policy, for every test that has both (this module's and, through
 * its test-jar, the CLI's end-to-end test). Conditions are not evaluated, except the KMS alias condition below.
 */
public final class PolicyCoverage {
  private static final Pattern KMS_ALIAS = Pattern.compile("(arn:[^:]+:kms:[^:]*:[^:]*:)(alias/.+)");

  private PolicyCoverage() {}

  /**
   * The calls the policy does not allow: one of their actions it lacks, or a resource ARN outside its statements for
   * that action (every ARN of an access must be allowed, as IAM checks a Glue table action on the catalog, the
   * database and the table). An access whose resource the recorder could not tell is checked on its action only; a
   * call that needs no action (STS GetCallerIdentity) is always allowed.
   */
  public static List<PermissionRecorder.Call> uncovered(IamPolicy policy, List<PermissionRecorder.Call> calls) {
    return calls.stream().filter(call -> !call.accesses().stream().allMatch(access -> access.resources().isEmpty()
        ? policy.allows(access.action())
        : access.resources().stream().allMatch(r -> allows(policy, access.action(), r)))).toList();
  }

  /**
   * IAM authorizes a KMS call made through an alias on the key behind it, which the recorder does not know: a
   * statement allows it when it covers any key of the region and account and names the alias in its
   * {@code kms:ResourceAliases} condition.
   */
  private static boolean allows(IamPolicy policy, String action, String resource) {
    Matcher alias = KMS_ALIAS.matcher(resource);
    if (!alias.matches()) {
      return policy.allows(action, resource);
    }
    String someKey = alias.group(1) + "key/00000000-0000-0000-0000-000000000000";
    return policy.statements().stream().anyMatch(s -> s.allows(action, someKey)
        && s.condition().getOrDefault("ForAnyValue:StringEquals", java.util.Map.of())
            .getOrDefault("kms:ResourceAliases", List.of()).contains(alias.group(2)));
  }
}
