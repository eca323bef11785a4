package dev.baton.coordinator.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A fact about a session, decided by {@link SessionModel#decide} and folded into state by {@link
 * SessionModel#apply}. Events are in order. Each carries every fact that its record on the audit
 * topic needs, so the topology maps it without looking at state, and adds nothing of its own.
 *
 * <p>Every {@link SessionCommand.SubmitTurn} yields exactly one of {@link TurnStarted}, {@link
 * TurnQueued}, {@link TurnSteered}, {@link TurnMerged} (each right after the submit's {@link
 * TurnAccepted}), {@link TurnRejected} or {@link DuplicateTurnSubmitted}: the answer to the client.
 * Only the {@link TurnFailed} (and the next queued turn's start) of an active turn whose deadline
 * passed, or the {@link TurnCancelled} of the active turn that an interrupting or rolling-back
 * submit replaces (with its synthetic tool results and {@link HistoryRolledBack}), may come before
 * it.
 */
public sealed interface SessionEvent {

  /** The session the event belongs to. */
  String sessionId();

  /** When the coordinator decided it. */
  Instant at();

  /**
   * A submitted turn was accepted: it starts or is queued next, in the same decision.
   *
   * @param sessionId the session
   * @param turnId the turn
   * @param input the user's input
   * @param onBusy the busy policy the client asked for
   * @param deadline the time limit the client asked for; empty for the configured one
   * @param metadata the client's metadata
   * @param at when it was accepted
   */
  record TurnAccepted(
      String sessionId,
      String turnId,
      String input,
      OnBusy onBusy,
      Optional<Duration> deadline,
      Map<String, String> metadata,
      Instant at)
      implements SessionEvent {

    /** A defensive copy. */
    public TurnAccepted {
      metadata = Map.copyOf(metadata);
    }
  }

  /**
   * The turn waits at {@code position} (1 = next) of the session's queue. {@code deadline} is the
   * time it may run once started, if the submit asked for one; {@code inputDigest} the digest of
   * its input; {@code metadata} the submit's, kept with the queued turn for its agent steps (its
   * record on the audit topic leaves it out: {@code TurnAccepted} carries it).
   */
  record TurnQueued(
      String sessionId,
      String turnId,
      String input,
      int position,
      Optional<Duration> deadline,
      InputDigest inputDigest,
      Map<String, String> metadata,
      Instant at)
      implements SessionEvent {

    /** A defensive copy. */
    public TurnQueued {
      metadata = Map.copyOf(metadata);
    }

    /** A queued turn without metadata. */
    public TurnQueued(
        String sessionId,
        String turnId,
        String input,
        int position,
        Optional<Duration> deadline,
        InputDigest inputDigest,
        Instant at) {
      this(sessionId, turnId, input, position, deadline, inputDigest, Map.of(), at);
    }

    /** A queued turn with the digest of its input. */
    public TurnQueued(
        String sessionId,
        String turnId,
        String input,
        int position,
        Optional<Duration> deadline,
        Instant at) {
      this(sessionId, turnId, input, position, deadline, InputDigest.of(input), at);
    }

    /** A queued turn with the configured deadline. */
    public TurnQueued(String sessionId, String turnId, String input, int position, Instant at) {
      this(sessionId, turnId, input, position, Optional.empty(), at);
    }
  }

  /**
   * A submit with {@link OnBusy#STEER} joined the running turn {@code intoTurnId}: its input waits
   * at {@code position} (1 = first) for that turn's next agent step, which carries it as a user
   * message after the step's tool results. If that turn ends first, the input becomes the next turn
   * (at the front of the queue): the first waiting input as a turn of its own ({@link TurnQueued}),
   * the others merged into it ({@link TurnMerged}).
   *
   * @param sessionId the session
   * @param turnId the submit's turn id, which names the steered input
   * @param intoTurnId the running turn it joined
   * @param input the user's input
   * @param position its place among the inputs waiting for the turn's next step, from 1
   * @param deadline the time limit the submit asked for, should the input run as a turn of its own
   * @param inputDigest the digest of {@code input}
   * @param metadata the submit's metadata, should the input run as a turn of its own (its record on
   *     the audit topic leaves it out: {@code TurnAccepted} carries it)
   * @param at when it was accepted
   */
  record TurnSteered(
      String sessionId,
      String turnId,
      String intoTurnId,
      String input,
      int position,
      Optional<Duration> deadline,
      InputDigest inputDigest,
      Map<String, String> metadata,
      Instant at)
      implements SessionEvent {

    /** A defensive copy. */
    public TurnSteered {
      metadata = Map.copyOf(metadata);
    }

    /** A steered input without metadata. */
    public TurnSteered(
        String sessionId,
        String turnId,
        String intoTurnId,
        String input,
        int position,
        Optional<Duration> deadline,
        InputDigest inputDigest,
        Instant at) {
      this(sessionId, turnId, intoTurnId, input, position, deadline, inputDigest, Map.of(), at);
    }
  }

  /**
   * A submit with {@link OnBusy#MERGE} joined the queued turn {@code intoTurnId}: when that turn
   * starts, its input is appended right after the turn's input (and the inputs merged before it),
   * as a user message of its own, and the turn's first step carries it. If that turn is cancelled
   * before it starts, the input ends with it.
   *
   * @param sessionId the session
   * @param turnId the submit's turn id, which names the merged input
   * @param intoTurnId the queued turn it joined
   * @param input the user's input
   * @param position its place among the inputs merged into that turn, from 1
   * @param inputDigest the digest of {@code input}
   * @param metadata the submit's metadata, should the input run as a turn of its own (its record on
   *     the audit topic leaves it out: {@code TurnAccepted} carries it)
   * @param at when it was accepted
   */
  record TurnMerged(
      String sessionId,
      String turnId,
      String intoTurnId,
      String input,
      int position,
      InputDigest inputDigest,
      Map<String, String> metadata,
      Instant at)
      implements SessionEvent {

    /** A defensive copy. */
    public TurnMerged {
      metadata = Map.copyOf(metadata);
    }

    /** A merged input without metadata. */
    public TurnMerged(
        String sessionId,
        String turnId,
        String intoTurnId,
        String input,
        int position,
        InputDigest inputDigest,
        Instant at) {
      this(sessionId, turnId, intoTurnId, input, position, inputDigest, Map.of(), at);
    }
  }

  /**
   * The turn became the session's active turn; its user message and first step follow. It fails
   * with {@code LIMIT_TURN_DEADLINE} if it is still running after {@code deadline}. {@code
   * inputDigest} is the digest of its input, which the session keeps instead of the input; {@code
   * metadata} the submit's, given to each agent step of the turn (its record on the audit topic
   * leaves it out: {@code TurnAccepted} carries it).
   */
  record TurnStarted(
      String sessionId,
      String turnId,
      Optional<Instant> deadline,
      InputDigest inputDigest,
      Map<String, String> metadata,
      Instant at)
      implements SessionEvent {

    /** A defensive copy. */
    public TurnStarted {
      metadata = Map.copyOf(metadata);
    }

    /** A started turn without metadata. */
    public TurnStarted(
        String sessionId,
        String turnId,
        Optional<Instant> deadline,
        InputDigest inputDigest,
        Instant at) {
      this(sessionId, turnId, deadline, inputDigest, Map.of(), at);
    }
  }

  /**
   * The submit was rejected; the turn id is not remembered. No change of state. {@code
   * activeTurnId} is the turn that kept the session busy, if one did.
   */
  record TurnRejected(
      String sessionId,
      String turnId,
      RejectionCode code,
      String detail,
      Optional<String> activeTurnId,
      Instant at)
      implements SessionEvent {}

  /**
   * The turn id is already known (active, queued or among the remembered finished turns); nothing
   * was started. {@code status} is the existing turn's status, to answer the client with. No change
   * of state.
   */
  record DuplicateTurnSubmitted(String sessionId, String turnId, TurnStatus status, Instant at)
      implements SessionEvent {}

  /** A message was added to the history; the topology stores it under its sequence number. */
  record MessageAppended(String sessionId, Message message, Instant at) implements SessionEvent {}

  /**
   * An {@code AgentStep} is assigned to the fleet.
   *
   * @param sessionId the session
   * @param assignment the step attempt and its fencing token
   * @param context the history range the worker sees: the latest {@link
   *     SessionLimits#contextMessages()} messages, always including the whole current turn
   * @param inputSeq the sequence number of the turn's user message
   * @param terms the lease and the turn's deadline
   * @param delivered the inputs steered into the turn that this attempt is the first to carry:
   *     their user messages were appended right before it, after the step's tool results
   * @param steeredSeqs the history sequence numbers of all inputs steered into the turn so far,
   *     these included, oldest first
   * @param metadata the client's metadata of the submit that started the turn, for the step's
   *     assignment
   * @param at when it was assigned
   */
  record StepAssigned(
      String sessionId,
      StepAttempt assignment,
      HistoryRange context,
      long inputSeq,
      WorkTerms terms,
      List<SteeredMessage> delivered,
      List<Long> steeredSeqs,
      Map<String, String> metadata,
      Instant at)
      implements SessionEvent {

    /** Defensive copies. */
    public StepAssigned {
      delivered = List.copyOf(delivered);
      steeredSeqs = List.copyOf(steeredSeqs);
      metadata = Map.copyOf(metadata);
    }

    /** A step of a turn without metadata. */
    public StepAssigned(
        String sessionId,
        StepAttempt assignment,
        HistoryRange context,
        long inputSeq,
        WorkTerms terms,
        List<SteeredMessage> delivered,
        List<Long> steeredSeqs,
        Instant at) {
      this(sessionId, assignment, context, inputSeq, terms, delivered, steeredSeqs, Map.of(), at);
    }

    /** A step that carries no steered input. */
    public StepAssigned(
        String sessionId,
        StepAttempt assignment,
        HistoryRange context,
        long inputSeq,
        WorkTerms terms,
        Instant at) {
      this(sessionId, assignment, context, inputSeq, terms, List.of(), List.of(), at);
    }
  }

  /**
   * The current assignment's result was accepted; its usage is recorded here, exactly once.
   *
   * @param workerId the worker that ran it
   * @param toolCalls how many tool calls the step asked for; 0 when it answered
   */
  record StepCompleted(
      String sessionId,
      StepAttempt assignment,
      String workerId,
      int toolCalls,
      Usage usage,
      Instant at)
      implements SessionEvent {}

  /**
   * The current assignment failed; its usage is recorded here, exactly once. A new attempt or the
   * turn's end follows.
   *
   * @param failure what went wrong: the worker's failure, or the coordinator's ({@code
   *     LEASE_EXPIRED}, {@code INVALID_TOOL_CALLS})
   * @param retryable whether another attempt may succeed
   * @param willRetry whether another attempt follows (retryable and attempts left)
   * @param workerId the worker that held the attempt, if known
   */
  record StepFailed(
      String sessionId,
      StepAttempt assignment,
      Failure failure,
      boolean retryable,
      boolean willRetry,
      Optional<String> workerId,
      Usage usage,
      Instant at)
      implements SessionEvent {}

  /** A worker result was not for the current assignment and was dropped. No change of state. */
  record StepResultIgnored(
      String sessionId, StepAttempt assignment, String workerId, IgnoreReason reason, Instant at)
      implements SessionEvent {}

  /**
   * The tool calls of a step form a batch with one assignment (one fencing token); the assistant
   * message that asked for them was appended just before. In {@link DispatchMode#PARALLEL} they are
   * all assigned to the fleet now; in {@link DispatchMode#SEQUENTIAL} (the turn fell back to
   * ordered dispatch) none is, and {@link ToolCallWaveDispatched} events follow. When {@code held}
   * none goes out now: the session is paused (until it is resumed), or {@code awaitsApproval}:
   * calls of the batch need approval, {@link ToolCallAwaitingApproval} events follow, and a wave
   * sends the calls that may go out meanwhile. The batch reserves {@code tokensPerCall} dispatch
   * tokens for each call from the assignment's token on ({@link ToolBatch}).
   */
  record ToolCallsDispatched(
      String sessionId,
      StepAttempt assignment,
      DispatchMode mode,
      List<ToolCall> calls,
      boolean held,
      WorkTerms terms,
      int tokensPerCall,
      boolean awaitsApproval,
      Instant at)
      implements SessionEvent {

    /** A defensive copy. */
    public ToolCallsDispatched {
      calls = List.copyOf(calls);
    }

    /** A batch none of whose calls needs approval. */
    public ToolCallsDispatched(
        String sessionId,
        StepAttempt assignment,
        DispatchMode mode,
        List<ToolCall> calls,
        boolean held,
        WorkTerms terms,
        int tokensPerCall,
        Instant at) {
      this(sessionId, assignment, mode, calls, held, terms, tokensPerCall, false, at);
    }

    /** Whether nothing goes out because the session is paused. */
    public boolean heldWhilePaused() {
      return held && !awaitsApproval;
    }

    /** Whether the calls go out now, each with its assignment. */
    public boolean outNow() {
      return mode == DispatchMode.PARALLEL && !held;
    }

    /** The token of the first dispatch of {@code call}. */
    public long dispatchToken(ToolCall call) {
      return ToolBatch.dispatchToken(assignment, tokensPerCall, call.index(), 1).orElseThrow();
    }

    /** The greatest token the batch reserved. */
    public long lastToken() {
      return ToolBatch.lastToken(assignment, calls.size(), tokensPerCall);
    }
  }

  /**
   * A tool call that a worker did not start is assigned again, with the batch's assignment; {@code
   * dispatch} counts the call's dispatches, 2 for the first re-dispatch, and {@code dispatchToken}
   * is that dispatch's token ({@link ToolBatch#dispatchToken}). A call whose worker gave up waiting
   * for the turn lock ({@link NotStartedReason#LOCK_TIMEOUT}) goes out as the same dispatch, with
   * the same token: waiting is not a failed dispatch. {@code stepClasses} are the classes of all
   * the step's calls, by index, and {@code mode} the batch's dispatch mode: its assignment tells
   * the worker both.
   */
  record ToolCallRedispatched(
      String sessionId,
      StepAttempt assignment,
      ToolCall call,
      NotStartedReason reason,
      int dispatch,
      List<OperationClass> stepClasses,
      DispatchMode mode,
      WorkTerms terms,
      long dispatchToken,
      Instant at)
      implements SessionEvent {

    /** A defensive copy. */
    public ToolCallRedispatched {
      stepClasses = List.copyOf(stepClasses);
    }
  }

  /**
   * The turn's tool calls are dispatched in {@code to} from now on, for the rest of the turn; the
   * current batch too. {@code from PARALLEL to SEQUENTIAL} when a worker found Redis unreachable
   * ({@code reason} says which call and worker): the coordinator then orders the calls itself, and
   * its assignments tell workers not to take the turn lock. A new turn starts in {@code PARALLEL}.
   */
  record DispatchModeChanged(
      String sessionId,
      StepAttempt assignment,
      DispatchMode from,
      DispatchMode to,
      String reason,
      Instant at)
      implements SessionEvent {}

  /**
   * In ordered dispatch ({@link DispatchMode#SEQUENTIAL}), a tool call that a worker did not start
   * waits until every earlier call it conflicts with has finished; then a {@link
   * ToolCallWaveDispatched} sends it again.
   */
  record ToolCallDeferred(
      String sessionId, StepAttempt assignment, ToolCall call, NotStartedReason reason, Instant at)
      implements SessionEvent {}

  /**
   * In ordered dispatch ({@link DispatchMode#SEQUENTIAL}), the next wave of a batch goes out, with
   * the batch's assignment: consecutive READs after every earlier WRITE finished, or one WRITE
   * after every earlier call finished ({@link ToolBatch#nextWave()}). Each call goes out as a new
   * dispatch; {@code dispatchTokens} are their tokens, in the order of {@code calls}.
   */
  record ToolCallWaveDispatched(
      String sessionId,
      StepAttempt assignment,
      List<ToolCall> calls,
      List<OperationClass> stepClasses,
      DispatchMode mode,
      WorkTerms terms,
      List<Long> dispatchTokens,
      Instant at)
      implements SessionEvent {

    /** Defensive copies and a token per call. */
    public ToolCallWaveDispatched {
      calls = List.copyOf(calls);
      stepClasses = List.copyOf(stepClasses);
      dispatchTokens = List.copyOf(dispatchTokens);
      if (dispatchTokens.size() != calls.size()) {
        throw new IllegalArgumentException(
            calls.size() + " calls but " + dispatchTokens.size() + " dispatch tokens");
      }
    }
  }

  /**
   * A tool call's result was accepted. {@code startedAt} and {@code finishedAt} are the worker's
   * clock; {@code dispatchToken} is the dispatch whose result it is, as the worker named it (empty
   * from a worker that names none). When it is the batch's last result, the tool messages (in call
   * order) and the next step follow.
   */
  record ToolCallFinished(
      String sessionId,
      StepAttempt assignment,
      ToolCall call,
      ToolResult result,
      Instant startedAt,
      Instant finishedAt,
      long lockWaitMs,
      String workerId,
      OptionalLong dispatchToken,
      Instant at)
      implements SessionEvent {}

  /**
   * A tool call of the batch waits for a person's approval ({@link ApprovalPolicy}) and is not
   * dispatched until it is decided; the batch's other calls go out as usual, except those the turn
   * lock would make wait for it ({@link ToolBatch#releasable()}). Right after {@link
   * ToolCallsDispatched}, one per call that needs approval.
   *
   * @param call the call, with the tool and the arguments the agent asked for
   * @param approvers who may decide: callers of the session's tenant with this scope
   * @param deadline when the call is decided by {@link ApprovalPolicy#onTimeout()} if nobody did
   */
  record ToolCallAwaitingApproval(
      String sessionId,
      StepAttempt assignment,
      ToolCall call,
      String approvers,
      Instant deadline,
      Instant at)
      implements SessionEvent {}

  /**
   * A call that waited for its approval was decided. Approved, it waits to go out with {@code
   * argumentsJson} (the agent's, or the approver's edit); denied, or expired at its deadline, its
   * result is {@link #denial()} and it never runs.
   *
   * @param call the call as the agent asked for it
   * @param decision approved, denied, or expired at the deadline
   * @param argumentsJson the arguments an approved call runs with; the agent's for a denial
   * @param reason the reason the approver gave, if any
   * @param decidedBy who decided: the caller's token id or name, or {@code deadline}
   */
  record ToolCallApprovalDecided(
      String sessionId,
      StepAttempt assignment,
      ToolCall call,
      ApprovalDecision decision,
      String argumentsJson,
      Optional<String> reason,
      String decidedBy,
      Instant at)
      implements SessionEvent {

    /** The call's result if it was not approved: an error result that says why it did not run. */
    public Optional<ToolResult> denial() {
      if (decision == ApprovalDecision.APPROVED) {
        return Optional.empty();
      }
      String why =
          decision == ApprovalDecision.EXPIRED
              ? "was not approved by its deadline"
              : "was denied by " + decidedBy + reason.map(r -> ": " + r).orElse("");
      return Optional.of(
          new ToolResult(call.callId(), "Not run: the call of " + call.name() + " " + why, true));
    }
  }

  /**
   * A decision on an approval was refused: the turn is not the active one, the call is not one of
   * its current step, or the call does not wait for approval (it was decided before). No change.
   */
  record ApprovalRefused(
      String sessionId,
      String turnId,
      String callId,
      ApprovalRefusal refusal,
      String detail,
      Instant at)
      implements SessionEvent {}

  /**
   * A tool call result, not-started report or lease renewal was dropped: stale (of an earlier
   * dispatch, too), for an unknown call, or a duplicate. {@code dispatchToken} is the dispatch it
   * named, if it named one. No change.
   */
  record ToolResultIgnored(
      String sessionId,
      StepAttempt assignment,
      String callId,
      String workerId,
      IgnoreReason reason,
      OptionalLong dispatchToken,
      Instant at)
      implements SessionEvent {

    /** A dropped result that named no dispatch. */
    public ToolResultIgnored(
        String sessionId,
        StepAttempt assignment,
        String callId,
        String workerId,
        IgnoreReason reason,
        Instant at) {
      this(sessionId, assignment, callId, workerId, reason, OptionalLong.empty(), at);
    }
  }

  /**
   * History in {@code cleared} was removed; the topology writes a tombstone per sequence number.
   * The range may be empty. Sequence numbers are never reused.
   */
  record HistoryCleared(String sessionId, HistoryRange cleared, Instant at)
      implements SessionEvent {}

  /**
   * The active turn ended; the next queued turn, if any, starts in the same decision. {@code usage}
   * is the turn's total.
   */
  sealed interface TurnEnded extends SessionEvent {

    /** The turn that ended. */
    String turnId();

    /** The terminal status. */
    TurnStatus status();

    /** The usage of all the turn's steps. */
    Usage usage();
  }

  /**
   * The agent answered; the answer is also the last {@link MessageAppended}, at {@code answerSeq}.
   * {@code steps} is how many steps the turn took.
   */
  record TurnCompleted(
      String sessionId,
      String turnId,
      String answer,
      long answerSeq,
      int steps,
      Usage usage,
      Instant at)
      implements TurnEnded {

    @Override
    public TurnStatus status() {
      return TurnStatus.COMPLETED;
    }
  }

  /**
   * The turn failed with the last step's failure, or with a limit ({@link FailureCode}). Workers
   * that may still run its work, with a fencing token up to {@code fencingToken}, are told to stop.
   * {@code steps} is how many steps the turn took.
   */
  record TurnFailed(
      String sessionId,
      String turnId,
      Failure failure,
      int steps,
      Usage usage,
      long fencingToken,
      Instant at)
      implements TurnEnded {

    @Override
    public TurnStatus status() {
      return TurnStatus.FAILED;
    }
  }

  /**
   * The turn was cancelled: by a client ({@link CancelReason#CANCELLED}), an operator ({@link
   * CancelReason#KILLED}), a newer turn ({@link CancelReason#INTERRUPTED}, {@link
   * CancelReason#ROLLED_BACK}, then {@code byTurnId} names it) or expiry. A queued turn leaves the
   * queue; the active turn ends, and only then does a queued turn start (an interrupting turn
   * starts instead). Workers that may still run its work, with a fencing token up to {@code
   * fencingToken} (the session's newest token when the active turn ended; 0 for a queued turn,
   * which has no work), are told to stop.
   */
  record TurnCancelled(
      String sessionId,
      String turnId,
      CancelReason reason,
      Optional<String> byTurnId,
      Optional<String> detail,
      Usage usage,
      long fencingToken,
      Instant at)
      implements TurnEnded {

    @Override
    public TurnStatus status() {
      return TurnStatus.CANCELLED;
    }
  }

  /** A cancel or another control command changed nothing; {@code why} says why. No change. */
  record CommandIgnored(String sessionId, String why, Instant at) implements SessionEvent {}

  /** The session was paused. */
  record SessionPaused(String sessionId, Optional<String> reason, Instant at)
      implements SessionEvent {}

  /** The session was resumed; what waited follows. */
  record SessionResumed(String sessionId, Optional<String> reason, Instant at)
      implements SessionEvent {}

  /** The lease of the active turn's work now runs until {@code until}. */
  record LeaseExtended(String sessionId, StepAttempt assignment, Instant until, Instant at)
      implements SessionEvent {}

  /**
   * A step or a batch of tool calls is due but waits: the session is paused (it goes out when the
   * session is resumed), or, {@code until} set, a turn's first step waits out its submit's debounce
   * (it goes out then, with the inputs that joined the turn meanwhile).
   */
  record DispatchHeld(String sessionId, StepAttempt assignment, Optional<Instant> until, Instant at)
      implements SessionEvent {

    /** A dispatch held while the session is paused. */
    public DispatchHeld(String sessionId, StepAttempt assignment, Instant at) {
      this(sessionId, assignment, Optional.empty(), at);
    }
  }

  /**
   * The messages of a rolled-back turn were removed from history: {@code removed} is the range, the
   * next message takes its first sequence number again so that history stays gap-free.
   */
  record HistoryRolledBack(String sessionId, HistoryRange removed, Instant at)
      implements SessionEvent {}

  /**
   * The session was idle for longer than its time to live. Its state and its history, {@code
   * history}, are deleted; a later input starts a new session under the same id.
   */
  record SessionExpired(
      String sessionId,
      Instant lastActivityAt,
      Duration idleLimit,
      HistoryRange history,
      Instant at)
      implements SessionEvent {}

  /**
   * The session was forked: on the source, it gave its history {@code copied} (up to and including
   * {@code atSeq}) to {@code forkSessionId}, and its own history and turns are unchanged; on the
   * fork, it begins with that history, whose messages follow as {@link MessageAppended} events
   * under the source's seqs.
   */
  record SessionForked(
      String sessionId,
      String sourceSessionId,
      String forkSessionId,
      long atSeq,
      HistoryRange copied,
      Instant at)
      implements SessionEvent {

    /** Whether this is the source's side of the fork. */
    public boolean atSource() {
      return sessionId.equals(sourceSessionId);
    }
  }

  /**
   * A fork was refused, {@code refusal} and {@code detail} say why: on the source, it cannot give
   * the fork (the fork is told the same); on the fork, it cannot take it or the source refused. No
   * change of state.
   */
  record ForkRefused(
      String sessionId,
      String sourceSessionId,
      String forkSessionId,
      long atSeq,
      ForkRefusal refusal,
      String detail,
      Instant at)
      implements SessionEvent {

    /** Whether this is the fork's side, the answer its caller waits for. */
    public boolean atFork() {
      return sessionId.equals(forkSessionId);
    }
  }
}
