package dev.takwimu.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.core.TakwimuException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole file or the old one, and no temporary files left behind. */
class AtomicFilesTest {
  @TempDir
  Path temp;

  @Test
  void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path target = Files.writeString(temp.resolve("report.json"), "old");
    assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
      out.write("half".getBytes(StandardCharsets.UTF_8));
      throw new IOException("disk full");
    })).isInstanceOf(TakwimuException.class).hasMessage("Cannot write " + target + ": disk full");
    assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
      throw new IllegalStateException("the rows ran out");
    })).isInstanceOf(IllegalStateException.class);

    assertThat(target).hasContent("old");
    try (Stream<Path> files = Files.list(temp)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void contentMayCloseItsStream() throws IOException {
    Path target = temp.resolve("a/b.txt");
    AtomicFiles.write(target, out -> {
      out.write("whole".getBytes(StandardCharsets.UTF_8));
      out.close();
    });
    assertThat(target).hasContent("whole");
  }

  @Test
  void aLockedTemporaryFileIsInUseAndStays() throws IOException {
    Path inUse = Files.writeString(temp.resolve(".big.csv.00000000000000aa.tmp"), "still writing");
    Files.setLastModifiedTime(inUse, FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));
    try (FileChannel channel = FileChannel.open(inUse, StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
      AtomicFiles.removeLeftovers(temp);
      assertThat(inUse).exists();
    }
    AtomicFiles.removeLeftovers(temp);
    assertThat(inUse).doesNotExist();
  }
}
