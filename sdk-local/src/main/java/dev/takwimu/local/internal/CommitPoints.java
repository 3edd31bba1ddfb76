package dev.takwimu.local.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The steps between which a commit can be cut short by a crash. A test stops the process at one of them with the system
 * property {@code takwimu.test.halt-at=NAME} (the first time the step is reached) or {@code NAME#N} (the N-th time),
 * then checks what readers and the next writer see. Without the property every call returns at once.
 */
final class CommitPoints {
  /** The data of every part is in its version directory; no manifest names it yet. */
  static final String DATA_IN_PLACE = "data-in-place";
  /** One part's manifest is in place (the whole commit, when it has one part). */
  static final String MANIFEST_WRITTEN = "manifest-written";
  /** The lake's record of a commit across datasets is written: from here on its versions are visible. */
  static final String TRANSACTION_RECORDED = "transaction-recorded";
  /** One part's manifest no longer refers to the transaction record. */
  static final String MANIFEST_FINALIZED = "manifest-finalized";
  /** Every step done, before old versions and abandoned staging are cleaned up. */
  static final String COMMITTED = "committed";

  private static final String HALT_AT = System.getProperty("takwimu.test.halt-at", "");
  private static final Map<String, AtomicInteger> REACHED = new ConcurrentHashMap<>();

  private CommitPoints() {}

  static void reached(String point) {
    if (HALT_AT.isEmpty() || !HALT_AT.startsWith(point)) {
      return;
    }
    int count = REACHED.computeIfAbsent(point, p -> new AtomicInteger()).incrementAndGet();
    if (HALT_AT.equals(point) || HALT_AT.equals(point + "#" + count)) {
      System.out.flush();
      Runtime.getRuntime().halt(137); // as abrupt as SIGKILL: no shutdown hooks, no finally blocks
    }
  }
}
