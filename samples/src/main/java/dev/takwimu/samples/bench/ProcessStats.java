package dev.takwimu.samples.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What Linux's /proc says about this process and the machine: the process's peak resident set (VmHWM), which can be
 * reset between measured parts, and the CPU time other processes used meanwhile. Everything is optional: elsewhere,
 * or where /proc/self/clear_refs cannot be written, the figures are absent rather than wrong.
 */
final class ProcessStats {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
  private static final Path SELF_STAT = Path.of("/proc/self/stat");
  private static final Path STAT = Path.of("/proc/stat");
  private static final Path LOAD = Path.of("/proc/loadavg");
  /** USER_HZ, the unit of /proc CPU times: 100 on every mainstream Linux architecture. */
  private static final double TICKS_PER_SECOND = 100;

  private ProcessStats() {}

  /**
   * Starts a new peak: collects garbage so the heap gives back what the last part left, then sets VmHWM to the
   * current resident set by writing 5 to /proc/self/clear_refs.
   *
   * @return whether the peak was reset; when not, {@link #peakKb()} would report the process's lifetime peak
   */
  static boolean resetPeak() {
    System.gc();
    try {
      Files.writeString(CLEAR_REFS, "5", StandardCharsets.US_ASCII);
      return true;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  /** VmHWM, the peak resident set since the process started or since the last {@link #resetPeak()}, in KiB. */
  static OptionalLong peakKb() {
    return statusField("VmHWM:");
  }

  /** VmRSS, the current resident set, in KiB. */
  static OptionalLong residentKb() {
    return statusField("VmRSS:");
  }

  /** CPU seconds used so far by the whole machine (idle and I/O wait excluded), minus this process's own. */
  static OptionalDouble othersCpuSeconds() {
    try {
      String self = Files.readString(SELF_STAT, StandardCharsets.US_ASCII);
      String[] after = self.substring(self.lastIndexOf(')') + 2).split(" ");
      long own = Long.parseLong(after[11]) + Long.parseLong(after[12]); // utime stime: fields 14 and 15
      return OptionalDouble.of(machineCpuSeconds() - own / TICKS_PER_SECOND);
    } catch (IOException | RuntimeException e) {
      return OptionalDouble.empty();
    }
  }

  /**
   * Waits until the machine has been idle (under 10% of one core, this process included) for a second, checking
   * every 5 seconds, for at most {@code maxSeconds}; as bench/run.sh does before each timed run.
   *
   * @return the CPU share of a core the machine used in the last second checked; 0 when unknown
   */
  static double waitForIdle(long maxSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
    while (true) {
      double before;
      double after;
      try {
        before = machineCpuSeconds();
        Thread.sleep(1000);
        after = machineCpuSeconds();
      } catch (IOException | RuntimeException e) {
        return 0;
      }
      double busy = after - before;
      if (busy <= 0.1 || System.nanoTime() >= deadline) {
        return busy;
      }
      Thread.sleep(4000);
    }
  }

  private static double machineCpuSeconds() throws IOException {
    String[] cpu = Files.readAllLines(STAT, StandardCharsets.US_ASCII).get(0).trim().split("\\s+");
    long busy = 0;
    for (int field : new int[] {1, 2, 3, 6, 7, 8}) { // user nice system irq softirq steal
      busy += Long.parseLong(cpu[field]);
    }
    return busy / TICKS_PER_SECOND;
  }

  /** The 1, 5 and 15 minute load averages, or an empty list. */
  static List<Double> loadAverage() {
    try {
      String[] fields = Files.readString(LOAD, StandardCharsets.US_ASCII).trim().split("\\s+");
      return List.of(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]), Double.parseDouble(fields[2]));
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  private static OptionalLong statusField(String name) {
    try {
      for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
        if (line.startsWith(name)) {
          return OptionalLong.of(Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or /proc not mounted
    }
    return OptionalLong.empty();
  }
}
