package dev.baton.client;

import java.util.Objects;

/**
 * A session that {@link BatonClient#fork} started from another session's history, as the
 * coordinator answered when it had seeded it.
 *
 * <p>{@code client.submit(fork.sessionId(), null, "and now?", SubmitOptions.DEFAULTS);}
 *
 * @param sessionId the new session's id
 * @param status its status, {@code IDLE} right after the fork
 * @param historyFromSeq the seq of its oldest message (the source's oldest retained one)
 * @param historyNextSeq the seq its next message gets: the fork's {@code atSeq + 1}
 */
public record ForkedSession(
    String sessionId, String status, long historyFromSeq, long historyNextSeq) {

  /** Checks that no component is null. */
  public ForkedSession {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(status, "status");
  }
}
