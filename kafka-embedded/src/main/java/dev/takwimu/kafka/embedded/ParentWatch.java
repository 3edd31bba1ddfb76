package dev.takwimu.kafka.embedded;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Main class of the broker's child JVM: runs {@code args[0]}'s main with the other arguments, and exits (running the
 * broker's own shutdown) as soon as the parent process is gone, also when the parent was killed with SIGKILL and
 * could run no shutdown hook.
 */
final class ParentWatch {
  private ParentWatch() {
  }

  public static void main(String[] args) throws ReflectiveOperationException {
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(143)));
    try {
      Class.forName(args[0]).getMethod("main", String[].class)
          .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }
}
