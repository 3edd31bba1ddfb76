package dev.takwimu.samples.cli;

import dev.takwimu.serving.postgres.PostgresServingStore;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** How a command logs in to a PostgreSQL server ({@code --user}, {@code --password-env}); docs/serving.md. */
final class DatabaseOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--user", paramLabel = "U", description = "The database user (default: the URL's).")
  String user;

  @Option(names = "--password-env", paramLabel = "VAR",
      description = "The environment variable holding the password (never on the command line).")
  String passwordEnv;

  boolean given() {
    return user != null || passwordEnv != null;
  }

  /**
   * Connects to the URL with these settings.
   *
   * @throws ParameterException when the password's environment variable is not set
   */
  PostgresServingStore open(String url, String defaultUser) {
    return builder(url, defaultUser).open();
  }

  /**
   * A store's settings for the URL with these settings, to add to before opening.
   *
   * @throws ParameterException when the password's environment variable is not set
   */
  PostgresServingStore.Builder builder(String url, String defaultUser) {
    String password = null;
    if (passwordEnv != null) {
      password = LakeOption.environment.apply(passwordEnv);
      if (password == null) {
        throw new ParameterException(spec.commandLine(), "--password-env " + passwordEnv + ": no such environment"
            + " variable is set");
      }
    }
    return PostgresServingStore.builder(url).user(user != null ? user : defaultUser).password(password);
  }
}
