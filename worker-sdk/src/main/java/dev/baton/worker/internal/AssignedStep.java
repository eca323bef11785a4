package dev.baton.worker.internal;

import dev.baton.schemas.avro.AgentStep;
import dev.baton.schemas.avro.Assignment;
import dev.baton.worker.DeltaKind;
import dev.baton.worker.Message;
import dev.baton.worker.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** The {@link Step} view of an {@link AgentStep} assignment. */
final class AssignedStep implements Step {

  private final Assignment assignment;
  private final AgentStep body;
  private final DeltaStream deltas;
  private final BooleanSupplier cancelled;
  private final HistoryReader history;

  AssignedStep(
      Assignment assignment,
      AgentStep body,
      DeltaStream deltas,
      BooleanSupplier cancelled,
      HistoryReader history) {
    this.assignment = assignment;
    this.body = body;
    this.deltas = deltas;
    this.cancelled = cancelled;
    this.history = history;
  }

  @Override
  public String sessionId() {
    return assignment.getSessionId();
  }

  @Override
  public String turnId() {
    return assignment.getTurnId();
  }

  @Override
  public int number() {
    return assignment.getStep();
  }

  @Override
  public int attempt() {
    return assignment.getAttempt();
  }

  @Override
  public long fencingToken() {
    return assignment.getFencingToken();
  }

  @Override
  public String assignmentId() {
    return assignment.getAssignmentId();
  }

  @Override
  public String input() {
    return body.getInput();
  }

  @Override
  public List<Message> context() {
    return Wire.messagesFromAvro(body.getContext());
  }

  /** The context messages whose seqs the assignment names as steered, in context order. */
  @Override
  public List<Message> steered() {
    List<Long> seqs = body.getSteeredSeqs();
    Long start = body.getContextStartSeq();
    if (seqs.isEmpty() || start == null) {
      return List.of();
    }
    List<Message> context = context();
    List<Message> steered = new ArrayList<>();
    for (long seq : seqs) {
      long index = seq - start;
      if (index >= 0 && index < context.size()) {
        steered.add(context.get((int) index));
      }
    }
    return List.copyOf(steered);
  }

  @Override
  public String wholeText(long seq) {
    return history.wholeText(sessionId(), seq);
  }

  @Override
  public Map<String, String> metadata() {
    return Map.copyOf(body.getMetadata());
  }

  @Override
  public Optional<Instant> deadline() {
    return Optional.ofNullable(assignment.getTurnDeadline());
  }

  @Override
  public boolean isCancelled() {
    return cancelled.getAsBoolean();
  }

  @Override
  public void emit(String text) {
    deltas.emit(DeltaKind.TEXT, text);
  }

  @Override
  public void emit(DeltaKind kind, String text) {
    deltas.emit(kind, text);
  }

  @Override
  public String toString() {
    return "Step[session=%s, turn=%s, step=%d, attempt=%d, token=%d]"
        .formatted(sessionId(), turnId(), number(), attempt(), fencingToken());
  }
}
