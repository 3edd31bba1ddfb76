package dev.takwimu.aws;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link DmsMigration} needs in an account, beside the backend's own {@link AwsPermissions}: DMS calls on the
 * replication instance, endpoints and tasks (DMS names them by generated ids, so ARNs are scoped to the account and
 * region, not to names), handing the service access role (and the secret's role) to DMS, and the exports' objects.
 * The service access role needs {@link #serviceRolePolicy} to read the exports.
 */
public final class DmsPermissions {
  /** DMS Describe* calls support no resource-level permissions ("Actions defined by AWS Database Migration Service"). */
  public static final List<String> DESCRIBE = List.of("dms:DescribeReplicationInstances", "dms:DescribeEndpoints",
      "dms:DescribeReplicationTasks");
  public static final List<String> MANAGE = List.of("dms:CreateReplicationInstance", "dms:CreateEndpoint",
      "dms:DeleteEndpoint", "dms:CreateReplicationTask", "dms:StartReplicationTask", "dms:StopReplicationTask",
      "dms:DeleteReplicationTask", "dms:DescribeTableStatistics", "dms:AddTagsToResource");
  private static final List<String> OBJECTS = List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject",
      "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts");

  private DmsPermissions() {}

  /**
   * The backend's policy for these settings plus what a DMS migration needs.
   *
   * @param account the 12-digit account id; null for {@code *}
   */
  public static IamPolicy policy(AwsSettings aws, DmsSettings dms, String account) {
    IamPolicy base = AwsPermissions.policy(aws, account);
    String partition = AwsPermissions.partition(aws.region());
    String region = aws.region() == null ? "*" : aws.region();
    String accountId = account == null ? "*" : account;
    String dmsArn = "arn:" + partition + ":dms:" + region + ":" + accountId + ":";
    S3Location exports = dms.exports(aws);
    List<IamPolicy.Statement> statements = new ArrayList<>(base.statements());
    statements.add(new IamPolicy.Statement("TakwimuDmsDescribe", DESCRIBE, List.of("*"), Map.of()));
    statements.add(new IamPolicy.Statement("TakwimuDms", MANAGE,
        List.of(dmsArn + "rep:*", dmsArn + "endpoint:*", dmsArn + "task:*"), Map.of()));
    Set<String> roles = new LinkedHashSet<>();
    roles.add(dms.serviceAccessRole());
    if (dms.target().secretAccessRole() != null) {
      roles.add(dms.target().secretAccessRole());
    }
    statements.add(new IamPolicy.Statement("TakwimuPassDmsRoles", List.of("iam:PassRole"), List.copyOf(roles),
        Map.of("StringEquals", Map.of("iam:PassedToService", List.of("dms.amazonaws.com")))));
    statements.add(new IamPolicy.Statement("TakwimuDmsExports", OBJECTS,
        List.of("arn:" + partition + ":s3:::" + exports.bucket() + "/" + exports.prefix() + "*"), Map.of()));
    statements.add(new IamPolicy.Statement("TakwimuDmsExportBucket", List.of("s3:ListBucket"),
        List.of("arn:" + partition + ":s3:::" + exports.bucket()),
        exports.prefix().isEmpty() ? Map.of()
            : Map.of("StringLikeIfExists", Map.of("s3:prefix", List.of(exports.prefix() + "*")))));
    List<String> notes = new ArrayList<>(base.notes());
    notes.add("DMS: the service access role " + dms.serviceAccessRole() + " needs the policy of 'takwimu aws policy "
        + "--dms-service-role' and must trust dms.amazonaws.com; DMS also needs its own roles dms-vpc-role (and "
        + "dms-cloudwatch-logs-role for task logs) in the account, as the DMS user guide describes.");
    return new IamPolicy(statements, notes);
  }

  /** The policy of the role DMS assumes to read the exports: list the export prefix, read its objects. */
  public static IamPolicy serviceRolePolicy(AwsSettings aws, DmsSettings dms) {
    String partition = AwsPermissions.partition(aws.region());
    S3Location exports = dms.exports(aws);
    List<IamPolicy.Statement> statements = new ArrayList<>();
    statements.add(new IamPolicy.Statement("TakwimuDmsReadExports", List.of("s3:GetObject"),
        List.of("arn:" + partition + ":s3:::" + exports.bucket() + "/" + exports.prefix() + "runs/*"), Map.of()));
    statements.add(new IamPolicy.Statement("TakwimuDmsListExports", List.of("s3:ListBucket"),
        List.of("arn:" + partition + ":s3:::" + exports.bucket()),
        Map.of("StringLike", Map.of("s3:prefix", List.of(exports.prefix() + "runs/*")))));
    if (aws.kmsKeyId() != null) {
      String key = aws.kmsKeyId().startsWith("arn:") ? aws.kmsKeyId()
          : "arn:" + partition + ":kms:" + (aws.region() == null ? "*" : aws.region()) + ":*:" + (aws.kmsKeyId()
              .startsWith("alias/") ? aws.kmsKeyId() : "key/" + aws.kmsKeyId());
      statements.add(new IamPolicy.Statement("TakwimuDmsDecryptExports", List.of("kms:Decrypt"), List.of(key),
          Map.of()));
    }
    return new IamPolicy(statements, List.of("Attach to " + dms.serviceAccessRole() + ", whose trust policy must allow "
        + "sts:AssumeRole by the service principal dms.amazonaws.com."));
  }
}
