package dev.baton.worker.internal;

import dev.baton.schemas.BatonException;
import dev.baton.schemas.avro.AgentStep;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.ToolCallAssignment;
import dev.baton.worker.AgentHandler;
import dev.baton.worker.StepResult;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one delivered assignment to its end and says how to acknowledge it. Never throws.
 *
 * <ul>
 *   <li>The handler answered and the result is durably written: {@code ACCEPT}.
 *   <li>Writing the result failed, the handler failed retryably, or it was interrupted: {@code
 *       RELEASE}, so the share group delivers the assignment again.
 *   <li>The handler failed for good: {@code StepFailed(retryable=false)} is written, then {@code
 *       REJECT}; if writing it fails, {@code RELEASE}.
 *   <li>The record cannot be read (a malformed record): {@code REJECT}, or {@code RELEASE} if the
 *       registry could not be reached.
 *   <li>The turn was stopped (a STOP signal, before or while it runs): {@code ACCEPT} at once,
 *       without running it or publishing its result.
 *   <li>The record was delivered more often than the delivery limit: {@code StepFailed(retryable,
 *       code POISON)} without running it, then {@code REJECT}. On the last delivery the limit
 *       allows, a retryable failure is reported the same way instead of released.
 *   <li>While the handler runs, its lease is renewed ({@link Leases}).
 *   <li>A tool call: run by a {@link ToolRunner} under the turn lock, once the session's turn
 *       signals are read up to now; see there.
 * </ul>
 */
public final class StepRunner {

  private static final Logger log = LoggerFactory.getLogger(StepRunner.class);

  /**
   * What watches a run besides its handler.
   *
   * @param running the registry that STOP signals cancel through
   * @param leases renews leases; null to renew none
   * @param deliveryLimit the delivery at which a retryable failure becomes final
   * @param signals what a step or tool call waits on before it starts, so that a stopped one does
   *     not
   */
  public record Supervision(
      RunningAssignments running, Leases leases, int deliveryLimit, SignalBarrier signals) {

    /** Checks the registry, the limit and the barrier. */
    public Supervision {
      Objects.requireNonNull(running, "running");
      Objects.requireNonNull(signals, "signals");
      if (deliveryLimit < 1) {
        throw new IllegalArgumentException(
            "deliveryLimit must be at least 1, got " + deliveryLimit);
      }
    }

    /** Supervision whose tool calls wait on no signals. */
    public Supervision(RunningAssignments running, Leases leases, int deliveryLimit) {
      this(running, leases, deliveryLimit, SignalBarrier.NONE);
    }

    /** No leases, no signals, the default delivery limit. */
    static Supervision none() {
      return new Supervision(
          new RunningAssignments(), null, dev.baton.worker.WorkerOptions.DEFAULT_DELIVERY_LIMIT);
    }
  }

  private final AgentHandler agent;
  private final Deserializer<Assignment> assignments;
  private final ResultPublisher publisher;
  private final ToolRegistry toolRegistry;
  private final ToolRunner tools;
  private final Supervision supervision;
  private volatile HistoryReader history = HistoryReader.NONE;
  private volatile DeltaBatching deltaBatching;
  private volatile WorkerMeters meters = WorkerMeters.NONE;
  private volatile Tracer tracer;

  /**
   * Creates a runner without tools: every tool call is answered {@code UNKNOWN_TOOL}.
   *
   * @param agent the agent handler
   * @param assignments the deserializer of assignments
   * @param publisher where results go
   */
  public StepRunner(
      AgentHandler agent, Deserializer<Assignment> assignments, ResultPublisher publisher) {
    this(agent, assignments, publisher, ToolRegistry.empty(), null, Clock.systemUTC());
  }

  /**
   * Creates a runner without leases or signals.
   *
   * @param agent the agent handler
   * @param assignments the deserializer of assignments
   * @param publisher where results go
   * @param tools the tools this worker runs
   * @param locks the process's turn locks; null only if {@code tools} is empty
   * @param clock the clock of a tool call's {@code startedAt} and {@code finishedAt}
   */
  public StepRunner(
      AgentHandler agent,
      Deserializer<Assignment> assignments,
      ResultPublisher publisher,
      ToolRegistry tools,
      Locks locks,
      Clock clock) {
    this(agent, assignments, publisher, tools, locks, clock, Supervision.none());
  }

  /**
   * Creates a runner.
   *
   * @param agent the agent handler
   * @param assignments the deserializer of assignments
   * @param publisher where results go
   * @param tools the tools this worker runs
   * @param locks the process's turn locks; null only if {@code tools} is empty
   * @param clock the clock of a tool call's {@code startedAt} and {@code finishedAt}
   * @param supervision the signal registry, the leases and the delivery limit
   */
  public StepRunner(
      AgentHandler agent,
      Deserializer<Assignment> assignments,
      ResultPublisher publisher,
      ToolRegistry tools,
      Locks locks,
      Clock clock,
      Supervision supervision) {
    this.agent = Objects.requireNonNull(agent, "agent");
    this.assignments = Objects.requireNonNull(assignments, "assignments");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.toolRegistry = Objects.requireNonNull(tools, "tools");
    this.supervision = Objects.requireNonNull(supervision, "supervision");
    if (locks == null && !tools.isEmpty()) {
      throw new IllegalArgumentException("Tools need turn locks");
    }
    this.tools = new ToolRunner(tools, locks, publisher, clock, supervision.signals());
    this.deltaBatching = DeltaBatching.immediate(publisher.maxValueBytes());
  }

  /**
   * Lets agent steps read whole history messages through {@code history} ({@code Step.wholeText});
   * without it they fail to. Set before the runner runs anything.
   */
  public StepRunner readingHistoryFrom(HistoryReader history) {
    this.history = Objects.requireNonNull(history, "history");
    return this;
  }

  /**
   * Gathers what agent steps emit into deltas as {@code batching} says; without it every emit is
   * sent at once. Set before the runner runs anything.
   */
  StepRunner batchingDeltas(DeltaBatching batching) {
    this.deltaBatching = Objects.requireNonNull(batching, "batching");
    return this;
  }

  /**
   * Tells {@code meters} what the runner decides: deliveries, how each run ended, lock waits.
   * Without it nothing is measured. Set before the runner runs anything.
   */
  StepRunner measuredBy(WorkerMeters meters) {
    this.meters = Objects.requireNonNull(meters, "meters");
    tools.measuredBy(meters);
    return this;
  }

  /**
   * Traces every run with {@code tracer} ({@link RunTrace}); without it nothing is traced. Set
   * before the runner runs anything.
   */
  StepRunner tracedBy(Tracer tracer) {
    this.tracer = Objects.requireNonNull(tracer, "tracer");
    return this;
  }

  /** Runs {@code record} on its own, with nowhere to renew it, and returns how to settle it. */
  public Settlement run(ConsumerRecord<String, byte[]> record) {
    return new Settlement(record, run(Delivery.detached(record)));
  }

  /**
   * Runs {@code delivery}'s record and returns how to settle it. The delivery may be settled
   * earlier (its turn was stopped), in which case the returned type is dropped.
   */
  public AcknowledgeType run(Delivery delivery) {
    ConsumerRecord<String, byte[]> record = delivery.record();
    Assignment assignment;
    try {
      assignment = assignments.deserialize(record.topic(), record.value());
    } catch (RuntimeException e) {
      boolean retryable = e instanceof BatonException b && b.isRetryable();
      log.warn(
          "Cannot read assignment {}; {}",
          RecordId.of(record),
          retryable ? "RELEASE" : "REJECT",
          e);
      return retryable ? AcknowledgeType.RELEASE : AcknowledgeType.REJECT;
    }
    if (assignment == null) {
      log.warn("Assignment {} has no value; REJECT", RecordId.of(record));
      return AcknowledgeType.REJECT;
    }
    return runSupervised(assignment, delivery);
  }

  /** Runs a readable assignment unless its turn is stopped or it is over the delivery limit. */
  private AcknowledgeType runSupervised(Assignment assignment, Delivery delivery) {
    String callId = assignment.getBody() instanceof ToolCallAssignment c ? c.getCallId() : null;
    meters.delivered(delivery.deliveryCount());
    if (supervision.running().isStopped(assignment)) {
      log.info("Assignment {} belongs to a stopped turn; ACCEPT", assignment.getAssignmentId());
      return AcknowledgeType.ACCEPT;
    }
    if (DeliveryLimit.of(delivery.deliveryCount(), supervision.deliveryLimit())
        == DeliveryLimit.REJECT) {
      return rejectPoison(assignment, delivery, callId);
    }
    try (RunningAssignments.Handle handle =
        supervision.running().register(assignment, () -> delivery.settle(AcknowledgeType.ACCEPT))) {
      if (handle.isCancelled()) {
        log.info("Assignment {} belongs to a stopped turn; ACCEPT", assignment.getAssignmentId());
        return AcknowledgeType.ACCEPT;
      }
      try (Leases.Lease lease = startLease(assignment, callId, delivery)) {
        delivery.leaseStarted();
        RunTrace trace =
            tracer == null
                ? RunTrace.NONE
                : RunTrace.of(tracer, delivery.record().headers(), assignment);
        return dispatch(
            new AssignmentRun(
                assignment, delivery, supervision.deliveryLimit(), handle, callId, lease, trace));
      }
    }
  }

  private Leases.Lease startLease(Assignment assignment, String callId, Delivery delivery) {
    return supervision.leases() == null
        ? () -> {}
        : supervision.leases().start(assignment, callId, delivery);
  }

  private AcknowledgeType dispatch(AssignmentRun run) {
    long start = System.nanoTime();
    AcknowledgeType settled =
        switch (run.assignment().getBody()) {
          case AgentStep step -> runTraced(run, step);
          case ToolCallAssignment call -> tools.run(run, call);
          default -> {
            log.warn(
                "Assignment {} has an unknown body; REJECT", run.assignment().getAssignmentId());
            yield null;
          }
        };
    if (settled == null) {
      return AcknowledgeType.REJECT;
    }
    meters.ran(run, settled, System.nanoTime() - start);
    return settled;
  }

  private AcknowledgeType rejectPoison(Assignment assignment, Delivery delivery, String callId) {
    log.warn(
        "Assignment {} was delivered {} times, over the limit of {}; REJECT without running it",
        assignment.getAssignmentId(),
        delivery.deliveryCount(),
        supervision.deliveryLimit());
    Object body =
        WorkerResults.poisoned(delivery.deliveryCount(), supervision.deliveryLimit(), null, callId);
    return await(publisher.publish(assignment, body), assignment)
        ? AcknowledgeType.REJECT
        : AcknowledgeType.RELEASE;
  }

  /** Runs an agent step with its span current, and ends the span once the run is settled. */
  private AcknowledgeType runTraced(AssignmentRun run, AgentStep step) {
    try (Scope scope = run.trace().startStep()) {
      return runAgent(run, step);
    } finally {
      run.trace().end();
    }
  }

  private AcknowledgeType runAgent(AssignmentRun run, AgentStep body) {
    Assignment assignment = run.assignment();
    AcknowledgeType stopped = stoppedAtBarrier(run);
    if (stopped != null) {
      return stopped;
    }
    DeltaStream deltas = new DeltaStream(publisher, assignment, run.deliveryCount(), deltaBatching);
    StepResult result;
    try {
      result =
          Objects.requireNonNull(
              agent.handle(new AssignedStep(assignment, body, deltas, run::isCancelled, history)),
              "the agent handler returned null");
    } catch (InterruptedException e) {
      deltas.flush();
      Thread.currentThread().interrupt();
      log.info("Step {} was interrupted; RELEASE", assignment.getAssignmentId());
      return AcknowledgeType.RELEASE;
    } catch (Exception e) {
      deltas.flush(); // what the handler emitted goes before its failure
      return failed(run, e);
    }
    if (!await(deltas.finish(), assignment)) {
      return AcknowledgeType.RELEASE;
    }
    return run.publish(
        publisher,
        WorkerResults.body(result, assignment.getAssignmentId(), toolRegistry),
        AcknowledgeType.ACCEPT);
  }

  /**
   * Reads the session's turn signals up to now before the agent step starts: how to settle the step
   * if it must not start (its turn was stopped, the signals could not be read in time, or the wait
   * was interrupted), null to run it.
   */
  private AcknowledgeType stoppedAtBarrier(AssignmentRun run) {
    String id = run.assignment().getAssignmentId();
    try {
      if (!supervision.signals().awaitSignalsOf(run.assignment().getSessionId())) {
        log.warn("Step {}: the turn signals could not be read before it started; RELEASE", id);
        return AcknowledgeType.RELEASE;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.info("Step {} was interrupted before it started; RELEASE", id);
      return AcknowledgeType.RELEASE;
    }
    if (run.isCancelled()) {
      log.info("Step {} belongs to a stopped turn; not started, ACCEPT", id);
      return AcknowledgeType.ACCEPT;
    }
    return null;
  }

  private AcknowledgeType failed(AssignmentRun run, Exception error) {
    String id = run.assignment().getAssignmentId();
    if (run.isCancelled()) {
      log.info("Step {} of a stopped turn failed; ACCEPT", id, error);
      return AcknowledgeType.ACCEPT;
    }
    Object report = run.failureReport(error);
    if (report == null) {
      log.info("Step {} failed retryably; RELEASE", id, error);
      return AcknowledgeType.RELEASE;
    }
    log.warn("Step {} failed; publishing StepFailed", id, error);
    return run.publish(publisher, report, AcknowledgeType.REJECT);
  }

  /** Waits for {@code sent}; returns whether it succeeded. */
  static boolean await(CompletableFuture<?> sent, Assignment assignment) {
    try {
      sent.get();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.info("Interrupted while publishing for {}; RELEASE", assignment.getAssignmentId());
      return false;
    } catch (ExecutionException e) {
      log.warn("Publishing for {} failed; RELEASE", assignment.getAssignmentId(), e.getCause());
      return false;
    }
  }
}
