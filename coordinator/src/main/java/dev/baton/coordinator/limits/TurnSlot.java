package dev.baton.coordinator.limits;

/**
 * A turn counted against its tenant's limit before its submit is written ({@link
 * TenantLimiter#reserveTurn}). Once the session's owner decides the submit, the decision keeps or
 * drops the count; a submit that could not be written gives its slot back with {@link #release()}.
 *
 * <p>{@code TurnSlot slot = limiter.reserveTurn(tenant, key, turnId,
 * TurnKind.RUNNING).orElseThrow();}
 */
public interface TurnSlot {

  /** A slot of a turn that is not counted: no limit, or a turn already known. */
  TurnSlot UNCOUNTED = () -> {};

  /**
   * Drops the count of a turn whose submit was not written, so no decision will keep or drop it.
   */
  void release();
}
