package dev.baton.coordinator.session;

import dev.baton.coordinator.session.SessionCommand.RenewLease;
import dev.baton.coordinator.session.SessionEvent.StepResultIgnored;
import dev.baton.coordinator.session.SessionEvent.ToolResultIgnored;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Fencing: whether a worker's result is for the active turn's current work, and if not, why it is
 * ignored. A result is current only if it names the current assignment exactly (turn, step, attempt
 * and fencing token), and for a tool call, a call of the batch without a result yet and the call's
 * current dispatch. A lease renewal of a tool call counts only from the call's current dispatch.
 */
final class CurrentWork {

  private CurrentWork() {}

  /** Emits {@link StepResultIgnored} unless {@code result} is the current agent step. */
  static boolean ignoredUnlessCurrentStep(DecisionDraft d, StepAttempt result, String workerId) {
    Optional<IgnoreReason> reason = whyNotCurrentStep(d.state, result);
    reason.ifPresent(r -> d.emit(new StepResultIgnored(d.sessionId(), result, workerId, r, d.now)));
    return reason.isPresent();
  }

  /**
   * Emits {@link ToolResultIgnored} unless {@code result} is the current tool batch's assignment,
   * {@code callId} is one of its calls without a result yet, and {@code dispatchToken} (if the
   * worker sent one) names the call's current dispatch. A result of an earlier dispatch ({@code
   * finished}) still counts while the batch is dispatched in {@link DispatchMode#PARALLEL}: every
   * dispatch of it took the turn lock, which kept the two apart and hands the current one the call
   * as finished, so it publishes nothing of its own. In ordered dispatch, and for a not-started
   * report, only the current dispatch counts: an earlier one may still run beside it.
   */
  static boolean ignoredUnlessCurrentCall(
      DecisionDraft d,
      StepAttempt result,
      String callId,
      OptionalLong dispatchToken,
      boolean finished,
      String workerId) {
    Optional<IgnoreReason> reason =
        whyNotCurrentCall(d.state, result, callId)
            .or(() -> whyNotCurrentDispatch(d.toolBatch(), callId, dispatchToken, finished));
    reason.ifPresent(r -> ignoreCallReport(d, result, callId, workerId, r, dispatchToken));
    return reason.isPresent();
  }

  /**
   * Emits {@link ToolResultIgnored} if {@code renewal}, of the current tool batch, names a dispatch
   * that is not its call's current one, or a call the batch lacks: an earlier dispatch that still
   * runs must not keep the lease of the call's current one alive. A renewal that names no dispatch
   * (an agent step's, or from a worker that predates dispatch tokens) counts, as before.
   */
  static boolean ignoredUnlessCurrentDispatchRenews(DecisionDraft d, RenewLease renewal) {
    if (renewal.dispatchToken().isEmpty()) {
      return false;
    }
    String callId = renewal.callId().orElseThrow();
    ToolBatch batch = d.toolBatch();
    Optional<IgnoreReason> reason =
        batch.call(callId).isEmpty()
            ? Optional.of(IgnoreReason.UNKNOWN_CALL)
            : whyNotCurrentDispatch(batch, callId, renewal.dispatchToken(), false);
    reason.ifPresent(
        r ->
            ignoreCallReport(
                d, renewal.assignment(), callId, renewal.workerId(), r, renewal.dispatchToken()));
    return reason.isPresent();
  }

  private static void ignoreCallReport(
      DecisionDraft d,
      StepAttempt assignment,
      String callId,
      String workerId,
      IgnoreReason reason,
      OptionalLong dispatchToken) {
    d.emit(
        new ToolResultIgnored(
            d.sessionId(), assignment, callId, workerId, reason, dispatchToken, d.now));
  }

  private static Optional<IgnoreReason> whyNotCurrentStep(SessionState state, StepAttempt result) {
    Optional<ActiveTurn> turn = activeTurnOf(state, result);
    if (turn.isEmpty()) {
      return Optional.of(notActive(state, result));
    }
    Optional<StepAttempt> current = turn.get().assignment();
    if (current.equals(Optional.of(result))) {
      return Optional.empty();
    }
    long currentToken = current.map(StepAttempt::fencingToken).orElse(state.lastFencingToken() + 1);
    return Optional.of(staleOrUnknown(result, currentToken));
  }

  private static Optional<IgnoreReason> whyNotCurrentCall(
      SessionState state, StepAttempt result, String callId) {
    Optional<ActiveTurn> turn = activeTurnOf(state, result);
    if (turn.isEmpty()) {
      return Optional.of(notActive(state, result));
    }
    Optional<ToolBatch> batch = turn.get().tools();
    if (batch.isEmpty() || !batch.get().assignment().equals(result)) {
      long currentToken =
          batch.map(b -> b.assignment().fencingToken()).orElse(state.lastFencingToken() + 1);
      return Optional.of(staleOrUnknown(result, currentToken));
    }
    Optional<ToolCall> call = batch.get().call(callId);
    if (call.isEmpty()) {
      return Optional.of(IgnoreReason.UNKNOWN_CALL);
    }
    if (batch.get().approvals().awaits(call.get().index())) {
      return Optional.of(IgnoreReason.UNKNOWN_ASSIGNMENT); // It was never dispatched.
    }
    if (batch.get().result(callId).isPresent()) {
      return Optional.of(IgnoreReason.DUPLICATE_RESULT);
    }
    return Optional.empty();
  }

  /** Why a report naming {@code dispatchToken} is not about the call's current dispatch. */
  private static Optional<IgnoreReason> whyNotCurrentDispatch(
      ToolBatch batch, String callId, OptionalLong dispatchToken, boolean finished) {
    if (dispatchToken.isEmpty()) {
      return Optional.empty(); // A worker that predates dispatch tokens: as before.
    }
    int index = batch.call(callId).orElseThrow().index();
    OptionalLong current = batch.currentDispatchToken(index);
    long token = dispatchToken.getAsLong();
    if (current.isEmpty() || token > current.getAsLong()) {
      return Optional.of(IgnoreReason.UNKNOWN_ASSIGNMENT);
    }
    if (token == current.getAsLong() || (finished && batch.mode() == DispatchMode.PARALLEL)) {
      return Optional.empty();
    }
    return Optional.of(IgnoreReason.STALE_FENCING_TOKEN);
  }

  /** The active turn, if {@code result} is about it. */
  private static Optional<ActiveTurn> activeTurnOf(SessionState state, StepAttempt result) {
    return state.activeTurn().filter(active -> active.turnId().equals(result.turnId()));
  }

  /** Why a result of a turn that is not the active one is ignored. */
  private static IgnoreReason notActive(SessionState state, StepAttempt result) {
    return state.statusOf(result.turnId()).filter(TurnStatus::isTerminal).isPresent()
        ? IgnoreReason.TURN_ENDED
        : IgnoreReason.UNKNOWN_TURN;
  }

  /** Why a result of the active turn that is not its current work is ignored. */
  private static IgnoreReason staleOrUnknown(StepAttempt result, long currentToken) {
    return result.fencingToken() < currentToken
        ? IgnoreReason.STALE_FENCING_TOKEN
        : IgnoreReason.UNKNOWN_ASSIGNMENT;
  }
}
