package dev.takwimu.samples.cli;

import dev.takwimu.core.TakwimuException;
import dev.takwimu.samples.bench.BenchCommand;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code takwimu} command: ingest M-Pesa/Fuliza exports into a lake (local or on AWS), run the pipeline, print
 * insights and export datasets. Errors print one line, {@code takwimu: <message>}, unless {@code --verbose} asks for
 * stack traces.
 */
@Command(
    name = "takwimu",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = TakwimuCli.Version.class,
    usageHelpAutoWidth = true,
    sortOptions = false,
    description = {
        "Analytics over M-Pesa and Fuliza exports: ingest them into a lake, curate",
        "them, build customer features, train churn and loan-activity models,",
        "print county insights, draw a dashboard, export datasets; generate",
        "synthetic exports to try it on ('takwimu demo' does it all).",
        "",
        "The lake is a local directory (default) or, with --backend aws, an S3",
        "location queried by Athena (--lake s3://BUCKET/PREFIX, docs/aws-config.md)."},
    subcommands = {
        IngestCommand.class, CurateCommand.class, FeaturesCommand.class, PipelineCommand.class,
        TrainCommand.class, ScoreCommand.class, InsightsCommand.class, DashboardCommand.class, ExportCommand.class,
        DatasetsCommand.class, GenerateCommand.class, DemoCommand.class, BenchCommand.class, AwsCommand.class,
        BrokerCommand.class, ProduceCommand.class,
        StreamCommand.class, CompactCommand.class, MigrateCommand.class, ServeDbCommand.class, LookupCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success",
        "1:failure (bad input data, missing lake or dataset, I/O error...)",
        "2:usage error (unknown option, insight or model, bad date, count or dataset id)",
        "3:not found ('takwimu lookup': no row has that key)"},
    footerHeading = "%nExamples:%n",
    footer = {
        "  takwimu demo",
        "  takwimu generate --out exports/ --customers 100000",
        "  takwimu pipeline --lake lake --input exports/ --as-of 2025-01-01",
        "  takwimu insights --lake lake --all --format json > insights.json",
        "  takwimu datasets --lake lake",
        "  takwimu export --lake lake --dataset curated/loans --format csv --out l.csv",
        "  takwimu datasets --backend aws --lake s3://mpesa-lake/takwimu",
        "  takwimu aws policy --config takwimu-aws.properties --account 111122223333"})
public final class TakwimuCli implements Runnable {
  /** Reported by {@code --version} when the jar's manifest does not say (running from classes, in tests). */
  static final String FALLBACK_VERSION = "0.1.0-SNAPSHOT";

  static final int OK = 0;
  static final int FAILURE = 1;
  static final int USAGE = 2;
  /** {@code takwimu lookup} found no row with the key: not an error a script must log, but not a row either. */
  static final int NOT_FOUND = 3;

  @Spec
  CommandSpec spec;

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Print stack traces of errors (by default an error prints one line).")
  boolean verbose;

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the command line and returns its exit code; output goes to {@code out}, errors and progress to
   * {@code err}.
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    TakwimuCli root = new TakwimuCli();
    PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    CommandLine commandLine = new CommandLine(root)
        .setOut(outWriter)
        .setErr(errWriter)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(TakwimuCli::usageError)
        .setExecutionExceptionHandler((e, cmd, parsed) -> failure(e, cmd, root.verbose))
        .setExitCodeExceptionMapper(e -> e instanceof ParameterException ? USAGE : FAILURE);
    try {
      return commandLine.execute(args);
    } finally {
      outWriter.flush();
      errWriter.flush();
    }
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(),
        "Missing a command: " + String.join(", ", spec.subcommands().keySet()));
  }

  /** Prints a usage error as one line that says where to find help. */
  private static int usageError(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    String name = command.getCommandSpec().qualifiedName();
    String message = oneLine(e.getMessage()).replaceFirst("^Error: ", "");
    command.getErr().printf("takwimu: %s (see '%s --help')%n", message, name);
    return USAGE;
  }

  private static int failure(Exception e, CommandLine command, boolean verbose) {
    PrintWriter err = command.getErr();
    if (verbose) {
      e.printStackTrace(err);
    }
    boolean userFacing = e instanceof TakwimuException || missingAwsSetup(e) != null;
    String hint = verbose || userFacing ? "" : " (--verbose shows details)";
    err.println("takwimu: " + describe(e) + hint);
    return FAILURE;
  }

  /** The message a user can act on: the SDK's messages are written for users, others get their type named. */
  static String describe(Throwable e) {
    if (e instanceof UncheckedIOException && e.getCause() != null) {
      e = e.getCause();
    }
    String message = e.getMessage();
    String missing = e instanceof TakwimuException && message != null && !message.contains("Unable to load ") ? null
        : missingAwsSetup(e);
    if (missing != null) {
      return missing;
    }
    if (e instanceof TakwimuException && message != null) {
      return oneLine(message);
    }
    String type = e.getClass().getSimpleName();
    return message == null || message.isBlank() ? type : type + ": " + oneLine(message);
  }

  /**
   * What to do when the AWS SDK found no region or no credentials, instead of its message listing every provider it
   * tried; null for any other error.
   */
  static String missingAwsSetup(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.startsWith("Unable to load region")) {
        return "no AWS region found; give --region (or takwimu.aws.region in --config, or set AWS_REGION)";
      }
      if (message.startsWith("Unable to load credentials")) {
        return "no AWS credentials found; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE for a"
            + " profile in ~/.aws/credentials";
      }
    }
    return null;
  }

  static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** The version from the jar's manifest ({@code Implementation-Version}), or the project's version when absent. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = TakwimuCli.class.getPackage().getImplementationVersion();
      return new String[] {"takwimu " + (version != null ? version : FALLBACK_VERSION)};
    }
  }
}
