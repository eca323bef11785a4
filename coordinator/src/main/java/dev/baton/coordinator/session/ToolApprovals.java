package dev.baton.coordinator.session;

import dev.baton.coordinator.session.SessionCommand.DecideToolCallApproval;
import dev.baton.coordinator.session.SessionEvent.ApprovalRefused;
import dev.baton.coordinator.session.SessionEvent.ToolCallApprovalDecided;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The part of the session model that decides the tool calls that wait for a person's approval
 * ({@link ApprovalPolicy}): a person approves one (it goes out, with their edit of its arguments if
 * they made one) or denies it (its result says so; it never runs), and at the batch's approval
 * deadline the calls still waiting are denied or fail the turn. {@link ToolDispatch} puts the calls
 * on hold when the step asks for them and sends out what their decisions release.
 */
final class ToolApprovals {

  /** Who {@code decidedBy} names for a call decided at its deadline. */
  static final String DEADLINE = "deadline";

  private final ToolDispatch dispatch;
  private final TurnSteps turns;
  private final SessionLimits limits;
  private final ApprovalPolicy policy;

  ToolApprovals(
      ToolDispatch dispatch, TurnSteps turns, SessionLimits limits, ApprovalPolicy policy) {
    this.dispatch = dispatch;
    this.turns = turns;
    this.limits = limits;
    this.policy = policy;
  }

  /** A person's decision: refused unless the call is of the current batch and awaits it. */
  void decide(DecisionDraft d, DecideToolCallApproval decision) {
    Optional<ApprovalRefused> refused = refusal(d, decision);
    if (refused.isPresent()) {
      d.emit(refused.get());
      return;
    }
    ToolCall call = d.toolBatch().call(decision.callId()).orElseThrow();
    ApprovalDecision outcome =
        decision.approve() ? ApprovalDecision.APPROVED : ApprovalDecision.DENIED;
    String arguments = decision.argumentsJson().orElse(call.argumentsJson());
    decided(d, call, outcome, arguments, decision.reason(), decision.decidedBy());
  }

  /** At the deadline: the calls still waiting are denied, or the turn fails, as the policy says. */
  void expireIfDue(DecisionDraft d) {
    Optional<ToolBatch> batch = d.state.activeTurn().flatMap(ActiveTurn::tools);
    boolean due =
        batch
            .flatMap(b -> b.approvals().pendingDeadline())
            .filter(deadline -> d.now.isAfter(deadline))
            .isPresent();
    if (!due) {
      return;
    }
    List<ToolCall> waiting = batch.get().callsAwaitingApproval();
    if (policy.onTimeout() == ApprovalPolicy.ApprovalTimeout.FAIL_TURN) {
      String calls =
          waiting.stream()
              .map(call -> call.callId() + " (" + call.name() + ")")
              .collect(Collectors.joining(", "));
      String detail = "no approval of " + calls + " within " + policy.timeout();
      turns.failTurn(d, Failure.of(FailureCode.APPROVAL_EXPIRED, detail));
      return;
    }
    for (ToolCall call : waiting) {
      decided(d, call, ApprovalDecision.EXPIRED, call.argumentsJson(), Optional.empty(), DEADLINE);
    }
  }

  private void decided(
      DecisionDraft d,
      ToolCall call,
      ApprovalDecision outcome,
      String arguments,
      Optional<String> reason,
      String decidedBy) {
    if (d.state.activeTurn().flatMap(ActiveTurn::tools).isEmpty()) {
      return; // An earlier denial of this decision completed the batch and the turn moved on.
    }
    ToolBatch batch = d.toolBatch();
    d.emit(
        new ToolCallApprovalDecided(
            d.sessionId(), batch.assignment(), call, outcome, arguments, reason, decidedBy, d.now));
    if (outcome == ApprovalDecision.APPROVED) {
      dispatch.releaseUnlessPaused(d);
    } else {
      dispatch.afterDenial(d, call);
    }
  }

  private Optional<ApprovalRefused> refusal(DecisionDraft d, DecideToolCallApproval decision) {
    String turnId = decision.turnId();
    String callId = decision.callId();
    Optional<ActiveTurn> turn = d.state.activeTurn().filter(t -> t.turnId().equals(turnId));
    if (turn.isEmpty()) {
      String detail = "turn " + turnId + " is not running";
      return refuse(d, decision, ApprovalRefusal.TURN_NOT_ACTIVE, detail);
    }
    Optional<ToolBatch> batch = turn.get().tools();
    Optional<ToolCall> call = batch.flatMap(b -> b.call(callId));
    if (call.isEmpty()) {
      String detail = "turn " + turnId + " has no tool call " + callId + " in its current step";
      return refuse(d, decision, ApprovalRefusal.CALL_NOT_FOUND, detail);
    }
    if (!batch.get().approvals().awaits(call.get().index())) {
      String detail = "call " + callId + " of " + call.get().name() + " does not await approval";
      return refuse(d, decision, ApprovalRefusal.NOT_AWAITING, detail);
    }
    return decision
        .argumentsJson()
        .flatMap(this::tooLarge)
        .flatMap(detail -> refuse(d, decision, ApprovalRefusal.ARGUMENTS_TOO_LARGE, detail));
  }

  private Optional<String> tooLarge(String arguments) {
    long bytes = Utf8.length(arguments);
    int max = limits.payloads().maxToolCallBytes();
    return bytes <= max
        ? Optional.empty()
        : Optional.of("the edited arguments have " + bytes + " bytes, at most " + max + " fit");
  }

  private static Optional<ApprovalRefused> refuse(
      DecisionDraft d, DecideToolCallApproval decision, ApprovalRefusal refusal, String detail) {
    return Optional.of(
        new ApprovalRefused(
            d.sessionId(), decision.turnId(), decision.callId(), refusal, detail, d.now));
  }
}
