package dev.baton.coordinator.http;

import java.util.Objects;

/**
 * Which coordinator instance owns a session now: this one, another one, or none known (Kafka
 * Streams is starting or rebalancing).
 *
 * <p>{@code if (service.ownerOf(sessionId) instanceof SessionOwner.Remote remote) { ... }}
 */
public sealed interface SessionOwner {

  /** This instance owns the session: its stores answer and its processor decides. */
  record Local() implements SessionOwner {}

  /**
   * Another instance owns the session; requests are forwarded to its HTTP API.
   *
   * @param host the owner's advertised host ({@code application.server})
   * @param port the owner's HTTP port
   */
  record Remote(String host, int port) implements SessionOwner {

    /** Null checks. */
    public Remote {
      Objects.requireNonNull(host, "host");
    }
  }

  /** No instance is known to own the session now. */
  record Unknown() implements SessionOwner {}
}
