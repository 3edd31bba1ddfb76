package dev.takwimu.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.core.InvalidInputException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DmsSettingsTest {
  private static final String ROLE = "arn:aws:iam::111122223333:role/takwimu-dms";

  private static Map<String, String> properties() {
    Map<String, String> p = new HashMap<>();
    p.put("dms.replication-instance", "takwimu-serving");
    p.put("dms.service-access-role", ROLE);
    p.put("dms.target.host", "analytics.cluster-abc.eu-west-1.rds.amazonaws.com");
    p.put("dms.target.port", "5432");
    p.put("dms.target.database", "analytics");
    p.put("dms.target.user", "takwimu");
    p.put("dms.target.password-env", "PGPASSWORD");
    return p;
  }

  @Test
  void readsAFileOfSettingsWithThePasswordFromTheEnvironment() {
    Map<String, String> p = properties();
    p.put("dms.load-timeout", "2h");
    p.put("dms.security-groups", "sg-1, sg-2");
    p.put("dms.export-location", "s3://exports/dms");
    DmsSettings settings = DmsSettings.fromProperties(p, Map.of("PGPASSWORD", "hunter2"));

    assertThat(settings.loadTimeout()).isEqualTo(Duration.ofHours(2));
    assertThat(settings.securityGroups()).containsExactly("sg-1", "sg-2");
    assertThat(settings.target().password()).isEqualTo("hunter2");
    assertThat(settings.target().toString()).doesNotContain("hunter2");
    assertThat(settings.toString()).doesNotContain("hunter2");
    assertThat(settings.engineVersion()).isEqualTo(DmsSettings.MIN_ENGINE_VERSION);
    assertThat(settings.exports(AwsBackend.builder().lake("s3://lake/t").settings()).uri())
        .isEqualTo("s3://exports/dms/");
    assertThat(DmsSettings.fromProperties(properties(), Map.of("PGPASSWORD", "x"))
        .exports(AwsBackend.builder().lake("s3://lake/t").settings()).uri())
        .isEqualTo("s3://lake/t/raw/_takwimu/dms/");
  }

  @Test
  void aSecretReplacesTheCredentials() {
    Map<String, String> p = new HashMap<>(Map.of("dms.replication-instance", "takwimu-serving",
        "dms.service-access-role", ROLE, "dms.target.engine", "aurora-postgresql", "dms.target.database", "analytics",
        "dms.target.secret-arn", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:takwimu-db",
        "dms.target.secret-access-role", "arn:aws:iam::111122223333:role/takwimu-dms-secret"));
    DmsSettings settings = DmsSettings.fromProperties(p, Map.of());
    assertThat(settings.target().password()).isNull();
    assertThat(settings.target().host()).isNull();

    p.remove("dms.target.secret-access-role");
    assertThatThrownBy(() -> DmsSettings.fromProperties(p, Map.of())).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("needs the role DMS reads it with");
  }

  @Test
  void mistakesAreOneLineErrors() {
    Map<String, String> unknown = properties();
    unknown.put("dms.replication-instnace", "x");
    assertThatThrownBy(() -> DmsSettings.fromProperties(unknown, Map.of("PGPASSWORD", "x")))
        .hasMessageStartingWith("Unknown DMS setting 'dms.replication-instnace'");
    assertThatThrownBy(() -> DmsSettings.fromProperties(properties(), Map.of()))
        .hasMessage("dms.target.password-env names PGPASSWORD, which is not set");
    Map<String, String> old = properties();
    old.put("dms.engine-version", "3.4.7");
    assertThatThrownBy(() -> DmsSettings.fromProperties(old, Map.of("PGPASSWORD", "x")))
        .hasMessageContaining("cannot read Parquet from S3: use 3.5.3 or later");
    Map<String, String> none = properties();
    none.remove("dms.replication-instance");
    assertThatThrownBy(() -> DmsSettings.fromProperties(none, Map.of("PGPASSWORD", "x")))
        .hasMessageStartingWith("Missing DMS setting dms.replication-instance");
    for (String id : List.of("1abc", "a--b", "ends-", "x".repeat(64))) {
      Map<String, String> bad = properties();
      bad.put("dms.replication-instance", id);
      assertThatThrownBy(() -> DmsSettings.fromProperties(bad, Map.of("PGPASSWORD", "x")))
          .as(id).hasMessageStartingWith("Invalid DMS replication instance identifier");
    }
    assertThat(DmsSettings.compareVersions("3.5.10", "3.5.3")).isPositive();
  }

  @Test
  void thePolicyAddsDmsAndTheServiceRoleReadsOnlyTheExports() {
    AwsSettings aws = AwsBackend.builder().lake("s3://mpesa-lake/takwimu").region("eu-west-1").settings();
    DmsSettings dms = DmsSettings.fromProperties(properties(), Map.of("PGPASSWORD", "x"));
    IamPolicy policy = DmsPermissions.policy(aws, dms, "111122223333");

    assertThat(policy.allows("dms:CreateReplicationTask", "arn:aws:dms:eu-west-1:111122223333:task:ABC")).isTrue();
    assertThat(policy.allows("dms:CreateReplicationTask", "arn:aws:dms:us-east-1:111122223333:task:ABC")).isFalse();
    assertThat(policy.allows("dms:DeleteReplicationInstance")).as("Takwimu never deletes the instance").isFalse();
    assertThat(policy.statement("TakwimuPassDmsRoles").orElseThrow().resources()).containsExactly(ROLE);
    assertThat(policy.allows("s3:PutObject", "arn:aws:s3:::mpesa-lake/takwimu/raw/_takwimu/dms/runs/x")).isTrue();

    IamPolicy role = DmsPermissions.serviceRolePolicy(aws, dms);
    assertThat(role.allows("s3:GetObject", "arn:aws:s3:::mpesa-lake/takwimu/raw/_takwimu/dms/runs/r/a/b/LOAD1"))
        .isTrue();
    assertThat(role.allows("s3:GetObject", "arn:aws:s3:::mpesa-lake/takwimu/curated/customers/x.parquet")).isFalse();
    assertThat(role.allows("s3:PutObject")).isFalse();
  }
}
