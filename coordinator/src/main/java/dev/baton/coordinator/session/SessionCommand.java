package dev.baton.coordinator.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A request to change a session, from a client or from a worker. {@link SessionModel#decide}
 * answers every command with events, never with an exception for bad input.
 */
public sealed interface SessionCommand {

  /** The session the command is for; the caller routes it to that session's state. */
  String sessionId();

  /**
   * Submit a turn: one user input that the agent works on until it answers.
   *
   * @param sessionId the session
   * @param turnId the client's idempotency key for the turn
   * @param input the user's input
   * @param onBusy what to do if the session already has an active turn
   * @param deadline how long the turn may run from its start; empty for {@link
   *     SessionLimits#turnDeadline()}
   * @param metadata the client's metadata, recorded with the accepted turn
   * @param debounce how long a turn that starts at once holds its first agent step, so that inputs
   *     sent meanwhile ({@link OnBusy#STEER}, {@link OnBusy#MERGE}) reach that step with it; empty
   *     for none
   */
  record SubmitTurn(
      String sessionId,
      String turnId,
      String input,
      OnBusy onBusy,
      Optional<Duration> deadline,
      Map<String, String> metadata,
      Optional<Duration> debounce)
      implements SessionCommand {

    /** Null checks and a defensive copy; the model validates the content. */
    public SubmitTurn {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(turnId, "turnId");
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(onBusy, "onBusy");
      Objects.requireNonNull(deadline, "deadline");
      metadata = Map.copyOf(metadata);
      Objects.requireNonNull(debounce, "debounce");
    }

    /** The longest debounce a submit may ask for: one minute. */
    public static final Duration MAX_DEBOUNCE = Duration.ofMinutes(1);

    /** A submit without a debounce. */
    public SubmitTurn(
        String sessionId,
        String turnId,
        String input,
        OnBusy onBusy,
        Optional<Duration> deadline,
        Map<String, String> metadata) {
      this(sessionId, turnId, input, onBusy, deadline, metadata, Optional.empty());
    }

    /** A submit without metadata. */
    public SubmitTurn(
        String sessionId, String turnId, String input, OnBusy onBusy, Optional<Duration> deadline) {
      this(sessionId, turnId, input, onBusy, deadline, Map.of());
    }

    /** A submit with the configured deadline and without metadata. */
    public SubmitTurn(String sessionId, String turnId, String input, OnBusy onBusy) {
      this(sessionId, turnId, input, onBusy, Optional.empty());
    }
  }

  /**
   * Clear the session's history; the messages of the active turn are kept.
   *
   * @param sessionId the session
   */
  record ClearHistory(String sessionId) implements SessionCommand {

    /** Null checks. */
    public ClearHistory {
      Objects.requireNonNull(sessionId, "sessionId");
    }
  }

  /**
   * A worker's result for an {@code AgentStep}: the agent's final assistant message.
   *
   * @param sessionId the session
   * @param assignment the assignment the worker ran, as it was assigned
   * @param answer the assistant's message
   * @param usage the tokens the step used
   * @param workerId the worker that ran it
   */
  record CompleteStep(
      String sessionId, StepAttempt assignment, String answer, Usage usage, String workerId)
      implements SessionCommand {

    /** Null checks. */
    public CompleteStep {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(assignment, "assignment");
      Objects.requireNonNull(answer, "answer");
      Objects.requireNonNull(usage, "usage");
      Objects.requireNonNull(workerId, "workerId");
    }
  }

  /**
   * A worker's result for an {@code AgentStep}: the step failed.
   *
   * @param sessionId the session
   * @param assignment the assignment the worker ran, as it was assigned
   * @param failure what went wrong, as the worker reported it
   * @param retryable whether another attempt may succeed
   * @param usage the tokens the step used before it failed
   * @param workerId the worker that ran it
   */
  record FailStep(
      String sessionId,
      StepAttempt assignment,
      Failure failure,
      boolean retryable,
      Usage usage,
      String workerId)
      implements SessionCommand {

    /** Null checks. */
    public FailStep {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(assignment, "assignment");
      Objects.requireNonNull(failure, "failure");
      Objects.requireNonNull(usage, "usage");
      Objects.requireNonNull(workerId, "workerId");
    }
  }

  /**
   * A worker's result for an {@code AgentStep}: the agent asks for tool calls. The coordinator
   * classifies them and assigns them all at once, with one new fencing token.
   *
   * @param sessionId the session
   * @param assignment the agent step assignment the worker ran, as it was assigned
   * @param content assistant text that came with the calls; may be empty
   * @param calls the calls, in the order the agent asked for them
   * @param usage the tokens the step used
   * @param workerId the worker that ran it
   */
  record RequestToolCalls(
      String sessionId,
      StepAttempt assignment,
      String content,
      List<ToolCallRequest> calls,
      Usage usage,
      String workerId)
      implements SessionCommand {

    /** Null checks and a defensive copy; the model validates the calls. */
    public RequestToolCalls {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(assignment, "assignment");
      Objects.requireNonNull(content, "content");
      calls = List.copyOf(calls);
      Objects.requireNonNull(usage, "usage");
      Objects.requireNonNull(workerId, "workerId");
    }
  }

  /**
   * A worker's result for one tool call: it ran to its end, with a result or a tool error.
   *
   * @param sessionId the session
   * @param assignment the tool-call batch's assignment, as it was assigned
   * @param result the result; its call id names the call
   * @param startedAt when the handler started, after the lock was taken (worker clock)
   * @param finishedAt when the handler returned (worker clock)
   * @param lockWaitMs how long the call waited for the turn lock
   * @param workerId the worker that ran it
   * @param dispatchToken the token of the call's dispatch that ran it; empty from a worker that
   *     does not echo it, whose result counts as the current dispatch's
   */
  record FinishToolCall(
      String sessionId,
      StepAttempt assignment,
      ToolResult result,
      Instant startedAt,
      Instant finishedAt,
      long lockWaitMs,
      String workerId,
      OptionalLong dispatchToken)
      implements SessionCommand {

    /** Null checks. */
    public FinishToolCall {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(assignment, "assignment");
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(startedAt, "startedAt");
      Objects.requireNonNull(finishedAt, "finishedAt");
      Objects.requireNonNull(workerId, "workerId");
      Objects.requireNonNull(dispatchToken, "dispatchToken");
    }

    /** The call that finished. */
    public String callId() {
      return result.callId();
    }
  }

  /**
   * A worker's report that it did not start a tool call.
   *
   * @param sessionId the session
   * @param assignment the tool-call batch's assignment, as it was assigned
   * @param callId the call that did not start
   * @param reason why
   * @param workerId the worker that reports
   * @param dispatchToken the token of the call's dispatch that did not start; empty from a worker
   *     that does not echo it, whose report counts as the current dispatch's
   */
  record ReportToolCallNotStarted(
      String sessionId,
      StepAttempt assignment,
      String callId,
      NotStartedReason reason,
      String workerId,
      OptionalLong dispatchToken)
      implements SessionCommand {

    /** Null checks. */
    public ReportToolCallNotStarted {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(assignment, "assignment");
      Objects.requireNonNull(callId, "callId");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(workerId, "workerId");
      Objects.requireNonNull(dispatchToken, "dispatchToken");
    }
  }

  /**
   * End a turn at once: the active turn ends {@link TurnStatus#CANCELLED} with a synthetic tool
   * result for every call without one, and the workers running it are told to stop; a queued turn
   * is taken off the queue. An unknown or finished turn is left as it is.
   *
   * @param sessionId the session
   * @param turnId the turn to cancel
   * @param reason {@link CancelReason#CANCELLED} for a client's cancel, {@link CancelReason#KILLED}
   *     for an operator's kill
   * @param detail the reason the caller gave, if any
   */
  record CancelTurn(String sessionId, String turnId, CancelReason reason, Optional<String> detail)
      implements SessionCommand {

    /** Null checks. */
    public CancelTurn {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(turnId, "turnId");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * Pause the session: no turn starts and nothing is dispatched until it is resumed. Work already
   * out may finish; what it leads to waits.
   *
   * @param sessionId the session
   * @param reason why, if given
   */
  record PauseSession(String sessionId, Optional<String> reason) implements SessionCommand {

    /** Null checks. */
    public PauseSession {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Resume a paused session: what waited is dispatched, and the next queued turn starts if none is
   * active.
   *
   * @param sessionId the session
   * @param reason why, if given
   */
  record ResumeSession(String sessionId, Optional<String> reason) implements SessionCommand {

    /** Null checks. */
    public ResumeSession {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A worker's handler for {@code assignment} still runs: extend the turn's lease. For a tool call,
   * only a renewal of the call's current dispatch counts.
   *
   * @param sessionId the session
   * @param assignment the assignment the worker holds
   * @param workerId the worker that renews
   * @param callId the tool call whose handler runs; empty for an agent step
   * @param dispatchToken the token of the call's dispatch that runs; empty for an agent step and
   *     from a worker that does not echo it, whose renewal counts as the current dispatch's
   * @throws IllegalArgumentException if it names a dispatch but no call
   */
  record RenewLease(
      String sessionId,
      StepAttempt assignment,
      String workerId,
      Optional<String> callId,
      OptionalLong dispatchToken)
      implements SessionCommand {

    /** Null checks; a dispatch token needs its call. */
    public RenewLease {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(assignment, "assignment");
      Objects.requireNonNull(workerId, "workerId");
      Objects.requireNonNull(callId, "callId");
      Objects.requireNonNull(dispatchToken, "dispatchToken");
      if (dispatchToken.isPresent() && callId.isEmpty()) {
        throw new IllegalArgumentException(
            "a renewal names dispatch " + dispatchToken + " but no call");
      }
    }

    /** A renewal of an agent step's lease. */
    public RenewLease(String sessionId, StepAttempt assignment, String workerId) {
      this(sessionId, assignment, workerId, Optional.empty(), OptionalLong.empty());
    }
  }

  /**
   * The wall clock ticked: act on whatever is due, the turn's deadline, its lease, or the session's
   * idle time to live. The only command that may cause no event.
   *
   * @param sessionId the session
   */
  record CheckTimers(String sessionId) implements SessionCommand {

    /** Null checks. */
    public CheckTimers {
      Objects.requireNonNull(sessionId, "sessionId");
    }
  }

  /**
   * The outcome of {@code refused} cannot be written: a record it needs (an event, an assignment, a
   * history message or the session's state) would be larger than the broker accepts. The layer that
   * writes the outcome sends this instead of writing it, and the model decides again, on the state
   * {@code refused} met: a refused submit is rejected, anything else fails the active turn with
   * {@link FailureCode#LIMIT_RECORD_SIZE}, so that one turn pays for its oversize payload and every
   * other turn and session goes on.
   *
   * @param sessionId the session
   * @param refused the command whose outcome is too large
   * @param detail which record, how large, and the limit
   */
  record RefuseOversizeOutcome(String sessionId, SessionCommand refused, String detail)
      implements SessionCommand {

    /** Null checks; {@code refused} must be for the same session. */
    public RefuseOversizeOutcome {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(refused, "refused");
      Objects.requireNonNull(detail, "detail");
      if (!refused.sessionId().equals(sessionId)) {
        throw new IllegalArgumentException(
            "refused command is for session " + refused.sessionId() + ", not " + sessionId);
      }
    }
  }

  /**
   * Fork the session: a new session {@code forkSessionId} starts with this session's history up to
   * and including {@code atSeq}, and is then independent. Sent to the source; if the source can
   * give the fork, its owner seeds the fork with {@link SeedFork}, else tells it with {@link
   * RefuseFork}. Changes neither the source's history nor its turns.
   *
   * @param sessionId the source session
   * @param forkSessionId the new session
   * @param atSeq the last history message the fork keeps
   */
  record ForkSession(String sessionId, String forkSessionId, long atSeq) implements SessionCommand {

    /** Null checks. */
    public ForkSession {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(forkSessionId, "forkSessionId");
    }
  }

  /**
   * Seed a new session with a fork of another session's history. Written by the source's owner,
   * keyed by the fork; taken only by a session that has not begun.
   *
   * @param sessionId the fork
   * @param sourceSessionId the session it is forked from
   * @param atSeq the last message it keeps
   * @param messages the source's messages from its oldest retained one to {@code atSeq}, in seq
   *     order, with their seqs
   */
  record SeedFork(String sessionId, String sourceSessionId, long atSeq, List<Message> messages)
      implements SessionCommand {

    /** Null checks and a defensive copy. */
    public SeedFork {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(sourceSessionId, "sourceSessionId");
      messages = List.copyOf(messages);
    }
  }

  /**
   * The source refused to be forked into this session: the fork records why, for the caller who
   * waits on it. Written by the source's owner, keyed by the fork.
   *
   * @param sessionId the fork
   * @param sourceSessionId the session that refused
   * @param atSeq the seq the fork asked for
   * @param refusal why
   * @param detail why, for people
   */
  record RefuseFork(
      String sessionId, String sourceSessionId, long atSeq, ForkRefusal refusal, String detail)
      implements SessionCommand {

    /** Null checks. */
    public RefuseFork {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(sourceSessionId, "sourceSessionId");
      Objects.requireNonNull(refusal, "refusal");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * A person decides a tool call that waits for approval: approve it (with an edit of its
   * arguments, if given) or deny it. Refused ({@link SessionEvent.ApprovalRefused}) unless the call
   * is of the active turn's current batch and waits for approval.
   *
   * @param sessionId the session
   * @param turnId the call's turn
   * @param callId the call
   * @param approve true to approve, false to deny
   * @param argumentsJson the arguments an approved call runs with instead of the agent's, if given
   * @param reason why, if given
   * @param decidedBy who decided: the caller's token id, or {@code anonymous}
   */
  record DecideToolCallApproval(
      String sessionId,
      String turnId,
      String callId,
      boolean approve,
      Optional<String> argumentsJson,
      Optional<String> reason,
      String decidedBy)
      implements SessionCommand {

    /** Null checks. */
    public DecideToolCallApproval {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(turnId, "turnId");
      Objects.requireNonNull(callId, "callId");
      Objects.requireNonNull(argumentsJson, "argumentsJson");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(decidedBy, "decidedBy");
    }
  }
}
