package dev.takwimu.aws;

import dev.takwimu.core.InvalidInputException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How {@link DmsMigration} hands the lake to AWS Database Migration Service: where the exports go, the replication
 * instance (reused when it exists, created otherwise), the role DMS reads the exports with, and the PostgreSQL target.
 * Read from a properties file by {@link #fromProperties}; see docs/serving.md "DMS on AWS".
 *
 * @param exportLocation where the exports and manifests are written; null for {@code <raw zone>/_takwimu/dms/}
 * @param replicationInstance the replication instance's identifier
 * @param instanceClass the class of a replication instance created by Takwimu, e.g. {@code dms.t3.medium}
 * @param allocatedStorageGb storage of a created instance, GiB
 * @param engineVersion the DMS engine of a created instance; 3.5.3 or later (Parquet sources)
 * @param subnetGroup the replication subnet group of a created instance; null for the default VPC's
 * @param securityGroups VPC security groups of a created instance (must reach the database); empty for the default
 * @param serviceAccessRole the IAM role DMS assumes to read the exports (trusts dms.amazonaws.com)
 * @param target the PostgreSQL database DMS loads into
 * @param namePrefix prefix of the endpoints and tasks Takwimu creates (letters, digits, hyphens)
 * @param instanceTimeout how long to wait for the replication instance to become available
 * @param loadTimeout how long to wait for one full-load task to finish
 * @param pollInterval the delay between status checks
 */
public record DmsSettings(S3Location exportLocation, String replicationInstance, String instanceClass,
    int allocatedStorageGb, String engineVersion, String subnetGroup, List<String> securityGroups,
    String serviceAccessRole, DmsTarget target, String namePrefix, Duration instanceTimeout, Duration loadTimeout,
    Duration pollInterval) {
  /** The first DMS engine whose S3 source reads Parquet ("Using Amazon S3 as a source for AWS DMS"). */
  public static final String MIN_ENGINE_VERSION = "3.5.3";
  static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,62}(?<!-)");
  private static final Pattern PREFIX = Pattern.compile("[a-zA-Z][a-zA-Z0-9-]{0,29}");

  public DmsSettings {
    if (replicationInstance == null || !IDENTIFIER.matcher(replicationInstance).matches()) {
      throw new InvalidInputException("Invalid DMS replication instance identifier '" + replicationInstance
          + "': 1 to 63 letters, digits and hyphens, starting with a letter, no '--' and no hyphen at the end");
    }
    Objects.requireNonNull(instanceClass, "instanceClass");
    if (!instanceClass.startsWith("dms.")) {
      throw new InvalidInputException("Invalid DMS instance class '" + instanceClass + "': e.g. dms.t3.medium");
    }
    if (allocatedStorageGb < 5 || allocatedStorageGb > 6144) {
      throw new InvalidInputException("DMS allocated storage must be 5 to 6144 GiB (got " + allocatedStorageGb + ")");
    }
    if (engineVersion != null && compareVersions(engineVersion, MIN_ENGINE_VERSION) < 0) {
      throw new InvalidInputException("DMS engine " + engineVersion + " cannot read Parquet from S3: use "
          + MIN_ENGINE_VERSION + " or later");
    }
    securityGroups = List.copyOf(securityGroups);
    if (serviceAccessRole == null || !GlueSettings.ROLE_ARN.matcher(serviceAccessRole).matches()) {
      throw new InvalidInputException("Invalid DMS service access role '" + serviceAccessRole
          + "': expected an IAM role ARN, arn:aws:iam::ACCOUNT:role/NAME, that DMS may assume to read the exports");
    }
    Objects.requireNonNull(target, "target");
    if (namePrefix == null || !PREFIX.matcher(namePrefix).matches()) {
      throw new InvalidInputException("Invalid DMS name prefix '" + namePrefix
          + "': up to 30 letters, digits and hyphens, starting with a letter");
    }
    for (Duration d : List.of(Objects.requireNonNull(instanceTimeout, "instanceTimeout"),
        Objects.requireNonNull(loadTimeout, "loadTimeout"), Objects.requireNonNull(pollInterval, "pollInterval"))) {
      if (d.isNegative() || d.isZero()) {
        throw new InvalidInputException("DMS timeouts and the poll interval must be positive (got " + d + ")");
      }
    }
  }

  /**
   * The PostgreSQL (RDS, Aurora or any reachable server) DMS loads into. The password is either given here or kept in
   * Secrets Manager ({@code secretArn}, read by DMS itself with {@code secretAccessRole}); it is never logged.
   *
   * @param engine {@code postgres} or {@code aurora-postgresql}
   * @param host the server's host name; null when the secret holds it
   * @param port the server's port; 0 when the secret holds it
   * @param database the database
   * @param user the user; null when the secret holds it
   * @param password the password; null when a secret is used
   * @param secretArn a Secrets Manager secret with host, port, username and password; null for none
   * @param secretAccessRole the role DMS assumes to read the secret; required with a secret
   * @param sslMode {@code none}, {@code require}, {@code verify-ca} or {@code verify-full}
   */
  public record DmsTarget(String engine, String host, int port, String database, String user, String password,
      String secretArn, String secretAccessRole, String sslMode) {
    private static final Set<String> ENGINES = Set.of("postgres", "aurora-postgresql");
    private static final Set<String> SSL_MODES = Set.of("none", "require", "verify-ca", "verify-full");

    public DmsTarget {
      if (!ENGINES.contains(engine)) {
        throw new InvalidInputException("Invalid DMS target engine '" + engine + "': postgres or aurora-postgresql");
      }
      if (database == null || database.isBlank()) {
        throw new InvalidInputException("The DMS target needs a database name");
      }
      if (!SSL_MODES.contains(sslMode)) {
        throw new InvalidInputException("Invalid DMS target SSL mode '" + sslMode + "': " + new TreeSet<>(SSL_MODES));
      }
      if (secretArn != null) {
        if (password != null) {
          throw new InvalidInputException("Give the DMS target a password or a Secrets Manager secret, not both");
        }
        if (secretAccessRole == null || !GlueSettings.ROLE_ARN.matcher(secretAccessRole).matches()) {
          throw new InvalidInputException("A DMS target secret needs the role DMS reads it with "
              + "(an IAM role ARN trusting dms.amazonaws.com with secretsmanager:GetSecretValue on the secret)");
        }
      } else if (host == null || host.isBlank() || port <= 0 || user == null || password == null) {
        throw new InvalidInputException("The DMS target needs host, port, user and password, or a Secrets Manager "
            + "secret (dms.target.secret-arn)");
      }
    }

    /**
     * What names this target in the exports' manifests ({@code host-port-database}, or the secret's name and the
     * database): a version handed to one database is not taken as handed to another.
     */
    public String key() {
      String server = secretArn != null ? "secret-" + secretArn.substring(secretArn.lastIndexOf(':') + 1)
          : host + "-" + port;
      return (server + "-" + database).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    @Override
    public String toString() {
      return "DmsTarget[" + engine + " " + (host == null ? "(from secret)" : host + ":" + port) + "/" + database
          + (user == null ? "" : " as " + user) + (secretArn == null ? "" : " secret " + secretArn) + "]";
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Where the exports and manifests are: the configured location or {@code <raw zone>/_takwimu/dms/}. */
  public S3Location exports(AwsSettings aws) {
    return exportLocation != null ? exportLocation.directory() : aws.work().resolve("dms/");
  }

  /** The keys {@link #fromProperties} reads. */
  public static final Set<String> KEYS = Set.of("dms.export-location", "dms.replication-instance",
      "dms.instance-class", "dms.allocated-storage", "dms.engine-version", "dms.subnet-group", "dms.security-groups",
      "dms.service-access-role", "dms.name-prefix", "dms.instance-timeout", "dms.load-timeout", "dms.poll-interval",
      "dms.target.engine", "dms.target.host", "dms.target.port", "dms.target.database", "dms.target.user",
      "dms.target.password-env", "dms.target.secret-arn", "dms.target.secret-access-role", "dms.target.ssl-mode");

  private static final List<Map.Entry<String, String>> REQUIRED = List.of(
      Map.entry("dms.replication-instance", "the replication instance's identifier; created when missing"),
      Map.entry("dms.service-access-role", "the IAM role DMS reads the exports with"),
      Map.entry("dms.target.database", "the PostgreSQL database to load into"));

  /**
   * Settings from {@code dms.*} properties (durations as {@code 30s}, {@code 10m}, {@code 6h}); the target's password
   * is read from the environment variable {@code dms.target.password-env} names, never from the file.
   *
   * @throws InvalidInputException for an unknown key or an invalid value
   */
  public static DmsSettings fromProperties(Map<String, String> properties, Map<String, String> environment) {
    for (String key : properties.keySet()) {
      if (!KEYS.contains(key)) {
        throw new InvalidInputException("Unknown DMS setting '" + key + "' (known: " + new TreeSet<>(KEYS) + ")");
      }
    }
    for (Map.Entry<String, String> required : REQUIRED) {
      if (properties.get(required.getKey()) == null || properties.get(required.getKey()).isBlank()) {
        throw new InvalidInputException("Missing DMS setting " + required.getKey() + " (" + required.getValue() + ")");
      }
    }
    Builder b = builder();
    String value;
    if ((value = properties.get("dms.export-location")) != null) {
      b.exportLocation(S3Location.parse(value));
    }
    b.replicationInstance(properties.get("dms.replication-instance"));
    if ((value = properties.get("dms.instance-class")) != null) {
      b.instanceClass(value);
    }
    if ((value = properties.get("dms.allocated-storage")) != null) {
      b.allocatedStorageGb(integer("dms.allocated-storage", value));
    }
    b.engineVersion(properties.getOrDefault("dms.engine-version", b.engineVersion));
    b.subnetGroup(properties.get("dms.subnet-group"));
    if ((value = properties.get("dms.security-groups")) != null && !value.isBlank()) {
      b.securityGroups(List.of(value.strip().split("\\s*,\\s*")));
    }
    b.serviceAccessRole(properties.get("dms.service-access-role"));
    b.namePrefix(properties.getOrDefault("dms.name-prefix", b.namePrefix));
    if ((value = properties.get("dms.instance-timeout")) != null) {
      b.instanceTimeout(duration("dms.instance-timeout", value));
    }
    if ((value = properties.get("dms.load-timeout")) != null) {
      b.loadTimeout(duration("dms.load-timeout", value));
    }
    if ((value = properties.get("dms.poll-interval")) != null) {
      b.pollInterval(duration("dms.poll-interval", value));
    }
    String passwordEnv = properties.get("dms.target.password-env");
    String password = null;
    if (passwordEnv != null) {
      password = environment.get(passwordEnv);
      if (password == null) {
        throw new InvalidInputException("dms.target.password-env names " + passwordEnv + ", which is not set");
      }
    }
    String port = properties.get("dms.target.port");
    b.target(new DmsTarget(properties.getOrDefault("dms.target.engine", "postgres"), properties.get("dms.target.host"),
        port == null ? 0 : integer("dms.target.port", port), properties.get("dms.target.database"),
        properties.get("dms.target.user"), password, properties.get("dms.target.secret-arn"),
        properties.get("dms.target.secret-access-role"), properties.getOrDefault("dms.target.ssl-mode", "require")));
    return b.build();
  }

  private static int integer(String key, String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new InvalidInputException(key + " must be a whole number, not '" + value + "'");
    }
  }

  private static Duration duration(String key, String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    try {
      if (v.matches("\\d+(ms|s|m|h)")) {
        long n = Long.parseLong(v.replaceAll("\\D", ""));
        return v.endsWith("ms") ? Duration.ofMillis(n) : v.endsWith("s") ? Duration.ofSeconds(n)
            : v.endsWith("m") ? Duration.ofMinutes(n) : Duration.ofHours(n);
      }
      return Duration.parse(value.strip());
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new InvalidInputException(key + " must be a duration like 30s, 10m or 6h, not '" + value + "'");
    }
  }

  /** Compares dotted version numbers numerically ({@code 3.5.10 > 3.5.3}). */
  public static int compareVersions(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int p = i < x.length && x[i].matches("\\d+") ? Integer.parseInt(x[i]) : 0;
      int q = i < y.length && y[i].matches("\\d+") ? Integer.parseInt(y[i]) : 0;
      if (p != q) {
        return Integer.compare(p, q);
      }
    }
    return 0;
  }

  /** Collects the settings; replication instance, service access role and target are required. */
  public static final class Builder {
    private S3Location exportLocation;
    private String replicationInstance;
    private String instanceClass = "dms.t3.medium";
    private int allocatedStorageGb = 50;
    private String engineVersion = MIN_ENGINE_VERSION;
    private String subnetGroup;
    private List<String> securityGroups = List.of();
    private String serviceAccessRole;
    private DmsTarget target;
    private String namePrefix = "takwimu-";
    private Duration instanceTimeout = Duration.ofMinutes(30);
    private Duration loadTimeout = Duration.ofHours(6);
    private Duration pollInterval = Duration.ofSeconds(30);

    private Builder() {}

    public Builder exportLocation(S3Location location) {
      this.exportLocation = location;
      return this;
    }

    public Builder replicationInstance(String identifier) {
      this.replicationInstance = identifier;
      return this;
    }

    public Builder instanceClass(String instanceClass) {
      this.instanceClass = instanceClass;
      return this;
    }

    public Builder allocatedStorageGb(int gib) {
      this.allocatedStorageGb = gib;
      return this;
    }

    public Builder engineVersion(String version) {
      this.engineVersion = version;
      return this;
    }

    public Builder subnetGroup(String subnetGroup) {
      this.subnetGroup = subnetGroup;
      return this;
    }

    public Builder securityGroups(List<String> groups) {
      this.securityGroups = groups;
      return this;
    }

    public Builder serviceAccessRole(String roleArn) {
      this.serviceAccessRole = roleArn;
      return this;
    }

    public Builder target(DmsTarget target) {
      this.target = target;
      return this;
    }

    public Builder namePrefix(String prefix) {
      this.namePrefix = prefix;
      return this;
    }

    public Builder instanceTimeout(Duration timeout) {
      this.instanceTimeout = timeout;
      return this;
    }

    public Builder loadTimeout(Duration timeout) {
      this.loadTimeout = timeout;
      return this;
    }

    public Builder pollInterval(Duration interval) {
      this.pollInterval = interval;
      return this;
    }

    /**
     * The settings.
     *
     * @throws InvalidInputException when a setting is missing or invalid
     */
    public DmsSettings build() {
      return new DmsSettings(exportLocation, replicationInstance, instanceClass, allocatedStorageGb, engineVersion,
          subnetGroup, securityGroups, serviceAccessRole, target, namePrefix, instanceTimeout, loadTimeout,
          pollInterval);
    }
  }
}
