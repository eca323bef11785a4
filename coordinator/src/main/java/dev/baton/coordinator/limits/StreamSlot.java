package dev.baton.coordinator.limits;

/**
 * One open stream counted against its tenant's limit on this instance; closing it frees the slot.
 * Closing it again does nothing.
 *
 * <p>{@code try (StreamSlot slot = limiter.openStream(tenant).orElseThrow()) { relay(); }}
 */
public interface StreamSlot extends AutoCloseable {

  /** A slot of a tenant without a stream limit: nothing is counted. */
  StreamSlot UNCOUNTED = () -> {};

  /** Frees the slot. */
  @Override
  void close();
}
