package dev.baton.cli.stack;

import dev.baton.coordinator.TopicBootstrapException;
import dev.baton.schemas.BatonException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A part of the dev stack could not be configured, started or reached. The message names the part
 * ({@code kafka}, {@code redis}, {@code registry}, {@code topics}) and why. None of these failures
 * is retryable as is: fix the cause (a port, a missing JDK, an unreachable address) and start
 * again.
 *
 * <p>{@code throw StackException.notReady("redis", Duration.ofSeconds(30), "connection refused");}
 */
public final class StackException extends BatonException {

  private static final long serialVersionUID = 1L;

  private final String part;

  private StackException(String part, String message, Throwable cause) {
    super(message, cause, false);
    this.part = part;
  }

  /** The part of the stack that failed, or {@code config} for a bad setting. */
  public String part() {
    return part;
  }

  /** A part did not become ready within its timeout. */
  public static StackException notReady(String part, Duration timeout, String lastReason) {
    return new StackException(
        part,
        part
            + " was not ready within "
            + String.format(Locale.ROOT, "%.1f s", timeout.toMillis() / 1000.0)
            + ": "
            + lastReason,
        null);
  }

  /** A part failed while starting. */
  public static StackException startFailed(String part, String why, Throwable cause) {
    String detail = cause == null ? "" : ": " + cause;
    return new StackException(part, part + " failed to start, " + why + detail, cause);
  }

  /** A child process exited while it should run. */
  public static StackException exited(String part, int exitCode, Path logFile, String logTail) {
    return new StackException(
        part,
        part + " exited with code " + exitCode + "; end of " + logFile + ":\n" + logTail,
        null);
  }

  /** No Java runtime of the required version was found. */
  public static StackException noJava(int minimum, List<Path> searched) {
    return new StackException(
        "registry",
        "registry needs Java "
            + minimum
            + "+ but none was found: the running JVM is "
            + Runtime.version().feature()
            + ", JAVA_HOME="
            + System.getenv("JAVA_HOME")
            + ", searched "
            + searched
            + ". Install a JDK "
            + minimum
            + "+ or point JAVA_HOME at one.",
        null);
  }

  /** The thread starting or checking a part was interrupted. */
  public static StackException interrupted(String part) {
    return new StackException(part, part + ": interrupted", null);
  }

  /** Baton's topics could not be created or prepared; the part is {@code topics}. */
  public static StackException topicsFailed(TopicBootstrapException cause) {
    return new StackException(TopicBootstrapException.PART, cause.getMessage(), cause);
  }
}
