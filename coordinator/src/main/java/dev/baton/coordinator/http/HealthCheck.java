package dev.baton.coordinator.http;

import java.util.Objects;

/**
 * One component's health, as {@code GET /health}, {@code /health/ready} and {@code /health/live}
 * report it.
 *
 * <p>{@code HealthCheck kafka = () -> HealthCheck.Status.up("3 brokers");}
 */
@FunctionalInterface
public interface HealthCheck {

  /** Checks the component now; must not block for long and should not throw. */
  Status check();

  /**
   * {@code check}, with a component that is down reported {@link State#DEGRADED}: the coordinator
   * carries on without it, more slowly. A check that throws is degraded too.
   *
   * <p>{@code HealthCheck redis = HealthCheck.degradedWhenDown(() -> ping());}
   */
  static HealthCheck degradedWhenDown(HealthCheck check) {
    Objects.requireNonNull(check, "check");
    return () -> {
      Status status;
      try {
        status = check.check();
      } catch (RuntimeException e) {
        status = Status.down(e.toString());
      }
      return status.state() == State.DOWN ? Status.degraded(status.detail()) : status;
    };
  }

  /** A component's state. */
  enum State {
    /** Works. */
    UP,
    /** Does not work, but the coordinator serves without it; the response stays 200. */
    DEGRADED,
    /** Does not work, and the coordinator cannot serve without it; the response is 503. */
    DOWN
  }

  /**
   * A component's status.
   *
   * @param state up, degraded or down
   * @param detail a short human-readable detail
   */
  record Status(State state, String detail) {

    public Status {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(detail, "detail");
    }

    /** A component that works. */
    public static Status up(String detail) {
      return new Status(State.UP, detail);
    }

    /** A component that does not work, but that the coordinator can serve without. */
    public static Status degraded(String detail) {
      return new Status(State.DEGRADED, detail);
    }

    /** A component that does not work and that the coordinator needs, and why. */
    public static Status down(String detail) {
      return new Status(State.DOWN, detail);
    }
  }
}
