package dev.baton.worker.internal;

import dev.baton.schemas.BatonException;
import dev.baton.schemas.avro.AgentStep;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.ToolCallAssignment;
import dev.baton.worker.AgentHandler;
import dev.baton.worker.StepResult;
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
 *   <li>The record cannot be read (a poison record): {@code REJECT}, or {@code RELEASE} if the
 *       registry could not be reached.
 *   <li>A tool call: run by a {@link ToolRunner} under the turn lock; see there.
 * </ul>
 */
public final class StepRunner {

  private static final Logger log = LoggerFactory.getLogger(StepRunner.class);

  private final AgentHandler agent;
  private final Deserializer<Assignment> assignments;
  private final ResultPublisher publisher;
  private final ToolRegistry toolRegistry;
  private final ToolRunner tools;

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
   * Creates a runner.
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
    this.agent = Objects.requireNonNull(agent, "agent");
    this.assignments = Objects.requireNonNull(assignments, "assignments");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.toolRegistry = Objects.requireNonNull(tools, "tools");
    if (locks == null && !tools.isEmpty()) {
      throw new IllegalArgumentException("Tools need turn locks");
    }
    this.tools = new ToolRunner(tools, locks, publisher, clock);
  }

  /** Runs {@code record} and returns how to acknowledge it. */
  public Settlement run(ConsumerRecord<String, byte[]> record) {
    return new Settlement(record, settle(record));
  }

  private AcknowledgeType settle(ConsumerRecord<String, byte[]> record) {
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
    return switch (assignment.getBody()) {
      case AgentStep step -> runAgent(assignment, step);
      case ToolCallAssignment call -> tools.run(assignment, call);
      default -> {
        log.warn("Assignment {} has an unknown body; REJECT", RecordId.of(record));
        yield AcknowledgeType.REJECT;
      }
    };
  }

  private AcknowledgeType runAgent(Assignment assignment, AgentStep body) {
    DeltaStream deltas = new DeltaStream(publisher, assignment);
    StepResult result;
    try {
      result =
          Objects.requireNonNull(
              agent.handle(new AssignedStep(assignment, body, deltas)),
              "the agent handler returned null");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.info("Step {} was interrupted; RELEASE", assignment.getAssignmentId());
      return AcknowledgeType.RELEASE;
    } catch (Exception e) {
      return failed(assignment, e);
    }
    if (!await(deltas.finish(), assignment)) {
      return AcknowledgeType.RELEASE;
    }
    return publish(
        assignment,
        WorkerResults.body(result, assignment.getAssignmentId(), toolRegistry),
        AcknowledgeType.ACCEPT);
  }

  private AcknowledgeType failed(Assignment assignment, Exception error) {
    if (Failures.isRetryable(error)) {
      log.info("Step {} failed retryably; RELEASE", assignment.getAssignmentId(), error);
      return AcknowledgeType.RELEASE;
    }
    log.warn("Step {} failed; publishing StepFailed", assignment.getAssignmentId(), error);
    return publish(assignment, WorkerResults.stepFailed(error), AcknowledgeType.REJECT);
  }

  /** Publishes {@code body}; {@code onSuccess} once it is durably written, else {@code RELEASE}. */
  private AcknowledgeType publish(Assignment assignment, Object body, AcknowledgeType onSuccess) {
    return await(publisher.publish(assignment, body), assignment)
        ? onSuccess
        : AcknowledgeType.RELEASE;
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
