package dev.baton.worker;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One agent step as a handler sees it: which session, turn, step and attempt it belongs to, the
 * user input and the context window, and ways to stream output and notice cancellation.
 *
 * <pre>{@code
 * StepResult handle(Step step) {
 *   step.emit("thinking...");
 *   return StepResult.answer("echo: " + step.input());
 * }
 * }</pre>
 */
public interface Step {

  /** The session. */
  String sessionId();

  /** The turn the step belongs to. */
  String turnId();

  /** The step's number within its turn, from 0. */
  int number();

  /** The attempt of this step, from 0. */
  int attempt();

  /** The assignment's fencing token; results carry it, and a stale one is ignored. */
  long fencingToken();

  /** The assignment's id. */
  String assignmentId();

  /** The user input that started the turn. */
  String input();

  /**
   * The context window: the latest history, then the turn so far, oldest first. The turn so far is
   * the user's input, then for each earlier step of the turn its assistant message and, if it asked
   * for tool calls, one {@link Message.Role#TOOL TOOL} message per result.
   */
  List<Message> context();

  /**
   * The whole text of history message {@code seq} of this session: the value a context message was
   * cut from when it ends with a marker {@code [cut: N bytes in full, in history message seq S]}
   * ({@link Message#cutFromSeq()} reads {@code S}). Read from the coordinator's history API, so the
   * worker needs {@code coordinator(url)}.
   *
   * <pre>{@code
   * for (Message message : step.context()) {
   *   String text = message.cutFromSeq().isPresent()
   *       ? step.wholeText(message.cutFromSeq().getAsLong())
   *       : message.content();
   * }
   * }</pre>
   *
   * <p>A step of the SDK reads it; a {@code Step} of a test's own fails unless it overrides this.
   *
   * @throws WorkerException if no coordinator URL is set, the coordinator cannot be reached, or the
   *     session has no such message (cleared since)
   */
  default String wholeText(long seq) {
    throw WorkerException.historyUnavailable(
        "message " + seq + " of session " + sessionId() + " (this step reads no history)",
        null,
        false);
  }

  /**
   * The user messages steered into the turn so far (a submit with {@code onBusy} {@code steer}
   * while the turn ran), oldest first. Each is also a {@link Message.Role#USER USER} message of
   * {@link #context()}, after the tool results of the step before the one that first carried it;
   * the newest ones are those this step is the first to see. Empty when nothing was steered.
   *
   * <pre>{@code
   * if (!step.steered().isEmpty()) {
   *   prompt.add("The user added: " + step.steered().getLast().content());
   * }
   * }</pre>
   *
   * <p>A {@code Step} of a test's own has none unless it overrides this.
   */
  default List<Message> steered() {
    return List.of();
  }

  /** The metadata the client submitted with the turn. */
  Map<String, String> metadata();

  /** When the turn times out, if it has a deadline. */
  Optional<Instant> deadline();

  /**
   * Whether the turn was stopped (cancelled, interrupted, failed, timed out) and the handler should
   * stop early. Becomes true within about a second of the coordinator's STOP signal. The SDK
   * settles the assignment at once (so the worker takes new work) and does not publish the step's
   * result; a handler still running {@link WorkerOptions#cancelGrace()} after the flag turned true
   * has its thread interrupted. It also turns true, and the result is not published, when the
   * worker could not renew the assignment's lock in time and the share group delivered it again: a
   * later run does the step. Check it between model calls and in long loops, and return early:
   *
   * <pre>{@code
   * for (Chunk chunk : model.stream(step.context())) {
   *   if (step.isCancelled()) {
   *     return StepResult.answer("");  // discarded
   *   }
   *   step.emit(chunk.text());
   * }
   * }</pre>
   */
  boolean isCancelled();

  /**
   * Streams a piece of output to the turn's stream topic, in order. Sending is asynchronous: the
   * SDK gathers what is emitted within {@link WorkerOptions#deltaLinger()} into one delta, splits
   * text too large for one record into several, and waits for every delta before it publishes the
   * step's result. Emitting each token as it comes is fine.
   *
   * @param text the text to append to the step's output; empty text streams nothing
   */
  void emit(String text);

  /**
   * Streams a piece of output of {@code kind}, such as the model's reasoning, in order with the
   * rest of the step's output: a change of kind ends the delta being gathered, so one delta holds
   * one kind. {@code emit(DeltaKind.TEXT, text)} is {@link #emit(String) emit(text)}.
   *
   * <pre>{@code
   * step.emit(DeltaKind.REASONING, chunk.thinking());
   * step.emit(chunk.text());
   * }</pre>
   *
   * <p>A step of the SDK streams every kind; a {@code Step} of a test's own streams {@link
   * DeltaKind#TEXT} through {@link #emit(String)} and fails on other kinds unless it overrides
   * this.
   *
   * @param kind what the text is
   * @param text the text to append; empty text streams nothing
   */
  default void emit(DeltaKind kind, String text) {
    if (!DeltaKind.TEXT.equals(kind)) {
      throw new UnsupportedOperationException(
          "this Step streams only text; override emit(DeltaKind, String) to stream " + kind);
    }
    emit(text);
  }
}
