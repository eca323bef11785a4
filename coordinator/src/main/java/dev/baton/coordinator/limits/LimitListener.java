package dev.baton.coordinator.limits;

/**
 * Hears what the tenant limits decide, for meters: {@code CoordinatorMeters.tenantLimits()}. Called
 * on request threads and the thread that writes turn counts; implementations must be quick and
 * thread-safe.
 */
public interface LimitListener {

  /** Hears nothing. */
  LimitListener NONE = new LimitListener() {};

  /** A submit of {@code tenant} was refused by its submit limit. */
  default void submitRefused(String tenant) {}

  /**
   * Redis did not answer, so this instance decided a submit of {@code tenant} with a bucket of its
   * own ({@code admitted} or not).
   */
  default void submitDecidedLocally(String tenant, boolean admitted) {}

  /** A stream of {@code tenant} was refused: the tenant holds its most streams on this instance. */
  default void streamRefused(String tenant) {}

  /** A submit of {@code tenant} was refused: the tenant counts its most turns of {@code kind}. */
  default void turnRefused(String tenant, TurnKind kind) {}

  /**
   * Redis did not answer, so this instance decided a submit of {@code tenant} by the turns of its
   * own sessions ({@code admitted} or not).
   */
  default void turnDecidedLocally(String tenant, boolean admitted) {}

  /**
   * {@code changes} of turn counts were not written to Redis (it did not answer, or too many
   * waited); the next renewal writes the counts of the turns that still live.
   */
  default void turnChangesUnwritten(int changes) {}
}
