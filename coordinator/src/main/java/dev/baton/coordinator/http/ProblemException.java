package dev.baton.coordinator.http;

import java.time.Duration;

/**
 * Ends a request with an {@code application/problem+json} response (RFC 9457). Thrown by handlers
 * and rendered by {@link HttpApi}; its factories write the detail with its context.
 */
final class ProblemException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private static final Duration RETRY_SOON = Duration.ofSeconds(1);

  private final transient Problem problem;

  private ProblemException(Problem problem) {
    super(problem.code() + ": " + problem.detail(), null, false, false);
    this.problem = problem;
  }

  Problem problem() {
    return problem;
  }

  /** A problem with {@code code} and {@code detail}. */
  static ProblemException of(ProblemCode code, String detail) {
    return new ProblemException(new Problem(code, detail, null, null));
  }

  /** A 400 problem about one field of the request: a body field or a query parameter. */
  static ProblemException field(ProblemCode code, String field, String detail) {
    return new ProblemException(new Problem(code, detail, field, null));
  }

  /** A 503: the session's owner is not known or not reachable now; retrying soon is safe. */
  static ProblemException notReady(String detail) {
    return new ProblemException(new Problem(ProblemCode.NOT_READY, detail, null, RETRY_SOON));
  }

  /** A 429: the caller may retry after {@code retryAfter}, which is sent as {@code Retry-After}. */
  static ProblemException tooMany(ProblemCode code, String detail, Duration retryAfter) {
    return new ProblemException(new Problem(code, detail, null, retryAfter));
  }

  /** A 504: the coordinator did not decide within {@code timeout}. */
  static ProblemException timeout(String what, Duration timeout) {
    return new ProblemException(
        new Problem(
            ProblemCode.TIMEOUT,
            what + " within " + timeout.toMillis() + " ms; retrying with the same turnId is safe",
            null,
            null));
  }
}
