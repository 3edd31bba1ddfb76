package dev.takwimu.samples.cli;

import static dev.takwimu.samples.cli.TakwimuCliTest.fails;
import static dev.takwimu.samples.cli.TakwimuCliTest.succeeds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code export} writes only regular files, and leaves no temporary files behind. */
class ExportTargetTest {
  /** The file type bits of {@code unix:mode} and the character device type. */
  private static final int TYPE = 0170000;
  private static final int CHARACTER_DEVICE = 0020000;

  @TempDir
  static Path shared;
  static Path lake;

  @TempDir
  Path temp;

  @BeforeAll
  static void lakeOfTheSeedReport() {
    lake = shared.resolve("lake");
    succeeds("pipeline", "--lake", lake, "--input", TakwimuCliTest.seedReport(shared), "--as-of", "2025-01-01",
        "--no-models");
  }

  private static TakwimuCliTest.Run exportFails(Path out, String format) {
    return fails(1, "export", "--lake", lake, "--dataset", "curated/loans", "--format", format, "--out", out);
  }

  @Test
  void aDirectoryIsRefused() throws IOException {
    Path directory = Files.createDirectories(temp.resolve("loans.csv"));
    assertThat(exportFails(directory, "csv").err().strip())
        .isEqualTo("takwimu: Cannot write " + directory + ": it is a directory; give a file name");
    try (Stream<Path> files = Files.list(temp)) {
      assertThat(files).containsExactly(directory);
    }
  }

  @Test
  void devNullIsRefusedAndLeftAlone() throws IOException {
    Path devNull = Path.of("/dev/null");
    assumeTrue(isCharacterDevice(devNull), "no /dev/null character device here");
    Object device = Files.getAttribute(devNull, "unix:rdev");
    for (String format : new String[] {"csv", "json", "parquet"}) {
      assertThat(exportFails(devNull, format).err()).contains("Cannot write /dev/null: it is a device, FIFO or socket");
    }
    assertThat(isCharacterDevice(devNull)).isTrue();
    assertThat(Files.getAttribute(devNull, "unix:rdev")).isEqualTo(device);

    Path link = Files.createSymbolicLink(temp.resolve("null.csv"), devNull);
    assertThat(exportFails(link, "csv").err()).contains("it is a device, FIFO or socket");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(isCharacterDevice(devNull)).isTrue();
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aFifoIsRefusedWithoutOpeningIt() throws Exception {
    Path fifo = temp.resolve("loans.json");
    int made;
    try {
      made = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor();
    } catch (IOException e) {
      made = -1;
    }
    assumeTrue(made == 0, "mkfifo is not available");
    // opening a FIFO to write would block until a reader comes: the test would hang, not fail, if export did
    assertThat(exportFails(fifo, "json").err()).contains("it is a device, FIFO or socket");
    BasicFileAttributes attributes = Files.readAttributes(fifo, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    assertThat(attributes.isOther()).isTrue();
  }

  @Test
  void aKilledExportsTemporaryFileIsRemovedByTheNextExport() throws IOException {
    Path leftover = Files.writeString(temp.resolve(".loans.csv.0123456789abcdef.tmp"), "half a file");
    Files.setLastModifiedTime(leftover, FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));
    Path fresh = Files.writeString(temp.resolve(".other.csv.fedcba9876543210.tmp"), "being written");
    Path unrelated = Files.writeString(temp.resolve(".notes.tmp"), "mine");
    Files.setLastModifiedTime(unrelated, FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));

    Path out = temp.resolve("loans.csv");
    succeeds("export", "--lake", lake, "--dataset", "curated/loans", "--format", "csv", "--out", out);

    assertThat(leftover).doesNotExist();
    assertThat(fresh).exists();
    assertThat(unrelated).exists();
    assertThat(Files.readAllLines(out)).hasSize(68);
  }

  private static boolean isCharacterDevice(Path path) throws IOException {
    return Files.exists(path) && ((Integer) Files.getAttribute(path, "unix:mode") & TYPE) == CHARACTER_DEVICE;
  }
}
