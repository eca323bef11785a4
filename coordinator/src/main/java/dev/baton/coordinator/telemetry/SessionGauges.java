package dev.baton.coordinator.telemetry;

import dev.baton.coordinator.session.SessionState;
import dev.baton.coordinator.topology.CoordinatorStores;
import dev.baton.coordinator.topology.StoredSession;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many sessions this instance owns, and of them how many have a turn running, turns queued and
 * are paused: counted from the session model's own state, by a scan of the instance's sessions
 * stores (read-only, off the stream threads). A scan runs only when the gauges are read (a scrape)
 * and the last one is older than {@link #MAX_AGE}, so the counts are at most that old plus a scan,
 * and an instance nobody scrapes scans nothing; a scan reads every session the instance owns. While
 * the stores cannot be queried (a rebalance), the last counts stay.
 */
final class SessionGauges implements AutoCloseable {

  /** How old the counts may be before a read starts a new scan. */
  static final Duration MAX_AGE = Duration.ofSeconds(15);

  private static final Logger log = LoggerFactory.getLogger(SessionGauges.class);

  /** What one scan counted. */
  record Counts(long sessions, long running, long queued, long paused) {
    static final Counts NONE = new Counts(0, 0, 0, 0);

    Counts plus(SessionState state) {
      return new Counts(
          sessions + 1,
          running + (state.activeTurn().isPresent() ? 1 : 0),
          queued + state.queue().size(),
          paused + (state.paused() ? 1 : 0));
    }
  }

  private final ExecutorService scanner =
      Executors.newSingleThreadExecutor(
          Thread.ofPlatform().daemon().name("baton-session-gauges").factory());
  private final AtomicBoolean scanning = new AtomicBoolean();
  private volatile KafkaStreams streams;
  private volatile Counts counts = Counts.NONE;
  private volatile long scannedAtNanos = System.nanoTime() - MAX_AGE.toNanos() - 1;

  SessionGauges(MeterRegistry registry) {
    gauge(registry, "baton.sessions", "Sessions this instance owns", Counts::sessions);
    gauge(
        registry,
        "baton.turns.running",
        "Turns running on this instance's sessions",
        Counts::running);
    gauge(
        registry,
        "baton.turns.queued",
        "Turns waiting in this instance's sessions' queues",
        Counts::queued);
    gauge(registry, "baton.paused.sessions", "Paused sessions this instance owns", Counts::paused);
  }

  private void gauge(
      MeterRegistry registry, String name, String description, ToDoubleFunction<Counts> value) {
    Gauge.builder(name, this, gauges -> value.applyAsDouble(gauges.current()))
        .description(description)
        .register(registry);
  }

  /** Counts the sessions of {@code streams} from now on. */
  void watch(KafkaStreams streams) {
    this.streams = streams;
  }

  /** The last counts; starts a scan if they are older than {@link #MAX_AGE}. */
  Counts current() {
    if (System.nanoTime() - scannedAtNanos > MAX_AGE.toNanos()
        && streams != null
        && scanning.compareAndSet(false, true)) {
      scanner.execute(this::scan);
    }
    return counts;
  }

  private void scan() {
    try {
      counts = count(streams);
      scannedAtNanos = System.nanoTime();
    } catch (InvalidStateStoreException e) {
      log.debug("The sessions stores cannot be counted now: {}", e.getMessage());
    } catch (RuntimeException e) {
      log.warn("Counting the sessions failed", e);
    } finally {
      scanning.set(false);
    }
  }

  /** Counts the sessions in the stores of {@code streams}' active tasks on this instance. */
  static Counts count(KafkaStreams streams) {
    ReadOnlyKeyValueStore<String, StoredSession> sessions =
        streams.store(
            StoreQueryParameters.fromNameAndType(
                CoordinatorStores.SESSIONS, QueryableStoreTypes.keyValueStore()));
    Counts counted = Counts.NONE;
    try (KeyValueIterator<String, StoredSession> all = sessions.all()) {
      while (all.hasNext()) {
        counted = counted.plus(all.next().value.state());
      }
    }
    return counted;
  }

  @Override
  public void close() {
    scanner.shutdownNow();
  }
}
