package dev.takwimu.aws;

import dev.takwimu.core.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Glue ETL job: a PySpark script and how to run it. {@link GlueJobRunner} uploads the script to
 * {@code <work>/glue-scripts/<name>.py} and keeps the job in Glue as {@code takwimu-<name>}.
 *
 * @param name the job's name, lower-case letters, digits and hyphens
 * @param script the PySpark script's text
 * @param arguments default arguments of every run ({@code --key} to value)
 * @param connections the Glue connections the job uses
 * @param glueVersion the Glue version, e.g. {@code 4.0}
 * @param workerType the worker type, e.g. {@code G.1X}
 * @param workers the number of workers (at least 2)
 * @param timeout how long a run may take before Glue stops it (whole minutes)
 */
public record GlueJob(String name, String script, Map<String, String> arguments, List<String> connections,
    String glueVersion, String workerType, int workers, Duration timeout) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,100}");

  public GlueJob {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new InvalidInputException("Invalid Glue job name '" + name
          + "': use up to 101 lower-case letters, digits and hyphens");
    }
    if (script == null || script.isBlank()) {
      throw new InvalidInputException("Glue job " + name + " has no script");
    }
    arguments = Map.copyOf(arguments);
    for (String key : arguments.keySet()) {
      if (!key.startsWith("--")) {
        throw new InvalidInputException("Glue job argument '" + key + "' of " + name + " must start with --");
      }
    }
    connections = List.copyOf(connections);
    Objects.requireNonNull(glueVersion, "glueVersion");
    new GlueSettings(null, glueVersion, workerType, workers, timeout, null); // same checks as configured jobs
  }

  public static Builder builder(String name, String script) {
    return new Builder(name, script);
  }

  /** The job's name in Glue: {@value AwsPermissions#RESOURCE_PREFIX}{@code <name>}. */
  public String glueName() {
    return AwsPermissions.RESOURCE_PREFIX + name;
  }

  /** Collects a job's settings; Glue 4.0 with two G.1X workers and a one-hour timeout unless set. */
  public static final class Builder {
    private final String name;
    private final String script;
    private final Map<String, String> arguments = new LinkedHashMap<>();
    private final List<String> connections = new ArrayList<>();
    private String glueVersion = GlueSettings.NONE.glueVersion();
    private String workerType = GlueSettings.NONE.workerType();
    private int workers = GlueSettings.NONE.workers();
    private Duration timeout = GlueSettings.NONE.timeout();

    private Builder(String name, String script) {
      this.name = name;
      this.script = script;
    }

    /** A default argument of every run, e.g. {@code argument("--datalake-formats", "iceberg")}. */
    public Builder argument(String key, String value) {
      arguments.put(key, value);
      return this;
    }

    public Builder connection(String connectionName) {
      connections.add(connectionName);
      return this;
    }

    public Builder glueVersion(String version) {
      this.glueVersion = version;
      return this;
    }

    public Builder workers(String type, int count) {
      this.workerType = type;
      this.workers = count;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** Glue version, workers and timeout as the configuration sets them for jobs it makes. */
    public Builder configuredBy(GlueSettings settings) {
      return glueVersion(settings.glueVersion()).workers(settings.workerType(), settings.workers())
          .timeout(settings.timeout());
    }

    /** @throws InvalidInputException when a setting is invalid */
    public GlueJob build() {
      return new GlueJob(name, script, arguments, connections, glueVersion, workerType, workers, timeout);
    }
  }
}
