package dev.baton.cli.stack.internal;

import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a part on ports picked a moment before it binds them, again with new ports when another
 * process took one in between ({@link FreePorts#pick()} can only say a port was free). On a busy
 * machine the kernel hands out the same ephemeral ports to outgoing connections, so this happens
 * now and then (seen once in about ten stack starts while benchmarks ran).
 */
public final class PortRaces {

  /** How many times a part is started before its last failure is thrown. */
  public static final int ATTEMPTS = 3;

  private static final Logger log = LoggerFactory.getLogger(PortRaces.class);

  /**
   * What a failed start says when a port was taken: the JDK's {@code BindException}, and Quarkus's
   * own line (Apicurio Registry exits with it in its log instead of the exception).
   */
  private static final List<String> BIND_FAILURES =
      List.of("Address already in use", "seems to be in use by another process");

  private PortRaces() {}

  /**
   * Runs {@code start}, which picks its ports and starts the part, up to {@link #ATTEMPTS} times
   * while it fails because an address was in use.
   *
   * @param part the part's name, for the log
   * @param start picks ports, starts the part and returns what the caller needs (its address)
   * @return what {@code start} returned
   */
  public static <T> T retry(String part, Supplier<T> start) {
    for (int attempt = 1; ; attempt++) {
      try {
        return start.get();
      } catch (RuntimeException e) {
        if (attempt >= ATTEMPTS || !isBindFailure(e)) {
          throw e;
        }
        log.warn(
            "{} start attempt {} of {} lost a port race; trying new ports",
            part,
            attempt,
            ATTEMPTS);
      }
    }
  }

  /** Whether {@code e}, or a cause, says that an address was already in use. */
  static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && BIND_FAILURES.stream().anyMatch(message::contains)) {
        return true;
      }
    }
    return false;
  }
}
