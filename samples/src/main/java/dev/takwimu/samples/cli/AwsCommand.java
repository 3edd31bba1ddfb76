package dev.takwimu.samples.cli;

import dev.takwimu.aws.AwsBackend;
import dev.takwimu.aws.AwsPermissions;
import dev.takwimu.aws.AwsProperties;
import dev.takwimu.aws.AwsSettings;
import dev.takwimu.aws.CollectReport;
import dev.takwimu.aws.DmsPermissions;
import dev.takwimu.aws.DmsSettings;
import dev.takwimu.aws.IamPolicy;
import dev.takwimu.core.Backend;
import dev.takwimu.core.Backends;
import dev.takwimu.safaricom.MpesaStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code takwimu aws}: tools for the AWS backend. */
@Command(name = "aws", description = "Tools for the AWS backend.",
    subcommands = {AwsCommand.Policy.class, AwsCommand.Collect.class, AwsSmokeTest.class, AwsDmsCommand.class})
final class AwsCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing a command: policy, collect, smoke-test, dms");
  }

  /** {@code takwimu aws policy}: the least-privilege IAM policy for a configuration. */
  @Command(name = "policy", sortOptions = false,
      description = {
          "Print the least-privilege IAM policy the AWS backend needs.",
          "",
          "The policy suits the settings given (flags, --config). It is generated from",
          "the backend's registry of the calls it makes (and those Athena makes on its",
          "behalf): S3 on the lake's prefixes and the query results, Glue on the takwimu",
          "databases, Athena on the workgroup; SageMaker, iam:PassRole, Glue jobs and KMS",
          "only when configured; DMS with --dms-config FILE (--dms-service-role prints",
          "the policy of the role DMS reads the exports with instead). Resources need",
          "the account id: --account, else the caller's (STS), else * with a note on",
          "stderr.",
          "Backend is always aws here; notes go to stderr, the JSON to stdout."},
      footerHeading = "%nExample:%n",
      footer = {
          "  takwimu aws policy --lake s3://mpesa-lake/takwimu --region eu-west-1 \\",
          "      --workgroup takwimu --account 111122223333 > takwimu-policy.json"})
  static final class Policy implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LakeOption lake;

    @Option(names = "--account", paramLabel = "ID",
        description = "The 12-digit AWS account id for the ARNs (default: the caller's, from STS).")
    String account;

    @Option(names = "--dms-config", paramLabel = "FILE",
        description = "Add what 'takwimu aws dms' with these dms.* settings needs.")
    java.nio.file.Path dmsConfig;

    @Option(names = "--dms-service-role",
        description = "Print the policy of the DMS service access role instead (needs --dms-config).")
    boolean dmsServiceRole;

    @Override
    public Integer call() {
      if (account != null && !account.matches("\\d{12}")) {
        throw new ParameterException(spec.commandLine(), "--account must be a 12-digit AWS account id (got '"
            + account + "')");
      }
      if (lake.backend == null) {
        lake.backend = "aws";
      }
      Map<String, String> config = lake.resolved();
      if (!"aws".equals(config.get(Backends.BACKEND))) {
        throw new ParameterException(spec.commandLine(), "aws policy is for --backend aws");
      }
      AwsSettings settings = AwsProperties.settings(config);
      PrintWriter err = spec.commandLine().getErr();
      String accountId = account != null ? account : callerAccount(settings, err);
      if (dmsServiceRole && dmsConfig == null) {
        throw new ParameterException(spec.commandLine(), "--dms-service-role needs --dms-config FILE");
      }
      DmsSettings dms = null;
      if (dmsConfig != null) {
        Map<String, String> properties = LakeOption.load(dmsConfig);
        // the policy needs no password: one whose variable is not set here is not asked for
        Map<String, String> environment = new java.util.HashMap<>(System.getenv());
        if (properties.containsKey("dms.target.password-env")) {
          environment.putIfAbsent(properties.get("dms.target.password-env"), "not needed for the policy");
        }
        dms = DmsSettings.fromProperties(properties, environment);
      }
      IamPolicy policy = dms == null ? AwsPermissions.policy(settings, accountId)
          : dmsServiceRole ? DmsPermissions.serviceRolePolicy(settings, dms)
          : DmsPermissions.policy(settings, dms, accountId);
      spec.commandLine().getOut().println(policy.toJson());
      policy.notes().forEach(note -> err.println("note: " + note));
      return TakwimuCli.OK;
    }

    /** The caller's account, or null (ARNs then say *) when there are no credentials or STS cannot be reached. */
    private static String callerAccount(AwsSettings settings, PrintWriter err) {
      try {
        return AwsPermissions.callerAccount(settings);
      } catch (RuntimeException e) {
        err.println("note: could not find the account from the credentials (" + TakwimuCli.describe(e) + ")");
        return null;
      }
    }
  }

  /** {@code takwimu aws collect}: appends what Firehose delivered to raw/transactions_stream, each object once. */
  @Command(name = "collect", sortOptions = false,
      description = {
          "Append the objects Firehose delivered to raw/transactions_stream.",
          "",
          "'takwimu stream --backend aws' sends transactions through Kinesis Data Firehose,",
          "which writes them to the raw zone's stream prefix (raw/_firehose/transactions_stream/).",
          "This appends every object delivered since the last collect to the raw table (one",
          "Athena statement per 500,000 rows); each object is appended once, also after a collect that was",
          "interrupted. 'takwimu pipeline --backend aws' runs it before curating.",
          "Backend is always aws here."},
      footerHeading = "%nExample:%n",
      footer = {"  takwimu aws collect --lake s3://mpesa-lake/takwimu --region eu-west-1"})
  static final class Collect implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LakeOption lake;

    @Override
    public Integer call() {
      if (lake.backend == null) {
        lake.backend = "aws";
      }
      if (!lake.isAws()) {
        throw new ParameterException(spec.commandLine(), "aws collect is for --backend aws");
      }
      try (Backend backend = lake.open()) {
        print(spec.commandLine().getOut(), ((AwsBackend) backend).collect(MpesaStream.TRANSACTIONS));
      }
      return TakwimuCli.OK;
    }

    static void print(PrintWriter out, CollectReport report) {
      out.printf(Locale.ROOT, "collect: %d objects, %d rows appended to %s (%d collected before%s); version %d%n",
          report.objects(), report.rows(), report.dataset(), report.alreadyCollected(),
          report.unreadable() == 0 ? "" : ", " + report.unreadable() + " unreadable lines quarantined",
          report.version());
      out.flush();
    }
  }
}
