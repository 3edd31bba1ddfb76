package dev.takwimu.core.stream;

/** A backend that can append stream records to its lake: {@code if (backend instanceof SupportsStreaming s) ...}. */
public interface SupportsStreaming {

  StreamSinks streams();
}
