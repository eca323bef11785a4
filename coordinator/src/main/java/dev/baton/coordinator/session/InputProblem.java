package dev.baton.coordinator.session;

import java.util.Objects;

/**
 * Why a submit cannot be accepted whatever the session's state: see {@link
 * SessionLimits#problemWith}.
 *
 * @param code the rejection code a client gets
 * @param detail what is wrong, for people
 */
public record InputProblem(RejectionCode code, String detail) {

  /** Null checks. */
  public InputProblem {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(detail, "detail");
  }
}
