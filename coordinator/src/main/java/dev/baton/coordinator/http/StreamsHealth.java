package dev.baton.coordinator.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The health of a coordinator's Kafka Streams application, as the {@code coordinator} component of
 * the health endpoints reports it. Kafka Streams replaces a stream thread that failed, and its
 * state then goes back to {@code RUNNING}; a thread that fails again and again (on a record it
 * cannot get past, or on an infrastructure failure) serves no session while the state says all is
 * well. So the coordinator tells this class of every failed thread, and readiness is {@code DOWN}
 * while {@link #DEFAULT_FAILURES_TO_BE_DOWN} or more failed within the last {@link
 * #DEFAULT_FAILURE_WINDOW}; it is ready again once a window passes without failures. Liveness does
 * not count failed threads: a thread that fails because the registry is down would also fail on
 * every restarted instance.
 *
 * <pre>{@code
 * StreamsHealth health = new StreamsHealth(streams::state);
 * streams.setUncaughtExceptionHandler(e -> { health.threadFailed(e); return REPLACE_THREAD; });
 * HealthChecks.of(Map.of("coordinator", health::readiness), Map.of("coordinator", health::liveness));
 * }</pre>
 */
public final class StreamsHealth {

  /** How many failed stream threads within {@link #DEFAULT_FAILURE_WINDOW} make readiness down. */
  public static final int DEFAULT_FAILURES_TO_BE_DOWN = 3;

  /** The window in which failed stream threads are counted. */
  public static final Duration DEFAULT_FAILURE_WINDOW = Duration.ofSeconds(60);

  private final Supplier<KafkaStreams.State> state;
  private final Clock clock;
  private final Deque<Instant> failures = new ArrayDeque<>();
  private String lastFailure = "";

  /** The health of the application whose state {@code state} reads; null while none exists. */
  public StreamsHealth(Supplier<KafkaStreams.State> state) {
    this(state, Clock.systemUTC());
  }

  StreamsHealth(Supplier<KafkaStreams.State> state, Clock clock) {
    this.state = Objects.requireNonNull(state, "state");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A stream thread failed with {@code cause}; Kafka Streams replaces it. */
  public synchronized void threadFailed(Throwable cause) {
    failures.addLast(clock.instant());
    lastFailure = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    forgetOldFailures();
  }

  /**
   * Ready: Kafka Streams runs, so this instance knows and serves its sessions, and its stream
   * threads do not keep failing.
   */
  public HealthCheck.Status readiness() {
    KafkaStreams.State current = state.get();
    if (current == null) {
      return HealthCheck.Status.down("streams not created yet");
    }
    if (current != KafkaStreams.State.RUNNING) {
      return HealthCheck.Status.down("streams " + current);
    }
    synchronized (this) {
      forgetOldFailures();
      if (failures.size() >= DEFAULT_FAILURES_TO_BE_DOWN) {
        return HealthCheck.Status.down(
            "stream threads failed "
                + failures.size()
                + " times in the last "
                + DEFAULT_FAILURE_WINDOW.toSeconds()
                + " s, last: "
                + lastFailure);
      }
    }
    return HealthCheck.Status.up("streams " + current);
  }

  /**
   * Live: Kafka Streams is starting, rebalancing or running. It is not once it has failed for good
   * (every stream thread died, {@code ERROR}) or stopped; a restart is then the remedy.
   */
  public HealthCheck.Status liveness() {
    KafkaStreams.State current = state.get();
    if (current == null) {
      return HealthCheck.Status.up("starting");
    }
    return switch (current) {
      case PENDING_ERROR, ERROR, NOT_RUNNING -> HealthCheck.Status.down("streams " + current);
      default -> HealthCheck.Status.up("streams " + current);
    };
  }

  private void forgetOldFailures() {
    Instant oldest = clock.instant().minus(DEFAULT_FAILURE_WINDOW);
    while (!failures.isEmpty() && failures.peekFirst().isBefore(oldest)) {
      failures.removeFirst();
    }
  }
}
