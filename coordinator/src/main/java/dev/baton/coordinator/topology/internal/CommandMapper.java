package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.session.CancelReason;
import dev.baton.coordinator.session.OnBusy;
import dev.baton.coordinator.session.SessionCommand;
import dev.baton.schemas.avro.CancelTurn;
import dev.baton.schemas.avro.ClearHistory;
import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.DecideToolCallApproval;
import dev.baton.schemas.avro.ForkSession;
import dev.baton.schemas.avro.KillTurn;
import dev.baton.schemas.avro.PauseSession;
import dev.baton.schemas.avro.RefuseFork;
import dev.baton.schemas.avro.ResumeSession;
import dev.baton.schemas.avro.SeedFork;
import dev.baton.schemas.avro.SubmitTurn;
import java.time.Duration;
import java.util.Optional;

/**
 * Maps a client's {@link Command} to a command of the session model. {@code KillTurn} is a cancel
 * with reason {@code KILLED}. A command the model does not support (trimming history) is rejected
 * as {@code INVALID_COMMAND}, never silently dropped.
 */
final class CommandMapper {

  private CommandMapper() {}

  /**
   * The model command for {@code command}, whose session id was checked against the record key.
   *
   * @throws RejectedInput if the model has no such command
   */
  static SessionCommand toModel(Command command) {
    String sessionId = command.getSessionId();
    return switch (command.getBody()) {
      case SubmitTurn submit ->
          new SessionCommand.SubmitTurn(
              sessionId,
              submit.getTurnId(),
              submit.getInput(),
              onBusy(submit),
              deadline(submit),
              submit.getMetadata(),
              debounce(submit));
      case ClearHistory clear -> clearHistory(sessionId, clear);
      case CancelTurn cancel ->
          new SessionCommand.CancelTurn(
              sessionId,
              cancel.getTurnId(),
              CancelReason.CANCELLED,
              Optional.ofNullable(cancel.getReason()));
      case KillTurn kill ->
          new SessionCommand.CancelTurn(
              sessionId,
              kill.getTurnId(),
              CancelReason.KILLED,
              Optional.ofNullable(kill.getReason()));
      case PauseSession pause ->
          new SessionCommand.PauseSession(sessionId, Optional.ofNullable(pause.getReason()));
      case ResumeSession resume ->
          new SessionCommand.ResumeSession(sessionId, Optional.ofNullable(resume.getReason()));
      case ForkSession fork ->
          new SessionCommand.ForkSession(sessionId, fork.getForkSessionId(), fork.getAtSeq());
      case SeedFork seed -> ForkMessages.seed(sessionId, seed);
      case RefuseFork refusal -> ForkMessages.refusal(sessionId, refusal);
      case DecideToolCallApproval decision ->
          new SessionCommand.DecideToolCallApproval(
              sessionId,
              decision.getTurnId(),
              decision.getCallId(),
              decision.getApprove(),
              Optional.ofNullable(decision.getArgumentsJson()),
              Optional.ofNullable(decision.getReason()),
              decision.getDecidedBy());
      default -> throw RejectedInput.unsupported(command.getBody());
    };
  }

  private static SessionCommand clearHistory(String sessionId, ClearHistory clear) {
    if (clear.getBeforeSeq() != null) {
      throw RejectedInput.invalidCommand(
          "ClearHistory with beforeSeq (trimming) is not supported by this coordinator version");
    }
    return new SessionCommand.ClearHistory(sessionId);
  }

  private static Optional<Duration> deadline(SubmitTurn submit) {
    Long deadlineMs = submit.getDeadlineMs();
    if (deadlineMs == null) {
      return Optional.empty();
    }
    if (deadlineMs <= 0) {
      throw RejectedInput.invalidCommand("deadlineMs must be positive, got " + deadlineMs);
    }
    return Optional.of(Duration.ofMillis(deadlineMs));
  }

  private static Optional<Duration> debounce(SubmitTurn submit) {
    Long debounceMs = submit.getDebounceMs();
    if (debounceMs == null || debounceMs == 0) {
      return Optional.empty();
    }
    long max = SessionCommand.SubmitTurn.MAX_DEBOUNCE.toMillis();
    if (debounceMs < 0 || debounceMs > max) {
      throw RejectedInput.invalidCommand(
          "debounceMs must be from 0 to " + max + ", got " + debounceMs);
    }
    return Optional.of(Duration.ofMillis(debounceMs));
  }

  private static OnBusy onBusy(SubmitTurn submit) {
    return switch (submit.getOnBusy()) {
      case REJECT -> OnBusy.REJECT;
      case ENQUEUE -> OnBusy.ENQUEUE;
      case INTERRUPT -> OnBusy.INTERRUPT;
      case ROLLBACK -> OnBusy.ROLLBACK;
      case STEER -> OnBusy.STEER;
      case MERGE -> OnBusy.MERGE;
    };
  }
}
