package dev.baton.coordinator.topology;

import dev.baton.coordinator.topology.internal.GroupEviction;
import dev.baton.coordinator.topology.internal.RefusalTracker;
import dev.baton.coordinator.topology.internal.StreamsMembers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a crashed instance's sessions over without waiting for the group's session timeout. This
 * instance learns of a dead peer when it forwards requests to it: once the peer's HTTP API has
 * refused connections for {@link StreamsOptions#evictUnreachableAfter()}, it fences the peer's
 * transactional producers and removes its stream threads (static members, see {@link
 * StreamsMembers}) from the group, so that the group rebalances at once and the peer's open
 * transactions no longer keep its partitions unreadable. Either step is safe on an instance that is
 * alive after all: it rejoins.
 */
public final class DeadPeers implements AutoCloseable {

  /** How long a peer found dead is not evicted again: 30 s. */
  public static final Duration HOLD = Duration.ofSeconds(30);

  /** The bound of each request of an eviction. */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(DeadPeers.class);

  /** Evicts nobody. */
  public static final DeadPeers NONE = new DeadPeers(null, null, Clock.systemUTC());

  private final RefusalTracker refusals;
  private final GroupEviction eviction;
  private final ExecutorService evictions;
  private final Clock clock;

  private DeadPeers(RefusalTracker refusals, GroupEviction eviction, Clock clock) {
    this.refusals = refusals;
    this.eviction = eviction;
    this.clock = clock;
    this.evictions =
        eviction == null
            ? null
            : Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("baton-evict").factory());
  }

  /**
   * Evicts the dead peers of the instances of {@code config}'s application, or {@link #NONE} if
   * {@link StreamsOptions#evictUnreachableAfter()} is zero.
   */
  public static DeadPeers start(StreamsOptions config) {
    if (!config.evictUnreachableAfter().isPositive()) {
      return NONE;
    }
    return new DeadPeers(
        new RefusalTracker(config.evictUnreachableAfter(), HOLD),
        new GroupEviction(
            config.kafka().clientConfig(),
            config.applicationId(),
            config.processingMode() == ProcessingMode.EXACTLY_ONCE,
            TIMEOUT),
        Clock.systemUTC());
  }

  /** Records that the instance at {@code host}:{@code port} refused a connection. */
  public void refused(String host, int port) {
    if (eviction != null && refusals.refused(host + ":" + port, clock.instant())) {
      evictions.execute(() -> evictRefusing(host, port));
    }
  }

  /** Records that a connection to the instance at {@code host}:{@code port} succeeded. */
  public void reached(String host, int port) {
    if (eviction != null) {
      refusals.reached(host + ":" + port);
    }
  }

  /**
   * What an eviction did: the group members it removed, the transactional ids it fenced, and why
   * others could not be fenced (their open transactions then end by the transaction timeout).
   */
  public record Eviction(List<String> members, List<String> fenced, List<String> notFenced) {}

  /**
   * Evicts the instance at {@code host}:{@code port} now, whether or not it refused connections:
   * fences its stream threads' transactional producers (under exactly-once) and removes them from
   * the group. Safe on a live instance, which joins the group again.
   */
  public Eviction evict(String host, int port)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (eviction == null) {
      throw new IllegalStateException("eviction is off");
    }
    GroupEviction.Evicted evicted = eviction.evict(StreamsMembers.instanceId(host, port));
    return new Eviction(evicted.members(), evicted.fenced(), evicted.notFenced());
  }

  private void evictRefusing(String host, int port) {
    log.warn(
        "The instance at {}:{} refused connections for {} ms: evicting it from the group",
        host,
        port,
        refusals.refusedFor().toMillis());
    try {
      Eviction evicted = evict(host, port);
      log.info(
          "Evicted the instance at {}:{}: removed group members {}, fenced transactional ids {}{}",
          host,
          port,
          evicted.members(),
          evicted.fenced(),
          evicted.notFenced().isEmpty() ? "" : ", could not fence " + evicted.notFenced());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      log.warn("Could not evict the instance at {}:{}", host, port, e);
    }
  }

  @Override
  public void close() {
    if (eviction != null) {
      evictions.shutdownNow();
      eviction.close();
    }
  }
}
