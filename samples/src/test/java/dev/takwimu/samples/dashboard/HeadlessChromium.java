package dev.takwimu.samples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium (Debian package {@code chromium}) for the browser tests. Without it a test is skipped, except in
 * CI (environment variable {@code CI} set), where it fails: scripts/test.sh installs it.
 */
public final class HeadlessChromium {
  private static final long SECONDS = 90;
  private final Path executable;

  private HeadlessChromium(Path executable) {
    this.executable = executable;
  }

  /** Chromium when installed, else null. */
  public static HeadlessChromium find() {
    List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin/chromium")));
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        candidates.add(Path.of(dir, "chromium"));
      }
    }
    return candidates.stream().filter(Files::isExecutable).findFirst().map(HeadlessChromium::new).orElse(null);
  }

  /** Skips the test (fails it in CI) when {@code chromium} is null. */
  public static void require(HeadlessChromium chromium) {
    if (chromium == null) {
      String message = "Chromium is not installed (looked for /usr/bin/chromium and chromium on PATH); the dashboard's "
          + "browser test needs it: apt-get install -y chromium (scripts/test.sh does)";
      if (System.getenv("CI") != null) {
        fail("CI is set, so this test must not be skipped. " + message);
      }
      Assumptions.abort(message);
    }
  }

  /** The page's DOM as Chromium rendered it. */
  public String dumpDom(Path page, Path work) throws Exception {
    return run(work, "--dump-dom", page.toUri().toString());
  }

  /** Runs Chromium headless on a fresh profile under {@code work}, offline in all but name; returns what it printed. */
  public String run(Path work, String... arguments) throws Exception {
    Path dir = Files.createTempDirectory(work, "chromium");
    List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--user-data-dir=" + dir.resolve("profile")));
    command.addAll(List.of(arguments));
    Path stdout = dir.resolve("stdout.txt");
    Path stderr = dir.resolve("stderr.txt");
    Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    if (!process.waitFor(SECONDS, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      fail("Chromium did not finish in %d s: %s%n%s", SECONDS, command, tail(stderr));
    }
    assertThat(process.exitValue()).as("Chromium's exit code; its output:%n%s", tail(stderr)).isZero();
    return Files.readString(stdout);
  }

  private static String tail(Path file) throws IOException {
    List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }
}
