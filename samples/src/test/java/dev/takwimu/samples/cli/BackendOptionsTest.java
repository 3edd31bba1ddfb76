package dev.takwimu.samples.cli;

import static dev.takwimu.samples.cli.TakwimuCliTest.fails;
import static dev.takwimu.samples.cli.TakwimuCliTest.succeeds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --backend}, {@code --config}, the AWS flags, and {@code takwimu aws policy}. */
class BackendOptionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temp;

  @AfterEach
  void realEnvironment() {
    LakeOption.environment = System::getenv;
  }

  @Test
  void theLakeMustSuitTheBackend() {
    assertThat(fails(2, "datasets", "--lake", "s3://mpesa-lake/takwimu").err())
        .contains("An S3 lake needs --backend aws");
    assertThat(fails(2, "insights", "--all", "--backend", "aws", "--lake", temp).err())
        .contains("--backend aws needs an S3 lake, --lake s3://BUCKET/PREFIX (got '" + temp + "')");
    assertThat(fails(2, "datasets", "--lake", temp, "--region", "eu-west-1", "--scan-limit", "10GB").err())
        .contains("--region, --scan-limit need --backend aws");
    assertThat(fails(2, "datasets", "--backend", "gcp", "--lake", temp).err())
        .contains("Unknown backend 'gcp' (available: aws, local)");
    assertThat(fails(2, "datasets").err()).contains("Missing required option: '--lake=DIR'");
  }

  @Test
  void aReadCommandStillNeverCreatesALocalLake() {
    Path missing = temp.resolve("no-lake");
    assertThat(fails(1, "datasets", "--lake", missing).err().strip()).isEqualTo("takwimu: no lake at " + missing);
    assertThat(missing).doesNotExist();
  }

  @Test
  void theConfigFileGivesTheLakeAndTheBackend() throws IOException {
    Path lake = Files.createDirectories(temp.resolve("lake"));
    Path config = Files.writeString(temp.resolve("takwimu.properties"),
        "# a local lake\ntakwimu.backend = local\ntakwimu.lake = " + lake + "\n");

    assertThat(succeeds("datasets", "--config", config).out()).contains("No datasets in " + lake);
    assertThat(fails(1, "datasets", "--config", temp.resolve("missing.properties")).err())
        .contains("No config file at " + temp.resolve("missing.properties"));
  }

  @Test
  void theEnvironmentNamesTheBackendUnlessAFlagDoes() throws IOException {
    LakeOption.environment = name -> name.equals(LakeOption.BACKEND_ENV) ? "aws" : null;
    assertThat(fails(2, "datasets", "--lake", temp).err()).contains("--backend aws needs an S3 lake");

    Path lake = Files.createDirectories(temp.resolve("lake"));
    assertThat(succeeds("datasets", "--backend", "local", "--lake", lake).out()).contains("No datasets");
  }

  @Test
  void awsSettingsErrorsNameTheKey() throws IOException {
    assertThat(fails(1, "datasets", "--backend", "aws", "--lake", "s3://mpesa-lake/takwimu", "--region",
        "eu-west-1", "--scan-limit", "lots").err())
        .contains("takwimu.aws.athena.scan-limit='lots' is invalid: expected a size such as 10GB");
    Path config = Files.writeString(temp.resolve("aws.properties"),
        "takwimu.backend=aws\ntakwimu.lake=s3://mpesa-lake/takwimu\ntakwimu.aws.athena.workgrup=takwimu\n");
    assertThat(fails(1, "datasets", "--config", config).err())
        .contains("Unknown setting takwimu.aws.athena.workgrup; did you mean takwimu.aws.athena.workgroup?");
  }

  @Test
  void missingAwsCredentialsOrRegionSayWhatToSet() throws IOException {
    for (String variable : List.of("AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_REGION",
        "AWS_DEFAULT_REGION")) {
      assumeTrue(System.getenv(variable) == null, variable + " is set here");
    }
    Path empty = Files.createFile(temp.resolve("empty-aws-file"));
    Map<String, String> properties = Map.of("aws.sharedCredentialsFile", empty.toString(),
        "aws.configFile", empty.toString(), "aws.disableEc2Metadata", "true");
    properties.forEach(System::setProperty);
    try {
      String credentials = fails(1, "datasets", "--backend", "aws", "--lake", "s3://mpesa-lake/takwimu",
          "--region", "eu-west-1", "--endpoint-url", "http://127.0.0.1:9").err().strip();
      assertThat(credentials).endsWith("no AWS credentials found; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,"
          + " or AWS_PROFILE for a profile in ~/.aws/credentials").hasSizeLessThan(200);
      assertThat(fails(1, "datasets", "--backend", "aws", "--lake", "s3://mpesa-lake/takwimu").err().strip())
          .isEqualTo("takwimu: no AWS region found; give --region (or takwimu.aws.region in --config,"
              + " or set AWS_REGION)");
    } finally {
      properties.keySet().forEach(System::clearProperty);
    }
  }

  @Test
  void awsPolicyIsScopedToTheFlagsAndTheConfigFile() throws IOException {
    Path config = Files.writeString(temp.resolve("aws.properties"), String.join("\n",
        "takwimu.lake=s3://mpesa-lake/takwimu",
        "takwimu.aws.region=eu-west-1",
        "takwimu.aws.athena.workgroup=takwimu",
        "takwimu.aws.glue.role=arn:aws:iam::111122223333:role/takwimu-glue",
        ""));
    TakwimuCliTest.Run run = succeeds("aws", "policy", "--config", config, "--account", "111122223333",
        "--scan-limit", "10GB", "--models", "sagemaker", "--sagemaker-role", "arn:aws:iam::111122223333:role/sm");
    JsonNode policy = JSON.readTree(run.out());

    assertThat(policy.get("Version").asText()).isEqualTo("2012-10-17");
    List<String> sids = new ArrayList<>();
    policy.get("Statement").forEach(s -> sids.add(s.get("Sid").asText()));
    assertThat(sids).containsExactly("TakwimuLakeObjects", "TakwimuQueryResults", "TakwimuBuckets", "TakwimuCatalog",
        "TakwimuAthenaDefaultDatabase", "TakwimuLakeFormation", "TakwimuQueries", "TakwimuScanLimit",
        "TakwimuSageMaker", "TakwimuPassSageMakerRole", "TakwimuGlueJobs", "TakwimuPassGlueRole");
    assertThat(policy.at("/Statement/6/Resource/0").asText())
        .isEqualTo("arn:aws:athena:eu-west-1:111122223333:workgroup/takwimu");
    assertThat(run.err()).doesNotContain("Account unknown").contains("Lake Formation");
  }

  @Test
  void awsPolicyChecksItsAccount() {
    assertThat(fails(2, "aws", "policy", "--lake", "s3://mpesa-lake", "--account", "me").err())
        .contains("--account must be a 12-digit AWS account id");
    assertThat(fails(2, "aws").err()).contains("Missing a command: policy");
  }

  @Test
  void theHelpShowsTheBackendOptions() {
    String help = succeeds("insights", "--help").out();
    assertThat(help.replaceAll("\\s+", " "))
        .contains("Where the lake lives: aws, local, the backends on the class path (default: local;");
    assertThat(help).contains("--backend=NAME", "--config=FILE", "--lake=DIR|S3URI", "--region=REGION",
        "--scan-limit=SIZE", "--sagemaker-role=ARN", "--kms-key=KEY", "--models=WHERE", "--workgroup=NAME", "--result-location=S3URI", "--endpoint-url=URL");
    assertThat(succeeds("aws", "policy", "--help").out()).contains("least-privilege IAM policy", "--account=ID");
  }
}
