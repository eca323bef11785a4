package dev.baton.worker.internal;

import dev.baton.schemas.avro.NotStartedReason;
import dev.baton.schemas.avro.StepFailed;
import dev.baton.schemas.avro.ToolCallAssignment;
import dev.baton.schemas.avro.ToolCallFinished;
import dev.baton.schemas.avro.ToolCallNotStarted;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.consumer.AcknowledgeType;

/**
 * The worker's meters, in one place: the SDK's code tells this class the facts it decides (how a
 * run ended, how long a lock was waited for, that a renewal was sent) and this class turns them
 * into Micrometer meters. No tag names a session, turn, call or assignment. The meters and their
 * meaning are listed in {@code docs/worker-sdk.md}. Thread-safe.
 */
public final class WorkerMeters implements AutoCloseable {

  /** Meters that record nothing, for runners built without a registry. */
  static final WorkerMeters NONE = new WorkerMeters(new CompositeMeterRegistry());

  private static final String PREFIX = "baton.worker.";
  private static final double UNKNOWN = Double.NaN;

  private final MeterRegistry registry;
  private final List<Meter> gauges = new ArrayList<>();
  // -1 until the first turn-lock operation shows whether Redis answers; then 1 (up) or 0 (down).
  private final AtomicInteger redisUp = new AtomicInteger(-1);

  /** Meters in {@code registry}; gauges are added by {@link #gaugeHandlers}. */
  public WorkerMeters(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /**
   * Adds the gauges of the worker's handler slots: those held by running handlers, the most there
   * are, and the records its share consumers hold waiting for one. Removed again by {@link
   * #close()}.
   */
  void gaugeHandlers(IntSupplier running, IntSupplier waiting, int maxInFlight) {
    gauges.add(
        Gauge.builder(PREFIX + "handler.slots.used", running, s -> s.getAsInt())
            .description("Handler slots held by running handlers, handed-off ones included")
            .strongReference(true)
            .register(registry));
    gauges.add(
        Gauge.builder(PREFIX + "handler.slots.max", () -> maxInFlight)
            .description("The worker's maxInFlight: the most handlers that run at once")
            .register(registry));
    gauges.add(
        Gauge.builder(PREFIX + "records.waiting", waiting, s -> s.getAsInt())
            .description("Records the worker's share consumers hold until a handler slot is free")
            .strongReference(true)
            .register(registry));
  }

  /** Adds the gauge of Redis as the turn lock last saw it; for a worker with tools. */
  void gaugeRedis() {
    gauges.add(
        Gauge.builder(PREFIX + "redis.up", redisUp, v -> v.get() < 0 ? UNKNOWN : v.get())
            .description("1 if the last turn-lock operation reached Redis, 0 if it could not")
            .strongReference(true)
            .register(registry));
  }

  /** A record of the share group is about to run: its delivery count, from 1. */
  void delivered(int deliveryCount) {
    DistributionSummary.builder(PREFIX + "delivery.count")
        .description("The share group's delivery count of each record the worker runs")
        .serviceLevelObjectives(1, 2, 3, 5, 10)
        .register(registry)
        .record(deliveryCount);
  }

  /**
   * An agent step or tool call ended after {@code nanos}, settled with {@code settled}; the run
   * says whether it was stopped or lost and what it published.
   */
  void ran(AssignmentRun run, AcknowledgeType settled, long nanos) {
    String outcome = outcomeOf(run, settled);
    if (run.assignment().getBody() instanceof ToolCallAssignment call) {
      String operationClass = classOf(call);
      counter("tool.calls", "Tool calls run, by class and outcome")
          .tags("class", operationClass, "outcome", outcome)
          .register(registry)
          .increment();
      timer("tool.call.duration", "Time of a tool call's run, lock wait included")
          .tags("class", operationClass, "outcome", outcome)
          .register(registry)
          .record(nanos, TimeUnit.NANOSECONDS);
    } else {
      counter("steps", "Agent steps run, by outcome")
          .tags("outcome", outcome)
          .register(registry)
          .increment();
      timer("step.duration", "Time of an agent step's run")
          .tags("outcome", outcome)
          .register(registry)
          .record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** A tool call was reported not started, for {@code reason}. */
  void notStarted(ToolCallAssignment call, NotStartedReason reason) {
    counter("tool.calls.not.started", "Tool calls reported not started, by class and reason")
        .tags("class", classOf(call), "reason", reason.name().toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
    if (reason == NotStartedReason.LOCK_UNAVAILABLE) {
      redisUnreachable();
    }
  }

  /** The coordinator assigned a call in ordered mode (Redis was unreachable); it runs unlocked. */
  void ordered(ToolCallAssignment call) {
    counter("tool.calls.ordered", "Tool calls the coordinator ordered itself, without the lock")
        .tags("class", classOf(call))
        .register(registry)
        .increment();
  }

  /** Redis answered an acquire: the lock was granted after {@code waited}. */
  void lockGranted(ToolCallAssignment call, Duration waited) {
    redisUp.set(1);
    String operationClass = classOf(call);
    timer("lock.wait", "Time a tool call waited for the turn lock")
        .tags("class", operationClass)
        .register(registry)
        .record(waited);
    if (!waited.isZero()) {
      counter("lock.contended", "Turn-lock acquires that waited for another call")
          .tags("class", operationClass)
          .register(registry)
          .increment();
    }
  }

  /** Redis answered an acquire without granting the lock (a timeout, a stale token). */
  void redisAnswered() {
    redisUp.set(1);
  }

  /** A turn-lock operation could not reach Redis. */
  void redisUnreachable() {
    redisUp.set(0);
  }

  /** A call's outcome was recorded in its lock: one round trip to Redis, of {@code nanos}. */
  void redisRoundTrip(long nanos) {
    redisUp.set(1);
    timer("redis.round.trip", "Time of one turn-lock command to Redis, as the worker sees it")
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The worker asked the share group to renew a running record's lease. */
  void leaseRenewed() {
    counter("lease.renewals", "Lease renewals sent for running records")
        .register(registry)
        .increment();
  }

  /** A running record was accepted at the share group and left to its lease. */
  void handedOff() {
    counter("handoffs", "Running records accepted at the share group and left to their leases")
        .register(registry)
        .increment();
  }

  /** The broker refused to renew a record's lock: the share group delivers it again. */
  void recordLost() {
    counter("records.lost", "Running records whose lock renewal the broker refused")
        .register(registry)
        .increment();
  }

  /** Removes the gauges, which read the stopped worker. */
  @Override
  public void close() {
    gauges.forEach(registry::remove);
    gauges.clear();
  }

  /**
   * How a run ended, from what the SDK decided: its record lost to another delivery, its turn
   * stopped, its record released for another delivery, or what it published.
   */
  static String outcomeOf(AssignmentRun run, AcknowledgeType settled) {
    if (run.isLost()) {
      return "lost";
    }
    if (run.isCancelled()) {
      return "cancelled";
    }
    if (settled == AcknowledgeType.RELEASE) {
      return "released";
    }
    return switch (run.published()) {
      case null -> "duplicate"; // a call that had finished under this token already
      case StepFailed failed -> "failed";
      case ToolCallFinished finished -> finished.getToolResult().getIsError() ? "error" : "ok";
      case ToolCallNotStarted notStarted -> "not_started";
      default -> "completed";
    };
  }

  private static String classOf(ToolCallAssignment call) {
    return call.getOperationClass().name().toLowerCase(Locale.ROOT);
  }

  private static Counter.Builder counter(String name, String description) {
    return Counter.builder(PREFIX + name).description(description);
  }

  private static Timer.Builder timer(String name, String description) {
    return Timer.builder(PREFIX + name).description(description).publishPercentileHistogram();
  }
}
