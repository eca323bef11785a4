package dev.baton.coordinator.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The tool calls of one step while their results come in. All calls share one assignment (one
 * fencing token), because the Redis turn lock of the step is keyed by it.
 *
 * <p>Each dispatch of a call also has a token of its own, its <em>dispatch token</em>: the batch
 * reserves {@code tokensPerCall} consecutive tokens for each call, from the batch's token on, in
 * call order, and dispatch <i>d</i> (from 1) of call <i>i</i> has token {@code fencingToken + i *
 * tokensPerCall + d - 1}. So a later dispatch of a call has a greater token than the call's earlier
 * ones, a call has a greater token than every dispatch of the calls before it (whichever runs later
 * of two conflicting calls is the later one in call order), and the session's next assignment one
 * greater than all of them. A batch with {@code tokensPerCall} 0 was stored before dispatches had
 * tokens of their own: every dispatch of it carries the batch's token.
 *
 * <p>Each call is <em>finished</em> (its result is in), <em>waiting</em> (not out: never dispatched
 * in {@link DispatchMode#SEQUENTIAL}, or reported not started there) or <em>out</em> (dispatched
 * and unanswered: it may be running). In {@link DispatchMode#PARALLEL} no call waits.
 *
 * @param assignment the batch's assignment: the step that asked for the calls, attempt 1 and a new
 *     token
 * @param mode how the calls are dispatched
 * @param calls the calls by index
 * @param results the results received so far, in arrival order, at most one per call
 * @param dispatches how often each call (by index) was dispatched, at least 0
 * @param waiting the indexes of the waiting calls, ascending
 * @param ordered the indexes of the calls that are out by ordered dispatch, ascending: they run
 *     without the turn lock, so a lock failure reported for one is a stale report of an earlier
 *     dispatch
 * @param tokensPerCall how many dispatch tokens the batch reserved for each call; 0 for a batch
 *     whose dispatches all carry its token
 * @param approvals the calls that wait for a person's approval: neither waiting nor out, they go
 *     out (or are denied) once decided
 */
public record ToolBatch(
    StepAttempt assignment,
    DispatchMode mode,
    List<ToolCall> calls,
    List<ToolResult> results,
    List<Integer> dispatches,
    List<Integer> waiting,
    List<Integer> ordered,
    int tokensPerCall,
    PendingApprovals approvals) {

  /** Null checks, defensive copies and consistency checks. */
  public ToolBatch {
    Objects.requireNonNull(assignment, "assignment");
    Objects.requireNonNull(mode, "mode");
    calls = List.copyOf(calls);
    results = List.copyOf(results);
    dispatches = List.copyOf(dispatches);
    waiting = List.copyOf(new TreeSet<>(waiting));
    ordered = List.copyOf(new TreeSet<>(ordered));
    if (calls.isEmpty() || dispatches.size() != calls.size()) {
      throw new IllegalArgumentException(
          "a batch needs calls and a dispatch count per call, got "
              + calls.size()
              + " calls and "
              + dispatches.size()
              + " counts");
    }
    int size = calls.size();
    if (waiting.stream().anyMatch(index -> index < 0 || index >= size)
        || ordered.stream().anyMatch(index -> index < 0 || index >= size)) {
      throw new IllegalArgumentException(
          "waiting " + waiting + " or ordered " + ordered + " names a call the batch lacks");
    }
    if (tokensPerCall < 0) {
      throw new IllegalArgumentException("tokensPerCall must be at least 0, got " + tokensPerCall);
    }
    Objects.requireNonNull(approvals, "approvals");
  }

  /** A batch none of whose calls needed approval. */
  public ToolBatch(
      StepAttempt assignment,
      DispatchMode mode,
      List<ToolCall> calls,
      List<ToolResult> results,
      List<Integer> dispatches,
      List<Integer> waiting,
      List<Integer> ordered,
      int tokensPerCall) {
    this(
        assignment,
        mode,
        calls,
        results,
        dispatches,
        waiting,
        ordered,
        tokensPerCall,
        PendingApprovals.NONE);
  }

  /** A batch without waiting or ordered calls whose dispatches all carry its token. */
  public ToolBatch(
      StepAttempt assignment,
      DispatchMode mode,
      List<ToolCall> calls,
      List<ToolResult> results,
      List<Integer> dispatches) {
    this(assignment, mode, calls, results, dispatches, List.of(), List.of(), 0);
  }

  /**
   * A new batch: in {@link DispatchMode#PARALLEL} every call is out once, unless {@code held}; in
   * {@link DispatchMode#SEQUENTIAL} or when {@code held} (the session is paused) every call waits.
   */
  static ToolBatch dispatched(
      StepAttempt assignment,
      DispatchMode mode,
      List<ToolCall> calls,
      boolean held,
      int tokensPerCall) {
    boolean parallel = mode == DispatchMode.PARALLEL && !held;
    return new ToolBatch(
        assignment,
        mode,
        calls,
        List.of(),
        calls.stream().map(call -> parallel ? 1 : 0).toList(),
        parallel ? List.of() : calls.stream().map(ToolCall::index).toList(),
        List.of(),
        tokensPerCall);
  }

  /**
   * The token of dispatch {@code dispatch} (from 1) of the call at {@code index}; see the class
   * description. Empty past the call's reserved tokens.
   */
  public OptionalLong dispatchToken(int index, int dispatch) {
    return dispatchToken(assignment, tokensPerCall, index, dispatch);
  }

  /** The token of dispatch {@code dispatch} of call {@code index} of a batch; see the class. */
  static OptionalLong dispatchToken(
      StepAttempt assignment, int tokensPerCall, int index, int dispatch) {
    if (tokensPerCall == 0) {
      return OptionalLong.of(assignment.fencingToken());
    }
    if (dispatch < 1 || dispatch > tokensPerCall) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(assignment.fencingToken() + (long) index * tokensPerCall + dispatch - 1);
  }

  /**
   * The token of the call's current dispatch: its latest, which is out, or waits to go out again
   * once it reported not started. Empty if the call was never dispatched.
   */
  public OptionalLong currentDispatchToken(int index) {
    int dispatch = dispatches.get(index);
    return dispatch == 0 ? OptionalLong.empty() : dispatchToken(index, dispatch);
  }

  /** The greatest token the batch reserved: the session's next assignment takes a greater one. */
  public long lastToken() {
    return lastToken(assignment, calls.size(), tokensPerCall);
  }

  /** The greatest token a batch of {@code calls} calls under {@code assignment} reserves. */
  static long lastToken(StepAttempt assignment, int calls, int tokensPerCall) {
    return assignment.fencingToken() + Math.max(0, (long) calls * tokensPerCall - 1);
  }

  /** The call with {@code callId}, if the batch has it. */
  public Optional<ToolCall> call(String callId) {
    return calls.stream().filter(call -> call.callId().equals(callId)).findFirst();
  }

  /** The result of {@code callId}, if it came in. */
  public Optional<ToolResult> result(String callId) {
    return results.stream().filter(result -> result.callId().equals(callId)).findFirst();
  }

  /**
   * The calls that are out: dispatched, neither waiting nor awaiting approval, and without a
   * result; in call order.
   */
  public List<ToolCall> callsOut() {
    return calls.stream()
        .filter(call -> !waiting.contains(call.index()) && !approvals.awaits(call.index()))
        .filter(call -> result(call.callId()).isEmpty())
        .toList();
  }

  /** The calls that wait for their approval, in call order. */
  public List<ToolCall> callsAwaitingApproval() {
    return approvals.awaiting().stream().map(calls::get).toList();
  }

  /**
   * The waiting calls that may go out now under the turn lock ({@link DispatchMode#PARALLEL}), in
   * call order: those that no call awaiting approval holds back. A call is held back by an earlier
   * call that awaits approval or is itself held back, if the two conflict (either is a WRITE): the
   * turn lock would make it wait for that call, which is not out.
   */
  public List<ToolCall> releasable() {
    List<ToolCall> held = new ArrayList<>();
    List<ToolCall> free = new ArrayList<>();
    for (ToolCall call : calls) {
      boolean blocked =
          approvals.awaits(call.index()) || held.stream().anyMatch(h -> conflict(h, call));
      if (blocked) {
        held.add(call);
      } else if (waiting.contains(call.index())) {
        free.add(call);
      }
    }
    return free;
  }

  /** Whether a call after {@code call} that has no result conflicts with it. */
  public boolean conflictsWithALaterOpenCall(ToolCall call) {
    return calls.stream()
        .filter(later -> later.index() > call.index() && result(later.callId()).isEmpty())
        .anyMatch(later -> conflict(call, later));
  }

  private static boolean conflict(ToolCall a, ToolCall b) {
    return a.operationClass() == OperationClass.WRITE || b.operationClass() == OperationClass.WRITE;
  }

  /** The calls without a result, out or waiting, in call order. */
  public List<ToolCall> callsWithoutResult() {
    return calls.stream().filter(call -> result(call.callId()).isEmpty()).toList();
  }

  /** Whether a call is out; see {@link #callsOut()}. */
  public boolean hasCallsOut() {
    return !callsOut().isEmpty();
  }

  /** Whether every call has its result. */
  public boolean isComplete() {
    return results.size() == calls.size();
  }

  /** The results in call order; complete batches only. */
  public List<ToolResult> resultsInCallOrder() {
    return calls.stream().map(call -> result(call.callId()).orElseThrow()).toList();
  }

  /**
   * The waiting calls that may go out now in ordered dispatch, in call order: a waiting READ when
   * no earlier WRITE is unfinished, a waiting WRITE when no earlier call is unfinished. An earlier
   * call that is out counts as unfinished, since it may be running. A later call never matters: one
   * that conflicts with a waiting call cannot run before it, neither under the Redis lock (which
   * waits for every lower index) nor in ordered dispatch. So the wave is a run of consecutive
   * reads, or a single write once everything before it finished. A call that awaits approval is
   * unfinished and never in a wave.
   */
  public List<ToolCall> nextWave() {
    List<ToolCall> wave = new ArrayList<>();
    boolean unfinishedBefore = false;
    for (ToolCall call : calls) {
      if (result(call.callId()).isPresent()) {
        continue;
      }
      boolean write = call.operationClass() == OperationClass.WRITE;
      boolean mayGo = waiting.contains(call.index()) && !approvals.awaits(call.index());
      if (mayGo && !(write && unfinishedBefore)) {
        wave.add(call);
      }
      if (write) {
        break;
      }
      unfinishedBefore = true;
    }
    return wave;
  }

  ToolBatch withResult(ToolResult result) {
    List<ToolResult> more = new ArrayList<>(results);
    more.add(result);
    return withResults(more);
  }

  /** This batch with {@code received} as the results received so far. */
  ToolBatch withResults(List<ToolResult> received) {
    return copy(calls, received, dispatches, waiting, ordered, approvals);
  }

  /** The call at {@code index} went out again as its dispatch number {@code dispatch}. */
  ToolBatch withRedispatched(int index, int dispatch) {
    List<Integer> counts = new ArrayList<>(dispatches);
    counts.set(index, dispatch);
    return copy(calls, results, counts, waiting, ordered, approvals);
  }

  /**
   * The call at {@code index} no longer waits to go out but for its approval, until {@code until}.
   */
  ToolBatch withAwaitingApproval(int index, Instant until) {
    List<Integer> stillWaiting = waiting.stream().filter(i -> i != index).toList();
    return copy(calls, results, dispatches, stillWaiting, ordered, approvals.with(index, until));
  }

  /**
   * The call at {@code index} was approved to run with {@code argumentsJson}: it waits to go out.
   */
  ToolBatch withApproved(int index, String argumentsJson) {
    List<ToolCall> approved = new ArrayList<>(calls);
    ToolCall call = calls.get(index);
    approved.set(
        index,
        new ToolCall(
            call.callId(), call.index(), call.name(), argumentsJson, call.operationClass()));
    List<Integer> more = new ArrayList<>(waiting);
    more.add(index);
    return copy(approved, results, dispatches, more, ordered, approvals.without(index));
  }

  /** The call at {@code index} was denied: {@code denial} is its result. */
  ToolBatch withDenied(int index, ToolResult denial) {
    List<ToolResult> more = new ArrayList<>(results);
    more.add(denial);
    return copy(calls, more, dispatches, waiting, ordered, approvals.without(index));
  }

  private ToolBatch copy(
      List<ToolCall> nextCalls,
      List<ToolResult> nextResults,
      List<Integer> nextDispatches,
      List<Integer> nextWaiting,
      List<Integer> nextOrdered,
      PendingApprovals nextApprovals) {
    return new ToolBatch(
        assignment,
        mode,
        nextCalls,
        nextResults,
        nextDispatches,
        nextWaiting,
        nextOrdered,
        tokensPerCall,
        nextApprovals);
  }

  ToolBatch withWaveDispatched(List<Integer> indexes) {
    List<Integer> counts = new ArrayList<>(dispatches);
    indexes.forEach(index -> counts.set(index, counts.get(index) + 1));
    List<Integer> stillWaiting = waiting.stream().filter(i -> !indexes.contains(i)).toList();
    List<Integer> moreOrdered = new ArrayList<>(ordered);
    if (mode == DispatchMode.SEQUENTIAL) {
      // Only ordered dispatch sends calls without the lock; a PARALLEL wave releases held calls.
      moreOrdered.addAll(indexes);
    }
    return copy(calls, results, counts, stillWaiting, moreOrdered, approvals);
  }

  ToolBatch withWaiting(int index) {
    List<Integer> more = new ArrayList<>(waiting);
    more.add(index);
    List<Integer> lessOrdered = ordered.stream().filter(i -> i != index).toList();
    return copy(calls, results, dispatches, more, lessOrdered, approvals);
  }

  ToolBatch withMode(DispatchMode newMode) {
    return new ToolBatch(
        assignment,
        newMode,
        calls,
        results,
        dispatches,
        waiting,
        ordered,
        tokensPerCall,
        approvals);
  }
}
