package dev.baton.coordinator.session;

import java.util.Objects;
import java.util.Optional;

/**
 * Why a step attempt or a turn failed: a stable code that programs match on, a message for people
 * and, for a worker's failure, the detail it sent (such as a stack trace).
 *
 * <pre>{@code
 * Failure limit = Failure.of(FailureCode.LIMIT_STEPS_PER_TURN, "9 > 8");
 * limit.code();    // "LIMIT_STEPS_PER_TURN"
 * limit.message(); // "LIMIT_STEPS_PER_TURN: 9 > 8"
 * }</pre>
 *
 * @param code the coordinator's {@link FailureCode} by name, or the code the worker reported
 * @param message what went wrong, for people
 * @param detail more detail a worker sent, if any
 */
public record Failure(String code, String message, Optional<String> detail) {

  /** Null checks. */
  public Failure {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(detail, "detail");
  }

  /** A failure the coordinator decided; its message starts with the code and a colon. */
  public static Failure of(FailureCode code, String detail) {
    return new Failure(code.name(), code.name() + ": " + detail, Optional.empty());
  }

  /** A failure a worker reported, with the worker's own code. */
  public static Failure reported(String code, String message, Optional<String> detail) {
    return new Failure(code, message, detail);
  }
}
