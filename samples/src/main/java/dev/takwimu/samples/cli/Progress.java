package dev.takwimu.samples.cli;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Shows {@code running <step>... 12s} on one line of stderr while a long step runs, when a person is watching (there is
 * a console); shows nothing when output goes to a file or a pipe. The line is erased when the step ends.
 */
final class Progress {
  private static final Progress NONE = new Progress(null, null);

  private final PrintWriter err;
  private final String label;
  private final CountDownLatch done = new CountDownLatch(1);
  private final Thread ticker;
  private int width;

  private Progress(PrintWriter err, String label) {
    this.err = err;
    this.label = label;
    this.ticker = err == null ? null : new Thread(this::tick, "takwimu-progress");
  }

  /** Runs the step, showing its progress on {@code err} meanwhile when a terminal is attached. */
  static <T> T during(String step, PrintWriter err, Supplier<T> work) {
    Progress progress = start(step, err);
    try {
      return work.get();
    } finally {
      progress.stop();
    }
  }

  private static Progress start(String step, PrintWriter err) {
    if (System.console() == null) {
      return NONE;
    }
    Progress progress = new Progress(err, "running " + step + "...");
    progress.ticker.setDaemon(true);
    progress.ticker.start();
    return progress;
  }

  private void tick() {
    long started = System.nanoTime();
    try {
      do {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        show(label + " " + seconds + "s");
      } while (!done.await(1, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void show(String text) {
    err.print("\r" + text + " ".repeat(Math.max(0, width - text.length())));
    err.flush();
    width = text.length();
  }

  private void stop() {
    if (ticker == null) {
      return;
    }
    done.countDown();
    try {
      ticker.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      err.print("\r" + " ".repeat(width) + "\r");
      err.flush();
    }
  }
}
