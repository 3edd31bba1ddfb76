package dev.takwimu.aws;

import dev.takwimu.aws.testing.PermissionRecorder;
import java.util.List;

/**
 * The check of recorded AWS calls against a generated policy, for every test that has both (this module's and, through
 * its test-jar, the CLI's end-to-end test). Conditions are not evaluated.
 */
public final class PolicyCoverage {
  private PolicyCoverage() {}

  /**
   * The calls the policy does not allow: an action it lacks, or (S3, whose calls name their ARNs) a resource outside
   * its statements for that action. A call that needs no action (STS GetCallerIdentity) is always allowed.
   */
  public static List<PermissionRecorder.Call> uncovered(IamPolicy policy, List<PermissionRecorder.Call> calls) {
    return calls.stream().filter(call -> !call.actions().stream().allMatch(action -> call.resources().isEmpty()
        ? policy.allows(action) : call.resources().stream().allMatch(r -> policy.allows(action, r)))).toList();
  }
}
