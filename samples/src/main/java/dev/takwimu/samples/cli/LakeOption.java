package dev.takwimu.samples.cli;

import dev.takwimu.aws.AwsProperties;
import dev.takwimu.core.Backend;
import dev.takwimu.core.Backends;
import dev.takwimu.core.InvalidInputException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedSet;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every lake command takes ({@code --lake}, {@code --backend}, {@code --config} and the AWS settings), and
 * how a command opens its backend with them. A flag wins over {@code TAKWIMU_BACKEND}, which wins over the
 * {@code --config} file.
 */
final class LakeOption {
  /** The environment variable naming the backend when neither {@code --backend} nor the config file does. */
  static final String BACKEND_ENV = "TAKWIMU_BACKEND";
  /** Reads the environment; tests replace it. */
  static UnaryOperator<String> environment = System::getenv;

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--lake", paramLabel = "DIR|S3URI",
      description = "The lake: a directory (local backend) or s3://BUCKET/PREFIX (aws backend).")
  String lake;

  @Option(names = "--backend", paramLabel = "NAME", completionCandidates = BackendNames.class,
      description = "Where the lake lives: ${COMPLETION-CANDIDATES}, the backends on the class path (default: local; "
          + "or takwimu.backend in --config, or $" + BACKEND_ENV + ").")
  String backend;

  /** The backends found on the class path, for the help text. */
  static final class BackendNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Backends.available().iterator();
    }
  }

  @Option(names = "--config", paramLabel = "FILE",
      description = "A properties file of takwimu.* settings (docs/aws-config.md); flags override it.")
  Path config;

  @Mixin
  AwsOptions aws = new AwsOptions();

  /**
   * The AWS settings a flag can give; each is one {@code takwimu.aws.*} key (the rest only in {@code --config}). Plain
   * options: picocli repeats an argument group's options in a mixin's synopsis.
   */
  static final class AwsOptions {
    @Option(names = "--region", paramLabel = "REGION",
        description = "aws: the region (default: the SDK's region chain). Every takwimu.aws.* key can be set in "
            + "--config; these flags override it.")
    String region;

    @Option(names = "--endpoint-url", paramLabel = "URL",
        description = "aws: endpoint for every service (an emulator).")
    String endpointUrl;

    @Option(names = "--workgroup", paramLabel = "NAME", description = "aws: Athena workgroup (default: primary).")
    String workgroup;

    @Option(names = "--result-location", paramLabel = "S3URI",
        description = "aws: where Athena writes results (default: <raw zone>/_takwimu/athena-results/).")
    String resultLocation;

    @Option(names = "--scan-limit", paramLabel = "SIZE", description = "aws: per-query scan cutoff, e.g. 10GB.")
    String scanLimit;

    @Option(names = "--models", paramLabel = "WHERE", description = "aws: where models train, local or sagemaker.")
    String models;

    @Option(names = "--sagemaker-role", paramLabel = "ARN", description = "aws: SageMaker execution role.")
    String sageMakerRole;

    @Option(names = "--kms-key", paramLabel = "KEY", description = "aws: KMS key for objects and query results.")
    String kmsKey;

    /** The flags given, each as its option name and its {@code takwimu.aws.*} key and value. */
    List<Flag> given() {
      return java.util.stream.Stream.of(
              new Flag("--region", AwsProperties.REGION, region),
              new Flag("--endpoint-url", AwsProperties.ENDPOINT_URL, endpointUrl),
              new Flag("--workgroup", AwsProperties.WORKGROUP, workgroup),
              new Flag("--result-location", AwsProperties.RESULT_LOCATION, resultLocation),
              new Flag("--scan-limit", AwsProperties.SCAN_LIMIT, scanLimit),
              new Flag("--models", AwsProperties.MODELS, models),
              new Flag("--sagemaker-role", AwsProperties.SAGEMAKER_ROLE, sageMakerRole),
              new Flag("--kms-key", AwsProperties.KMS_KEY, kmsKey))
          .filter(flag -> flag.value() != null).toList();
    }

    record Flag(String option, String key, String value) {}
  }

  /** The lake a command without {@code --lake} uses (only {@code demo} has one); null makes {@code --lake} required. */
  private String fallbackLake;

  /** Lets {@code --lake} be left out: the command then uses this lake. */
  LakeOption withFallback(String lake) {
    this.fallbackLake = lake;
    return this;
  }

  /** The backend's name: {@code --backend}, {@code $TAKWIMU_BACKEND}, {@code takwimu.backend} or local. */
  String backendName() {
    return resolved().get(Backends.BACKEND);
  }

  boolean isAws() {
    return "aws".equals(backendName());
  }

  /** The lake as given: a directory or an {@code s3://} URI. */
  String location() {
    return resolved().get(Backends.LAKE);
  }

  /**
   * Where the CLI keeps this lake's local files (models, run report, dashboard): the lake directory itself, or for an
   * S3 lake {@code <state>/<bucket>/<prefix>}, where the state directory is {@code takwimu-state} under the current
   * directory unless the system property {@code takwimu.state-dir} names another.
   */
  Path directory() {
    String location = location();
    return isAws() ? Path.of(System.getProperty("takwimu.state-dir", "takwimu-state"),
        location.substring("s3://".length()).split("/")) : Path.of(location);
  }

  /** Opens the backend; a local lake directory is created when it does not exist yet. */
  Backend open() {
    return Backends.open(resolved());
  }

  /**
   * Opens the backend on a lake that must already exist; a command that only reads never creates a local lake.
   *
   * @throws InvalidInputException when there is no directory at {@code --lake} (local backend)
   */
  Backend openExisting() {
    Map<String, String> config = resolved();
    if (!isAws() && !Files.isDirectory(Path.of(config.get(Backends.LAKE)))) {
      throw new InvalidInputException("no lake at " + config.get(Backends.LAKE));
    }
    return Backends.open(config);
  }

  /**
   * Every {@code takwimu.*} setting: the config file's, then the environment's backend, then the flags.
   *
   * @throws ParameterException (a usage error) when the lake is missing or does not suit the backend
   * @throws InvalidInputException when the config file cannot be read
   */
  Map<String, String> resolved() {
    Map<String, String> settings = new LinkedHashMap<>(config == null ? Map.of() : load(config));
    String name = backend != null ? backend : environment.apply(BACKEND_ENV) != null
        ? environment.apply(BACKEND_ENV) : settings.getOrDefault(Backends.BACKEND, Backends.DEFAULT_BACKEND);
    name = name.trim();
    SortedSet<String> available = Backends.available();
    if (!available.contains(name)) {
      throw usage("Unknown backend '" + name + "' (available: "
          + (available.isEmpty() ? "none" : String.join(", ", available)) + ")");
    }
    settings.put(Backends.BACKEND, name);
    String location = lake != null ? lake : settings.getOrDefault(Backends.LAKE, fallbackLake);
    if (location == null || location.isBlank()) {
      throw usage("Missing required option: '--lake=" + (name.equals("aws") ? "s3://..." : "DIR")
          + "' (or takwimu.lake in --config)");
    }
    settings.put(Backends.LAKE, location);
    List<AwsOptions.Flag> awsFlags = aws.given();
    if (name.equals("aws")) {
      if (!location.startsWith("s3://")) {
        throw usage("--backend aws needs an S3 lake, --lake s3://BUCKET/PREFIX (got '" + location + "')");
      }
      awsFlags.forEach(flag -> settings.put(flag.key(), flag.value()));
    } else {
      if (location.startsWith("s3://")) {
        throw usage("An S3 lake needs --backend aws (or takwimu.backend=aws in --config)");
      }
      if (!awsFlags.isEmpty()) {
        throw usage(String.join(", ", awsFlags.stream().map(AwsOptions.Flag::option).toList())
            + (awsFlags.size() == 1 ? " needs" : " need") + " --backend aws");
      }
    }
    return settings;
  }

  /** The settings of a properties file, keys and values trimmed. */
  static Map<String, String> load(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("No config file at " + file);
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidInputException("Cannot read config file " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> settings = new LinkedHashMap<>();
    for (String key : properties.stringPropertyNames()) {
      settings.put(key.trim(), properties.getProperty(key).trim());
    }
    return settings;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
