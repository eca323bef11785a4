package dev.baton.cli.chaos;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The kinds of fault the checker can inject into a workload. Every workload runs turns with tool
 * batches of mixed classes and durations; each fault switched on adds its operations or its
 * misbehaving worker. {@code -Dbaton.chaos.faults=all} (or a comma-separated list of names) chooses
 * them; by default {@link #CI} runs.
 */
public enum Fault {
  /** Cancels ({@code DELETE}) and operator kills of running and queued turns. */
  CANCEL,
  /** Submits with {@code onBusy=interrupt}: the running turn is cancelled, the new one starts. */
  INTERRUPT,
  /**
   * Submits with {@code onBusy=rollback}: the running turn is cancelled and its messages removed.
   */
  ROLLBACK,
  /** The same turn id and input submitted again. */
  DUPLICATE_SUBMIT,
  /** An earlier turn id of the session submitted again with another input. */
  REUSED_TURN_ID,
  /** A session left idle until it expires, then its id used again. */
  EXPIRY,
  /** Tool results of hundreds of kilobytes. */
  LARGE_OUTPUT,
  /** A worker shut down at once (its running handlers interrupted) and a new one started. */
  WORKER_KILL,
  /**
   * A worker that renews its leases far less often than the lease lasts: its long calls outlive
   * their lease and are dispatched again while it still runs them.
   */
  LEASE_EXPIRY,
  /** The turn-lock Redis stopped and started again on the same port. */
  REDIS_RESTART,
  /**
   * Records whose CreateTime runs ten minutes fast: submits from such a client, and lease renewals
   * of running assignments from such a worker.
   */
  SKEWED_CLOCK,
  /** Submit commands produced to a partition other than their key's. */
  WRONG_PARTITION;

  /** The system property that chooses the faults. */
  public static final String PROPERTY = "baton.chaos.faults";

  /** The faults {@code ./mvnw verify} switches on: those the code keeps its invariants under. */
  public static final Set<Fault> CI =
      EnumSet.of(
          CANCEL,
          INTERRUPT,
          ROLLBACK,
          DUPLICATE_SUBMIT,
          REUSED_TURN_ID,
          EXPIRY,
          LARGE_OUTPUT,
          WORKER_KILL,
          LEASE_EXPIRY,
          REDIS_RESTART,
          SKEWED_CLOCK,
          WRONG_PARTITION);

  /** The faults of {@code spec}: {@code all}, {@code none}, names separated by commas, or blank. */
  public static Set<Fault> parse(String spec) {
    String trimmed = spec.strip().toLowerCase(Locale.ROOT);
    if (trimmed.isEmpty()) {
      return EnumSet.copyOf(CI);
    }
    if (trimmed.equals("all")) {
      return EnumSet.allOf(Fault.class);
    }
    if (trimmed.equals("none")) {
      return EnumSet.noneOf(Fault.class);
    }
    EnumSet<Fault> faults = EnumSet.noneOf(Fault.class);
    Arrays.stream(trimmed.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .forEach(name -> faults.add(valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'))));
    return faults;
  }

  /** {@code faults} as the value of {@link #PROPERTY}. */
  public static String spec(Set<Fault> faults) {
    return faults.isEmpty()
        ? "none"
        : String.join(
            ",", faults.stream().sorted().map(f -> f.name().toLowerCase(Locale.ROOT)).toList());
  }
}
