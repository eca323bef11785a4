package dev.baton.cli.chaos;

import dev.baton.cli.acceptance.BatonApi;
import dev.baton.cli.acceptance.BatonFleet;
import dev.baton.cli.stack.EmbeddedRedis;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.TestIds;
import dev.baton.coordinator.session.SessionLimits;
import dev.baton.coordinator.topology.TopologyOptions;
import dev.baton.schemas.TopicLayout;
import dev.baton.worker.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The system a workload runs on: one coordinator on the shared stack, the checker's workers, and a
 * turn-lock Redis of its own that the workload may stop and start. Workers run the {@link
 * ChaosAgent} and {@link ChaosTools}, all recording into one journal.
 */
final class ChaosFleet implements AutoCloseable {

  /** The lease of steps and calls: short, so that a lagging worker outlives it. */
  static final Duration LEASE = Duration.ofSeconds(3);

  /** How long a session may stay idle before it expires, when expiry is injected. */
  static final Duration IDLE_TIME_TO_LIVE = Duration.ofSeconds(4);

  /** The turn deadline: every turn ends within it, whatever happens. */
  static final Duration TURN_DEADLINE = Duration.ofSeconds(60);

  /** How often the lagging worker renews its leases: far less often than they last. */
  static final Duration LAGGING_RENEWAL = Duration.ofSeconds(10);

  /** How long a request of the workload waits for its answer; a stuck coordinator costs no more. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final Workload workload;
  private final BatonFleet fleet;
  private final ChaosTools.Journal journal = new ChaosTools.Journal();
  private final List<Worker> workers = new ArrayList<>();
  private final String redisUri;
  private final int redisPort;
  private final Path redisData;
  private EmbeddedRedis redis;
  private int generation;

  private ChaosFleet(Workload workload, BatonFleet fleet, EmbeddedRedis redis, Path redisData) {
    this.workload = workload;
    this.redisData = redisData;
    this.fleet = fleet;
    this.redis = redis;
    this.redisUri = redis.uri();
    this.redisPort = redis.port();
  }

  /**
   * Starts the coordinator, the lock Redis and the workers {@code workload} asks for. The lock
   * Redis keeps its data across the workload's restarts (an append-only file written through), as a
   * production Redis must for the turn lock's done marks to outlive a restart.
   */
  static ChaosFleet start(Workload workload, StackAddresses stack, TestIds ids, Path dir) {
    Path redisData = dir.resolve("redis-data");
    try {
      Files.createDirectories(redisData);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    EmbeddedRedis redis = new EmbeddedRedis().persistingIn(redisData).start();
    BatonFleet fleet;
    try {
      fleet =
          BatonFleet.builder(stack, ids, dir)
              .partitions(3)
              .workers(0)
              .topology(topology(workload))
              .start();
    } catch (RuntimeException e) {
      redis.close();
      throw e;
    }
    ChaosFleet chaos = new ChaosFleet(workload, fleet, redis, redisData);
    for (int i = 0; i < workload.workers(); i++) {
      chaos.workers.add(chaos.startWorker("w" + i, b -> b));
    }
    if (workload.has(Fault.LEASE_EXPIRY)) {
      chaos.startWorker("lagging", b -> b.leaseRenewInterval(LAGGING_RENEWAL));
    }
    return chaos;
  }

  private static TopologyOptions topology(Workload workload) {
    SessionLimits.Builder limits = SessionLimits.builder().lease(LEASE).turnDeadline(TURN_DEADLINE);
    if (workload.has(Fault.EXPIRY)) {
      limits.idleTimeToLive(Optional.of(IDLE_TIME_TO_LIVE));
    }
    return TopologyOptions.builder()
        .limits(limits.build())
        .timerInterval(Duration.ofMillis(200))
        .build();
  }

  private Worker startWorker(String workerId, UnaryOperator<Worker.Builder> customize) {
    ChaosTools tools = new ChaosTools(journal, workerId);
    return fleet.startWorker(
        workerId,
        b ->
            customize.apply(
                tools.register(b.maxInFlight(8).redis(redisUri).agent(new ChaosAgent()))));
  }

  /** Shuts ordinary worker {@code index} down at once and starts a new one in its place. */
  void killWorker(int index) {
    workers.get(index).shutdownNow();
    workers.set(index, startWorker("w" + index + "-" + ++generation, b -> b));
  }

  /** Stops the lock Redis if it runs. */
  void stopRedis() {
    if (redis != null) {
      redis.close();
      redis = null;
    }
  }

  /** Starts the lock Redis on its old port if it is stopped. */
  void startRedis() {
    if (redis == null) {
      redis = new EmbeddedRedis().persistingIn(redisData).start(redisPort);
    }
  }

  /** A client of the coordinator whose requests give up after {@link #REQUEST_TIMEOUT}. */
  BatonApi api() {
    return new BatonApi(fleet.coordinator(0).httpPort(), 100, REQUEST_TIMEOUT);
  }

  TopicLayout layout() {
    return fleet.layout();
  }

  ChaosTools.Journal journal() {
    return journal;
  }

  @Override
  public void close() {
    try {
      fleet.close();
    } finally {
      stopRedis();
    }
  }
}
