package dev.baton.worker.internal;

import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.NotStartedReason;
import dev.baton.schemas.avro.StepFailed;
import dev.baton.schemas.avro.ToolCallAssignment;
import dev.baton.worker.ToolResult;
import dev.baton.worker.lock.CallAlreadyFinishedException;
import dev.baton.worker.lock.CallLock;
import dev.baton.worker.lock.LockLostException;
import dev.baton.worker.lock.LockRequest;
import dev.baton.worker.lock.LockTimeoutException;
import dev.baton.worker.lock.LockUnavailableException;
import dev.baton.worker.lock.StaleTokenException;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one tool call under the turn lock and says how to acknowledge its assignment. Never throws.
 *
 * <p>Every outcome the coordinator must act on is published before the assignment is acknowledged:
 *
 * <ul>
 *   <li>No handler for the tool: {@code ToolCallNotStarted(UNKNOWN_TOOL)}, {@code ACCEPT}.
 *   <li>An {@code ordered} call (the coordinator orders the step's calls itself because Redis was
 *       unreachable, and assigned this one only after every earlier conflicting call finished):
 *       runs without the turn lock, with a lock wait of 0; otherwise as below.
 *   <li>Once the lock is held (or at once for an ordered call), and before the handler starts, the
 *       worker reads its turn signals of the session up to now ({@link SignalBarrier}): if the turn
 *       was stopped meanwhile, or before the call was even delivered, the handler does not start,
 *       nothing is published, the lock is released and the record accepted. If the signals cannot
 *       be read in time: {@code ToolCallNotStarted(OTHER)}, the lock abandoned, {@code ACCEPT}; the
 *       coordinator decides, within its dispatch limit.
 *   <li>The lock is not granted in time ({@code LOCK_TIMEOUT}), Redis is unreachable ({@code
 *       LOCK_UNAVAILABLE}) or the token is stale ({@code STALE_FENCING_TOKEN}): {@code
 *       ToolCallNotStarted}, {@code ACCEPT}. The tool did not start; the coordinator decides
 *       whether to dispatch the call again (or, for {@code LOCK_UNAVAILABLE}, the step in order),
 *       so the share group does not redeliver it behind the coordinator's back.
 *   <li>The call already finished under this token (a second delivery): {@code ACCEPT}, nothing
 *       runs or is published.
 *   <li>The call ran before and its outcome is recorded in the lock, but its holder died before
 *       releasing it: that outcome is published again, without running the call, then the lock is
 *       released.
 *   <li>The handler returned: its outcome ({@code ToolCallFinished} with the worker-clock {@code
 *       startedAt}, {@code finishedAt} and the lock wait) is first recorded in the lock, then
 *       published; the lock is released only once the result is durably written, so a later WRITE
 *       never starts before this call's effect is recorded; then {@code ACCEPT}.
 *   <li>The lock was lost while the handler ran (taken over, fenced by a newer token, or not
 *       renewed within its TTL): the handler sees {@link
 *       dev.baton.worker.ToolInvocation#isCancelled()}, its result is discarded, the lock is
 *       abandoned and the record released for another delivery, which waits for or fences out any
 *       other holder.
 *   <li>The handler failed retryably, or was interrupted: the lock is abandoned (the call counts as
 *       not started, and the calls waiting for it keep waiting for the redelivery), {@code
 *       RELEASE}.
 *   <li>The handler failed for good: {@code StepFailed(retryable=false, callId)}, recorded, then
 *       published, then the lock is released (the call's outcome is final), {@code REJECT}. A
 *       retryable failure on the last delivery the worker's delivery limit allows is reported the
 *       same way, as a retryable {@code StepFailed} with code {@code POISON}.
 *   <li>The turn was stopped: the record is settled {@code ACCEPT} at once; when the handler ends,
 *       nothing is published, and the lock is released (or, after a failure, abandoned).
 *   <li>An outcome cannot be recorded or written: the lock, if held, is abandoned, {@code RELEASE}.
 * </ul>
 */
final class ToolRunner {

  private static final Logger log = LoggerFactory.getLogger(ToolRunner.class);

  private final ToolRegistry tools;
  private final Locks locks;
  private final ResultPublisher publisher;
  private final Clock clock;
  private final SignalBarrier signals;
  private volatile WorkerMeters meters = WorkerMeters.NONE;

  ToolRunner(
      ToolRegistry tools,
      Locks locks,
      ResultPublisher publisher,
      Clock clock,
      SignalBarrier signals) {
    this.tools = Objects.requireNonNull(tools, "tools");
    this.locks = locks;
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.signals = Objects.requireNonNull(signals, "signals");
  }

  /** Tells {@code meters} about lock waits, ordered calls, Redis and calls not started. */
  void measuredBy(WorkerMeters meters) {
    this.meters = Objects.requireNonNull(meters, "meters");
  }

  AcknowledgeType run(AssignmentRun run, ToolCallAssignment call) {
    Assignment assignment = run.assignment();
    Optional<ToolRegistry.Tool> tool = tools.find(call.getName());
    if (tool.isEmpty() || (locks == null && !call.getOrdered())) {
      log.warn("No handler for tool {} of {}", call.getName(), assignment.getAssignmentId());
      meters.notStarted(call, NotStartedReason.UNKNOWN_TOOL);
      return run.publish(publisher, WorkerResults.unknownTool(call), AcknowledgeType.ACCEPT);
    }
    LockRequest request;
    try {
      request = lockRequest(assignment, call);
    } catch (IllegalArgumentException e) {
      log.warn("Tool call {} cannot be locked: {}", assignment.getAssignmentId(), e.getMessage());
      return notStarted(run, call, NotStartedReason.OTHER, e.getMessage());
    }
    if (call.getOrdered()) {
      meters.ordered(call);
      return startUnlessStopped(run, call, tool.get(), new CoordinatorOrdered(request));
    }
    CallLock lock;
    try {
      lock = locks.acquire(request);
    } catch (LockTimeoutException e) {
      meters.redisAnswered();
      if (Thread.currentThread().isInterrupted()) {
        log.info("Tool call {} was interrupted waiting for the lock; RELEASE", request.describe());
        return AcknowledgeType.RELEASE;
      }
      return notStarted(run, call, NotStartedReason.LOCK_TIMEOUT, e.getMessage());
    } catch (LockUnavailableException e) {
      return notStarted(run, call, NotStartedReason.LOCK_UNAVAILABLE, e.getMessage());
    } catch (StaleTokenException e) {
      meters.redisAnswered();
      return notStarted(run, call, NotStartedReason.STALE_FENCING_TOKEN, e.getMessage());
    } catch (CallAlreadyFinishedException e) {
      meters.redisAnswered();
      log.info("{}; ACCEPT without running it", e.getMessage());
      return AcknowledgeType.ACCEPT;
    } catch (RuntimeException e) {
      log.warn("Acquiring the turn lock for {} failed", request.describe(), e);
      return notStarted(run, call, NotStartedReason.OTHER, String.valueOf(e));
    }
    meters.lockGranted(call, lock.waitTime());
    if (lock.recordedOutcome().isPresent()) {
      return republish(run, lock);
    }
    return startUnlessStopped(run, call, tool.get(), lock);
  }

  /**
   * Reads the session's turn signals up to now, then runs the call unless its turn was stopped: a
   * stop committed before this point never lets the handler start.
   */
  private AcknowledgeType startUnlessStopped(
      AssignmentRun run, ToolCallAssignment call, ToolRegistry.Tool tool, CallLock lock) {
    boolean read;
    try {
      read = signals.awaitSignalsOf(run.assignment().getSessionId());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.info(
          "Tool call {} was interrupted before it started; RELEASE", lock.request().describe());
      abandon(lock);
      return AcknowledgeType.RELEASE;
    }
    if (!read) {
      abandon(lock);
      return notStarted(
          run,
          call,
          NotStartedReason.OTHER,
          "the worker could not read the turn signals of the session before starting the call");
    }
    if (run.isCancelled()) {
      log.info(
          "Tool call {} belongs to a stopped turn; not started, ACCEPT", lock.request().describe());
      return releaseAfter(AcknowledgeType.ACCEPT, lock);
    }
    return runLocked(run, call, tool, lock);
  }

  /** Publishes the outcome an earlier holder recorded but did not publish for sure. */
  private AcknowledgeType republish(AssignmentRun run, CallLock lock) {
    Object body;
    try {
      body = RecordedOutcomes.decode(lock.recordedOutcome().orElseThrow());
    } catch (RuntimeException e) {
      log.warn("The recorded outcome of {} cannot be read", lock.request().describe(), e);
      abandon(lock);
      return AcknowledgeType.RELEASE;
    }
    log.info(
        "Tool call {} ran before; publishing its recorded outcome without running it again",
        lock.request().describe());
    AcknowledgeType onSuccess =
        body instanceof StepFailed ? AcknowledgeType.REJECT : AcknowledgeType.ACCEPT;
    AcknowledgeType published = run.publish(publisher, body, onSuccess);
    return releaseAfter(published, lock);
  }

  /**
   * Runs the call with its span current, from the start of its lock wait; the span ends when the
   * call finished, or at once if it ended otherwise.
   */
  private AcknowledgeType runLocked(
      AssignmentRun run, ToolCallAssignment call, ToolRegistry.Tool tool, CallLock lock) {
    Instant startedAt = clock.instant();
    RunTrace trace = run.trace();
    try (Scope scope = trace.startToolCall(call, startedAt.minus(lock.waitTime()), startedAt)) {
      return runLocked(run, call, tool, lock, startedAt);
    } finally {
      trace.end();
    }
  }

  private AcknowledgeType runLocked(
      AssignmentRun run,
      ToolCallAssignment call,
      ToolRegistry.Tool tool,
      CallLock lock,
      Instant startedAt) {
    ToolResult result;
    try {
      result =
          Objects.requireNonNull(
              tool.handler()
                  .handle(
                      new AssignedToolCall(
                          run.assignment(),
                          call,
                          lock.request().operationClass(),
                          () -> run.isCancelled() || lock.isLost())),
              "the tool handler returned null");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.info("Tool call {} was interrupted; RELEASE", lock.request().describe());
      abandon(lock);
      return AcknowledgeType.RELEASE;
    } catch (Exception e) {
      Object report = run.isCancelled() ? null : run.failureReport(e);
      if (report == null) {
        log.info("Tool call {} failed retryably or was cancelled", lock.request().describe(), e);
        abandon(lock);
        return run.isCancelled() ? AcknowledgeType.ACCEPT : AcknowledgeType.RELEASE;
      }
      log.warn("Tool call {} failed; publishing StepFailed", lock.request().describe(), e);
      return publishThenRelease(run, report, lock, AcknowledgeType.REJECT);
    }
    Instant finishedAt = clock.instant();
    run.trace().endAt(finishedAt);
    if (lock.isLost() && !run.isCancelled()) {
      log.warn(
          "The turn lock of {} was lost while the tool ran; its result is discarded; RELEASE",
          lock.request().describe());
      abandon(lock);
      return AcknowledgeType.RELEASE;
    }
    Object finished =
        WorkerResults.toolCallFinished(call, result, startedAt, finishedAt, lock.waitTime());
    return publishThenRelease(run, finished, lock, AcknowledgeType.ACCEPT);
  }

  /**
   * Records {@code body} in the lock, publishes it, and once it is durably written releases {@code
   * lock} and returns {@code onSuccess}; if recording or writing fails abandons the lock and
   * returns {@code RELEASE}. A cancelled run records and publishes nothing and releases the lock:
   * its turn is over.
   */
  private AcknowledgeType publishThenRelease(
      AssignmentRun run, Object body, CallLock lock, AcknowledgeType onSuccess) {
    if (!run.isCancelled() && !recorded(run, body, lock)) {
      abandon(lock);
      return AcknowledgeType.RELEASE;
    }
    return releaseAfter(run.publish(publisher, body, onSuccess), lock);
  }

  /** Records {@code body} as the call's outcome; false if it cannot be (nothing is published). */
  private boolean recorded(AssignmentRun run, Object body, CallLock lock) {
    try {
      String outcome = RecordedOutcomes.encode(run.assignment(), body);
      long start = System.nanoTime();
      lock.record(outcome);
      if (!(lock instanceof CoordinatorOrdered)) {
        meters.redisRoundTrip(System.nanoTime() - start);
      }
      return true;
    } catch (LockLostException e) {
      meters.redisAnswered();
      log.warn("{}; the result is discarded; RELEASE", e.getMessage());
      return false;
    } catch (LockUnavailableException e) {
      meters.redisUnreachable();
      log.warn("Cannot record the outcome of {}; RELEASE", lock.request().describe(), e);
      return false;
    } catch (RuntimeException e) {
      log.warn("Cannot record the outcome of {}; RELEASE", lock.request().describe(), e);
      return false;
    }
  }

  /** Releases {@code lock} after a publish that returned {@code published}, or abandons it. */
  private static AcknowledgeType releaseAfter(AcknowledgeType published, CallLock lock) {
    if (published == AcknowledgeType.RELEASE) {
      abandon(lock);
      return AcknowledgeType.RELEASE;
    }
    try {
      lock.release();
    } catch (RuntimeException e) {
      // The result is recorded; the lock expires after its TTL and counts as not started, so
      // later calls of the step wait until they time out and the coordinator decides.
      log.warn("Releasing the turn lock of {} failed", lock.request().describe(), e);
    }
    return published;
  }

  private AcknowledgeType notStarted(
      AssignmentRun run, ToolCallAssignment call, NotStartedReason reason, String detail) {
    log.info("Tool call {} not started: {} ({})", call.getCallId(), reason, detail);
    meters.notStarted(call, reason);
    return run.publish(
        publisher, WorkerResults.notStarted(call, reason, detail), AcknowledgeType.ACCEPT);
  }

  private static void abandon(CallLock lock) {
    try {
      lock.abandon();
    } catch (RuntimeException e) {
      log.warn("Abandoning the turn lock of {} failed", lock.request().describe(), e);
    }
  }

  /**
   * Stands in for the turn lock of a call that the coordinator orders: nothing to wait for, hold,
   * renew or release.
   */
  private record CoordinatorOrdered(LockRequest request) implements CallLock {

    @Override
    public Duration waitTime() {
      return Duration.ZERO;
    }

    @Override
    public boolean isLost() {
      return false;
    }

    @Override
    public Optional<String> recordedOutcome() {
      return Optional.empty();
    }

    @Override
    public void record(String outcome) {}

    @Override
    public void release() {}

    @Override
    public void abandon() {}

    @Override
    public void close() {}
  }

  private static LockRequest lockRequest(Assignment assignment, ToolCallAssignment call) {
    // Every call of the step locks with the same classes, so that they agree on which calls
    // conflict; the call's own class is the coordinator's too, and should match its entry.
    if (call.getIndex() >= 0
        && call.getIndex() < call.getStepOperationClasses().size()
        && call.getStepOperationClasses().get(call.getIndex()) != call.getOperationClass()) {
      log.warn(
          "Tool call {} is a {} but its step lists it as a {}; locking as the step says",
          call.getCallId(),
          call.getOperationClass(),
          call.getStepOperationClasses().get(call.getIndex()));
    }
    return new LockRequest(
        assignment.getSessionId(),
        assignment.getTurnId(),
        assignment.getStep(),
        assignment.getFencingToken(),
        call.getIndex(),
        Wire.operationClassesFromAvro(call.getStepOperationClasses()));
  }
}
