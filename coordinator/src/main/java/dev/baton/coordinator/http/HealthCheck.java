package dev.baton.coordinator.http;

/**
 * One component's readiness, as {@code GET /health} reports it.
 *
 * <p>{@code HealthCheck kafka = () -> HealthCheck.Status.up("3 brokers");}
 */
@FunctionalInterface
public interface HealthCheck {

  /** Checks the component now; must not block for long and must not throw. */
  Status check();

  /**
   * A component's status.
   *
   * @param up whether the component is ready
   * @param detail a short human-readable detail
   */
  record Status(boolean up, String detail) {

    /** A ready component. */
    public static Status up(String detail) {
      return new Status(true, detail);
    }

    /** A component that is not ready, and why. */
    public static Status down(String detail) {
      return new Status(false, detail);
    }
  }
}
