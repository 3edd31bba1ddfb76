package dev.takwimu.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.core.spi.BackendProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding backends by name. The providers here are registered through a class loader of the test's own, so that
 * sdk-core's test-jar, which backends put on their class path, registers none.
 */
class BackendsTest {
  @TempDir
  Path temp;

  /** A provider that creates nothing: finding it is what is tested. */
  public static final class Lake implements BackendProvider {
    @Override
    public String name() {
      return "lake";
    }

    @Override
    public Backend create(Map<String, String> config) {
      throw new InvalidInputException("created lake with " + config.get(Backends.LAKE));
    }
  }

  /** A second provider, listed before the first. */
  public static final class Cloud implements BackendProvider {
    @Override
    public String name() {
      return "cloud";
    }

    @Override
    public Backend create(Map<String, String> config) {
      throw new InvalidInputException("created cloud");
    }
  }

  @Test
  void withoutProvidersNoneIsAvailable() {
    assertThat(Backends.available()).isEmpty();
    assertThatThrownBy(() -> Backends.open(Map.of(Backends.LAKE, "/tmp/lake")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("No backend named 'local' on the class path (available: none); add the module that provides it, "
            + "e.g. sdk-local");
  }

  @Test
  void theAvailableBackendsAreTheProvidersNamesSorted() throws Exception {
    withProviders(() -> {
      assertThat(Backends.available()).containsExactly("cloud", "lake");
      assertThatThrownBy(() -> Backends.available().add("other")).isInstanceOf(UnsupportedOperationException.class);
      return null;
    });
  }

  @Test
  void openCreatesTheNamedBackendOrListsTheOthers() throws Exception {
    withProviders(() -> {
      assertThatThrownBy(() -> Backends.open(Map.of(Backends.BACKEND, "lake", Backends.LAKE, "/data")))
          .hasMessage("created lake with /data");
      assertThatThrownBy(() -> Backends.open(Map.of(Backends.BACKEND, "gcp")))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("No backend named 'gcp' on the class path (available: cloud, lake); add the module that "
              + "provides it, e.g. sdk-gcp");
      return null;
    });
  }

  /** Runs the action with the two providers registered on the thread's context class loader. */
  private void withProviders(Callable<Void> action) throws Exception {
    Path services = Files.createDirectories(temp.resolve("META-INF/services"));
    Files.writeString(services.resolve(BackendProvider.class.getName()),
        Cloud.class.getName() + "\n" + Lake.class.getName() + "\n", StandardCharsets.UTF_8);
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {temp.toUri().toURL()}, getClass().getClassLoader())) {
      thread.setContextClassLoader(loader);
      action.call();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } finally {
      thread.setContextClassLoader(original);
    }
  }
}
