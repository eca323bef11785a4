package dev.baton.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One event of a turn's stream, as the coordinator sent it: its id, which is also the cursor a
 * stream resumes after, its type and its data. The types and their data are listed in the HTTP
 * API's documentation (docs/http-api.md, "Stream a turn").
 *
 * <pre>{@code
 * switch (event.type()) {
 *   case TurnEvent.DELTA -> System.out.print(event.text());
 *   case TurnEvent.TURN_ENDED -> System.out.println(event.data().path("status").asText());
 *   default -> {}
 * }
 * }</pre>
 *
 * @param id the event's id, the resume cursor ({@code Last-Event-ID})
 * @param type the event's type, such as {@link #DELTA}
 * @param data the event's data, a JSON object
 */
public record TurnEvent(String id, String type, JsonNode data) {

  /** The turn waits behind the active one; data {@code position}. */
  public static final String TURN_QUEUED = "turn.queued";

  /**
   * The input joined the running turn ({@code onBusy} {@code steer}); data {@code intoTurnId} and
   * {@code position}. Its answer is that turn's: follow that turn's stream for its output. This
   * stream ends with that turn's end ({@link #TURN_ENDED} with {@code joinedTurnId}), or goes on
   * with the input's own turn if that turn ended before a step carried the input.
   */
  public static final String TURN_STEERED = "turn.steered";

  /**
   * The input joined the newest queued turn ({@code onBusy} {@code merge}); data {@code intoTurnId}
   * and {@code position}. Its answer is that turn's: follow that turn's stream for its output. This
   * stream ends with that turn's end ({@link #TURN_ENDED} with {@code joinedTurnId}), or goes on
   * with the input's own turn if that turn ended after it started and before a step carried the
   * input.
   */
  public static final String TURN_MERGED = "turn.merged";

  /** The turn became the session's active turn; data {@code deadline}. */
  public static final String TURN_STARTED = "turn.started";

  /** An attempt of an agent step was assigned; data {@code step}, {@code attempt}. */
  public static final String STEP_STARTED = "step.started";

  /**
   * Output of the current step; data {@code step}, {@code attempt}, {@code index}, {@code text}.
   */
  public static final String DELTA = "delta";

  /**
   * Another run of the same attempt took over (the share group delivered it again): what the
   * attempt emitted so far is void; data {@code step}, {@code attempt}, {@code delivery}.
   */
  public static final String STEP_RESTARTED = "step.restarted";

  /**
   * An attempt failed, its output is void; data {@code step}, {@code attempt}, {@code code}, {@code
   * willRetry}.
   */
  public static final String STEP_ATTEMPT_FAILED = "step.attempt_failed";

  /**
   * The step ended with an answer or tool calls; data {@code step}, {@code attempt}, {@code
   * toolCalls}.
   */
  public static final String STEP_COMPLETED = "step.completed";

  /**
   * A tool call went to the fleet; data {@code step}, {@code callId}, {@code index}, {@code name},
   * ...
   */
  public static final String TOOL_CALL_DISPATCHED = "tool_call.dispatched";

  /**
   * A worker runs the call under the turn lock; data {@code step}, {@code callId}, {@code
   * workerId}.
   */
  public static final String TOOL_CALL_STARTED = "tool_call.started";

  /** The call's result was accepted; data {@code step}, {@code callId}, {@code isError}, ... */
  public static final String TOOL_CALL_COMPLETED = "tool_call.completed";

  /** An attempt of a tool call failed; data {@code step}, {@code attempt}, {@code callId}, ... */
  public static final String TOOL_CALL_ATTEMPT_FAILED = "tool_call.attempt_failed";

  /**
   * A tool call waits for a person's approval: {@code callId}, {@code name}, {@code argumentsJson},
   * {@code approvers}, {@code deadline}.
   */
  public static final String TOOL_CALL_AWAITING_APPROVAL = "tool_call.awaiting_approval";

  /**
   * A call that waited for approval was decided: {@code decision} ({@code APPROVED}, {@code DENIED}
   * or {@code EXPIRED}), {@code edited}, {@code decidedBy}.
   */
  public static final String TOOL_CALL_APPROVAL_DECIDED = "tool_call.approval_decided";

  /**
   * The turn ended, the last event; data {@code status}, {@code steps}, {@code usage}, {@code
   * error}, and for an input that joined another turn {@code joinedTurnId}: the end is that turn's.
   */
  public static final String TURN_ENDED = "turn.ended";

  /** Checks that no component is null. */
  public TurnEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
  }

  /** The turn the event is about, as a session's feed names it; null if the data names none. */
  public String turnId() {
    JsonNode turnId = data.get("turnId");
    return turnId == null || turnId.isNull() ? null : turnId.asText();
  }

  /** Whether this is the turn's last event, {@link #TURN_ENDED}. */
  public boolean isTerminal() {
    return TURN_ENDED.equals(type);
  }

  /** The kind of a delta's text that is the answer (and that of workers that predate kinds). */
  public static final String TEXT_KIND = "text";

  /** The text of a {@link #DELTA}; empty for other events. */
  public String text() {
    return DELTA.equals(type) ? data.path("text").asText("") : "";
  }

  /**
   * What a {@link #DELTA}'s text is: {@link #TEXT_KIND} for the answer, {@code reasoning} for the
   * model's reasoning, or a name of the worker's own; empty for other events.
   */
  public String kind() {
    return DELTA.equals(type) ? data.path("kind").asText(TEXT_KIND) : "";
  }
}
