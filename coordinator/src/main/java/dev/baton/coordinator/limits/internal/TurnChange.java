package dev.baton.coordinator.limits.internal;

import dev.baton.coordinator.limits.TurnKind;
import java.util.Objects;

/**
 * One change of a tenant's turn counts: turn {@code member} now counts as {@code kind}, or no
 * longer does. Changes by member are idempotent, so a decision heard twice counts once.
 *
 * @param tenant the turn's tenant
 * @param kind which count
 * @param member the turn: {@link #member(String, String)}
 * @param counted whether it counts now ({@code true}) or no longer ({@code false})
 */
public record TurnChange(String tenant, TurnKind kind, String member, boolean counted) {

  /** The character between a session's key and a turn id in a member. */
  public static final char SEPARATOR = '/';

  /** Checks the values. */
  public TurnChange {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(member, "member");
  }

  /**
   * The member of turn {@code turnId} of the session keyed {@code sessionKey}: {@code
   * acme/chat-1/t-7}. Neither a tenant nor a session id contains {@code /}, so the member names one
   * turn of one session.
   */
  public static String member(String sessionKey, String turnId) {
    return sessionKey + SEPARATOR + turnId;
  }

  /** Whether {@code member} is a turn of the session keyed {@code sessionKey}. */
  public static boolean ofSession(String member, String sessionKey) {
    return member.length() > sessionKey.length()
        && member.startsWith(sessionKey)
        && member.charAt(sessionKey.length()) == SEPARATOR;
  }
}
