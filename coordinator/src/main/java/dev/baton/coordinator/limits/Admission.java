package dev.baton.coordinator.limits;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether a submit may go ahead under its tenant's submit limit, and when to try again if not.
 *
 * @param admitted whether the submit took a token
 * @param retryAfter how long until the bucket holds a token again; zero when admitted
 * @param shared whether the fleet's bucket in Redis decided, rather than this instance's own bucket
 *     (Redis did not answer) or no limit at all
 */
public record Admission(boolean admitted, Duration retryAfter, boolean shared) {

  /** A submit of a tenant without a submit limit. */
  public static final Admission UNLIMITED = new Admission(true, Duration.ZERO, false);

  /** Checks the values. */
  public Admission {
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative, got " + retryAfter);
    }
  }
}
