package dev.baton.worker.internal;

import dev.baton.schemas.BatonException;
import dev.baton.schemas.avro.Failure;
import dev.baton.worker.StepFailedException;
import java.io.PrintWriter;
import java.io.StringWriter;

/** How a handler's exception is classified and described in a {@code StepFailed} result. */
final class Failures {

  /** The longest stack trace a failure's detail carries, in characters. */
  static final int MAX_DETAIL_LENGTH = 4_000;

  private Failures() {}

  /**
   * Whether another attempt may succeed: what a {@link BatonException} (including {@link
   * StepFailedException}) says; any other exception is not retryable.
   */
  static boolean isRetryable(Throwable error) {
    return error instanceof BatonException e && e.isRetryable();
  }

  /** The failure's code, message and stack trace. */
  static Failure describe(Throwable error) {
    String code =
        error instanceof StepFailedException e ? e.code() : StepFailedException.HANDLER_EXCEPTION;
    String message = error.getMessage() != null ? error.getMessage() : error.getClass().getName();
    return Failure.newBuilder()
        .setCode(code)
        .setMessage(message)
        .setDetail(stackTrace(error))
        .build();
  }

  private static String stackTrace(Throwable error) {
    StringWriter out = new StringWriter();
    error.printStackTrace(new PrintWriter(out));
    String trace = out.toString();
    return trace.length() <= MAX_DETAIL_LENGTH ? trace : trace.substring(0, MAX_DETAIL_LENGTH);
  }
}
