package dev.baton.coordinator.limits;

/**
 * The two counts of a tenant's turns that its limits bound: those running and those queued, over
 * every session of the tenant on every coordinator instance.
 */
public enum TurnKind {
  /** Turns that are their session's active turn. */
  RUNNING("running"),
  /** Turns waiting in their session's queue. */
  QUEUED("queued");

  private final String key;

  TurnKind(String key) {
    this.key = key;
  }

  /** The count's name in keys and meters: {@code running} or {@code queued}. */
  public String key() {
    return key;
  }

  /** The other count. */
  public TurnKind other() {
    return this == RUNNING ? QUEUED : RUNNING;
  }
}
