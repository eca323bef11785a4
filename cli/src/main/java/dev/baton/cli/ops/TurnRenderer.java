package dev.baton.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.client.TurnEvent;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Renders a turn's stream in a terminal as it arrives: the deltas' text appended as written (dim
 * for other kinds than the answer's, such as reasoning), steps and tool calls as short dim lines,
 * and the end as one line with status, steps and usage.
 *
 * <pre>{@code
 * · step 0
 * echo: hello baton
 * COMPLETED · 1 step · 12 in / 40 out tokens
 * }</pre>
 */
public final class TurnRenderer {

  private static final String DIM = "\u001b[2m";
  private static final String PLAIN = "\u001b[0m";
  private static final String MARK = "· ";

  private final PrintWriter out;
  private final boolean color;
  private final Supplier<Optional<String>> answer;
  private final Map<String, String> toolNames = new HashMap<>();
  private boolean midLine;
  private boolean answerShown;
  private String status;

  /**
   * A renderer to {@code out}; {@code color} dims the step and tool lines (ANSI); {@code answer}
   * looks the answer up for a turn that completed without streaming it.
   */
  public TurnRenderer(PrintWriter out, boolean color, Supplier<Optional<String>> answer) {
    this.out = out;
    this.color = color;
    this.answer = answer;
  }

  /** Shows {@code event}, and flushes. */
  public void show(TurnEvent event) {
    switch (event.type()) {
      case TurnEvent.DELTA -> text(event.text(), event.kind());
      case TurnEvent.STEP_STARTED, TurnEvent.STEP_RESTARTED, TurnEvent.STEP_ATTEMPT_FAILED -> {
        answerShown = false;
        note(event).ifPresent(this::dimLine);
      }
      case TurnEvent.TURN_ENDED -> end(event.data());
      default -> note(event).ifPresent(this::dimLine);
    }
    out.flush();
  }

  /** The turn's final status once its end was shown, such as {@code COMPLETED}. */
  public Optional<String> status() {
    return Optional.ofNullable(status);
  }

  /** The short line of a step or tool call event, or empty for one not shown. */
  Optional<String> note(TurnEvent event) {
    JsonNode data = event.data();
    String step = "step " + data.path("step").asText();
    return Optional.ofNullable(
        switch (event.type()) {
          case TurnEvent.TURN_QUEUED -> "queued, position " + data.path("position").asText();
          case TurnEvent.TURN_STEERED -> "steered into turn " + data.path("intoTurnId").asText();
          case TurnEvent.TURN_MERGED -> "merged into turn " + data.path("intoTurnId").asText();
          case TurnEvent.STEP_STARTED ->
              step + (data.path("attempt").asInt() > 0 ? ", attempt " + data.path("attempt") : "");
          case TurnEvent.STEP_COMPLETED -> toolCalls(step, data.path("toolCalls").asInt());
          case TurnEvent.STEP_RESTARTED ->
              step
                  + " attempt "
                  + data.path("attempt")
                  + " restarted in another run; its output is void";
          case TurnEvent.STEP_ATTEMPT_FAILED ->
              step
                  + " attempt "
                  + data.path("attempt")
                  + " failed: "
                  + failure(data, "its output is void");
          case TurnEvent.TOOL_CALL_DISPATCHED -> dispatched(data);
          case TurnEvent.TOOL_CALL_COMPLETED -> completed(data);
          case TurnEvent.TOOL_CALL_AWAITING_APPROVAL ->
              "? "
                  + data.path("name").asText()
                  + " ("
                  + data.path("callId").asText()
                  + ") waits for approval until "
                  + data.path("deadline").asText();
          case TurnEvent.TOOL_CALL_APPROVAL_DECIDED ->
              data.path("callId").asText()
                  + " "
                  + data.path("decision").asText()
                  + " by "
                  + data.path("decidedBy").asText();
          case TurnEvent.TOOL_CALL_ATTEMPT_FAILED ->
              "tool "
                  + toolName(data)
                  + " attempt "
                  + data.path("attempt")
                  + " failed: "
                  + failure(data, "");
          default -> null;
        });
  }

  private String dispatched(JsonNode data) {
    String name = data.path("name").asText();
    toolNames.put(data.path("callId").asText(), name);
    return "→ " + name + " (" + data.path("operationClass").asText() + ")";
  }

  private String completed(JsonNode data) {
    String result = data.path("isError").asBoolean() ? "error" : "done";
    long lockWait = data.path("lockWaitMs").asLong();
    return "← "
        + toolName(data)
        + " "
        + result
        + (lockWait > 0 ? ", waited " + lockWait + " ms for the lock" : "");
  }

  private static String toolCalls(String step, int calls) {
    return calls == 0 ? null : step + ": " + calls + " tool call" + (calls == 1 ? "" : "s");
  }

  private static String failure(JsonNode data, String voided) {
    String code = data.path("code").asText();
    if (!data.path("willRetry").asBoolean()) {
      return code + ", no retry";
    }
    return code + ", trying again" + (voided.isEmpty() ? "" : "; " + voided);
  }

  private String toolName(JsonNode data) {
    String callId = data.path("callId").asText();
    return toolNames.getOrDefault(callId, callId);
  }

  /** Appends a delta's text; text of another kind than the answer's (reasoning) is dimmed. */
  private void text(String text, String kind) {
    if (text.isEmpty()) {
      return;
    }
    boolean answerText = kind.equals(TurnEvent.TEXT_KIND);
    answerShown |= answerText;
    out.print(color && !answerText ? DIM + text + PLAIN : text);
    midLine = !text.endsWith("\n");
  }

  private void end(JsonNode data) {
    status = data.path("status").asText();
    if (status.equals("COMPLETED") && !answerShown) {
      answer.get().ifPresent(text -> text(text, TurnEvent.TEXT_KIND));
    }
    int steps = data.path("steps").asInt();
    StringBuilder line = new StringBuilder(status);
    line.append(" · ").append(steps).append(steps == 1 ? " step" : " steps");
    JsonNode usage = data.path("usage");
    if (usage.isObject()) {
      line.append(" · ")
          .append(usage.path("inputTokens").asLong())
          .append(" in / ")
          .append(usage.path("outputTokens").asLong())
          .append(" out tokens");
      if (usage.path("model").isTextual()) {
        line.append(" · ").append(usage.path("model").asText());
      }
    }
    if (data.path("error").isTextual()) {
      line.append(" · ").append(data.path("error").asText());
    }
    if (data.path("joinedTurnId").isTextual()) {
      line.append(" · with turn ").append(data.path("joinedTurnId").asText());
    }
    newLineIfNeeded();
    out.println(line);
  }

  private void dimLine(String text) {
    newLineIfNeeded();
    out.println(color ? DIM + MARK + text + PLAIN : MARK + text);
  }

  private void newLineIfNeeded() {
    if (midLine) {
      out.println();
      midLine = false;
    }
  }
}
