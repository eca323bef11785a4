package dev.baton.coordinator;

/** The unchecked root of the coordinator's exceptions. */
public class BatonException extends RuntimeException {

  /** Creates an exception with a message that names its context. */
  public BatonException(String message) {
    super(message);
  }

  /** Creates an exception with a message that names its context, and its cause. */
  public BatonException(String message, Throwable cause) {
    super(message, cause);
  }
}
