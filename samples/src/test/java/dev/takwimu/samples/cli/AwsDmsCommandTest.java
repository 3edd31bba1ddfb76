package dev.takwimu.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.aws.AwsBackend;
import dev.takwimu.aws.AwsProperties;
import dev.takwimu.aws.DmsPermissions;
import dev.takwimu.aws.DmsSettings;
import dev.takwimu.aws.IamPolicy;
import dev.takwimu.aws.PolicyCoverage;
import dev.takwimu.aws.testing.AwsTestEnvironment;
import dev.takwimu.aws.testing.LocalMotoServer;
import dev.takwimu.core.Backends;
import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.Schema;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.serving.postgres.SharedPostgres;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code takwimu aws dms} on the emulated AWS: the exports and the full load into PostgreSQL ({@code EmulatedAws}
 * runs DMS's tasks), a second run that finds the version handed over, and {@code aws policy --dms-config} allowing
 * every call it made.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class AwsDmsCommandTest {
  private static final String BUCKET = "takwimu-dms-e2e";
  private static final String LAKE = "s3://" + BUCKET + "/lake";
  private static final DatasetId CUSTOMERS = DatasetId.parse("curated/customers");

  @TempDir
  Path temp;

  @AfterEach
  void forgetCredentials() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @Test
  void loadsThroughDmsThenFindsTheVersionHandedOver() throws Exception {
    AwsTestEnvironment env = AwsTestEnvironment.get();
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    env.s3Client().createBucket(r -> r.bucket(BUCKET));
    Map<String, String> config = new LinkedHashMap<>();
    config.put(Backends.BACKEND, "aws");
    config.put(Backends.LAKE, LAKE);
    config.put(AwsProperties.REGION, env.region().id());
    config.put(AwsProperties.ENDPOINT_URL, env.endpoint().toString());
    // Glue databases of its own: other tests of this JVM use the default takwimu_* ones
    config.put(AwsProperties.DATABASE_PREFIX, "dmscli_");
    Path aws = write("aws.properties", config);
    try (AwsBackend backend = (AwsBackend) Backends.open(config)) {
      backend.lake().write(CUSTOMERS, WriteSource.rows(Schema.of(Column.of("customer_id", DataType.STRING),
          Column.of("county", DataType.STRING)), List.of(List.of("C1", "Nairobi"), Arrays.asList("C2", null))),
          WriteOptions.overwrite());
    }
    String url = SharedPostgres.newDatabase();
    URI db = URI.create(url.substring("jdbc:".length()));
    Map<String, String> dms = new LinkedHashMap<>();
    dms.put("dms.replication-instance", "takwimu-cli-test");
    dms.put("dms.service-access-role", "arn:aws:iam::123456789012:role/takwimu-dms");
    dms.put("dms.target.host", db.getHost());
    dms.put("dms.target.port", Integer.toString(db.getPort()));
    dms.put("dms.target.database", db.getPath().substring(1));
    dms.put("dms.target.user", "postgres");
    // the test server trusts local connections: any set variable serves as the password
    dms.put("dms.target.password-env", "PATH");
    dms.put("dms.target.ssl-mode", "none");
    dms.put("dms.poll-interval", "50ms");
    Path dmsConfig = write("dms.properties", dms);
    EmulatedAws.CALLS.clear();

    TakwimuCliTest.Run first = TakwimuCliTest.succeeds("aws", "dms", "--config", aws, "--dms-config", dmsConfig,
        "--datasets", "curated/customers");
    assertThat(first.out()).contains("curated/customers -> curated.customers: 2 rows loaded by DMS, v1")
        .contains("loaded 1, up to date 0, failed 0 of 1 dataset");
    assertThat(first.err()).contains("creating DMS replication instance takwimu-cli-test");
    assertThat(first.out() + first.err()).doesNotContain(System.getenv("PATH"));
    assertThat(rows(url)).containsExactly(List.of("C1", "Nairobi"), Arrays.asList("C2", null));

    IamPolicy policy = DmsPermissions.policy(dev.takwimu.aws.AwsProperties.settings(config),
        DmsSettings.fromProperties(dms, System.getenv()), LocalMotoServer.ACCOUNT);
    assertThat(PolicyCoverage.uncovered(policy, EmulatedAws.CALLS.calls())).isEmpty();

    TakwimuCliTest.Run second = TakwimuCliTest.succeeds("aws", "dms", "--config", aws, "--dms-config", dmsConfig,
        "--datasets", "curated/customers");
    assertThat(second.out()).contains("curated/customers -> curated.customers: up to date (v1, 2 rows handed over")
        .contains("loaded 0, up to date 1, failed 0 of 1 dataset");

    TakwimuCliTest.Run printed = TakwimuCliTest.succeeds("aws", "policy", "--config", aws, "--dms-config", dmsConfig,
        "--account", "123456789012");
    assertThat(printed.out()).contains("\"TakwimuDms\"", "dms:CreateReplicationTask", "\"TakwimuPassDmsRoles\"");
    TakwimuCliTest.Run role = TakwimuCliTest.succeeds("aws", "policy", "--config", aws, "--dms-config", dmsConfig,
        "--dms-service-role");
    assertThat(role.out()).contains("arn:aws:s3:::" + BUCKET + "/lake/raw/_takwimu/dms/runs/*")
        .doesNotContain("dms:");
  }

  @Test
  void aBadDmsConfigIsOneLine() throws Exception {
    Path dmsConfig = Files.writeString(temp.resolve("dms.properties"), "dms.replication-instance=x\n");
    TakwimuCliTest.Run run = TakwimuCliTest.fails(TakwimuCli.FAILURE, "aws", "dms", "--lake", LAKE,
        "--dms-config", dmsConfig);
    assertThat(run.err().strip()).startsWith("takwimu: Missing DMS setting dms.service-access-role (the IAM role DMS reads the exports with)").doesNotContain("\n")
        .doesNotContain("at dev.takwimu");
  }

  private Path write(String name, Map<String, String> properties) throws Exception {
    StringBuilder text = new StringBuilder();
    properties.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    return Files.writeString(temp.resolve(name), text);
  }

  private static List<List<Object>> rows(String url) throws Exception {
    List<List<Object>> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT customer_id, county FROM curated.customers ORDER BY 1")) {
      while (rs.next()) {
        rows.add(Arrays.asList(rs.getString(1), rs.getString(2)));
      }
    }
    return rows;
  }
}
