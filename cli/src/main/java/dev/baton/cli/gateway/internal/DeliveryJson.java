package dev.baton.cli.gateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.worker.DeltaKind;
import dev.baton.worker.Message;
import dev.baton.worker.StepFailedException;
import dev.baton.worker.StepResult;
import dev.baton.worker.ToolCall;
import dev.baton.worker.ToolInvocation;
import dev.baton.worker.ToolResult;
import dev.baton.worker.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The JSON of the worker protocol: assignments out, results and failures in. */
final class DeliveryJson {

  private final ObjectMapper json;

  DeliveryJson(ObjectMapper json) {
    this.json = json;
  }

  ObjectNode step(dev.baton.worker.Step step) {
    ObjectNode node = json.createObjectNode();
    node.put("sessionId", step.sessionId());
    node.put("turnId", step.turnId());
    node.put("number", step.number());
    node.put("attempt", step.attempt());
    node.put("fencingToken", step.fencingToken());
    node.put("assignmentId", step.assignmentId());
    node.put("input", step.input());
    ArrayNode context = node.putArray("context");
    step.context().forEach(message -> context.add(message(message)));
    ArrayNode steered = node.putArray("steered");
    step.steered().forEach(message -> steered.add(message(message)));
    ObjectNode metadata = node.putObject("metadata");
    step.metadata().forEach(metadata::put);
    step.deadline()
        .ifPresentOrElse(d -> node.put("deadline", d.toString()), () -> node.putNull("deadline"));
    return node;
  }

  ObjectNode toolCall(ToolInvocation call) {
    ObjectNode node = json.createObjectNode();
    node.put("sessionId", call.sessionId());
    node.put("turnId", call.turnId());
    node.put("step", call.step());
    node.put("attempt", call.attempt());
    node.put("fencingToken", call.fencingToken());
    node.put("callId", call.callId());
    node.put("name", call.name());
    node.put("argumentsJson", call.argumentsJson());
    node.put("index", call.index());
    node.put("operationClass", call.operationClass().name());
    return node;
  }

  private ObjectNode message(Message message) {
    ObjectNode node = json.createObjectNode();
    node.put("role", message.role().name());
    node.put("content", message.content());
    ArrayNode calls = node.putArray("toolCalls");
    for (ToolCall call : message.toolCalls()) {
      ObjectNode callNode = calls.addObject();
      callNode.put("id", call.callId().orElseThrow());
      callNode.put("name", call.name());
      callNode.put("argumentsJson", call.argumentsJson());
    }
    message
        .toolResult()
        .ifPresent(
            result -> {
              ObjectNode resultNode = node.putObject("toolResult");
              resultNode.put("callId", result.callId());
              resultNode.put("content", result.result().content());
              resultNode.put("isError", result.result().isError());
            });
    message.usage().ifPresent(usage -> node.set("usage", usage(usage)));
    return node;
  }

  private ObjectNode usage(Usage usage) {
    ObjectNode node = json.createObjectNode();
    node.put("inputTokens", usage.inputTokens());
    node.put("outputTokens", usage.outputTokens());
    usage.model().ifPresent(model -> node.put("model", model));
    return node;
  }

  /** An agent step's result: {@code {"answer": ...}} or {@code {"toolCalls": [...], ...}}. */
  StepResult stepResult(JsonNode body) {
    Optional<Usage> usage = optionalUsage(body.get("usage"));
    String content = optionalText(body, "content").orElse("");
    JsonNode calls = body.get("toolCalls");
    if (calls == null || calls.isNull()) {
      return usage.map(u -> StepResult.answer(content, u)).orElse(StepResult.answer(content));
    }
    if (!calls.isArray() || calls.isEmpty()) {
      throw GatewayProblem.badField("toolCalls", "toolCalls must be a non-empty array");
    }
    List<ToolCall> parsed = new ArrayList<>();
    for (JsonNode call : calls) {
      parsed.add(toolCallOf(call));
    }
    try {
      StepResult.ToolCalls result = StepResult.callTools(parsed).withContent(content);
      return usage.map(result::withUsage).orElse(result);
    } catch (IllegalArgumentException e) {
      throw GatewayProblem.badField("toolCalls", e.getMessage());
    }
  }

  private ToolCall toolCallOf(JsonNode call) {
    String name = requiredText(call, "name", "toolCalls[].name");
    String arguments = optionalText(call, "argumentsJson").orElse("{}");
    return optionalText(call, "id")
        .map(id -> ToolCall.of(id, name, arguments))
        .orElse(ToolCall.of(name, arguments));
  }

  /** A tool call's result: {@code {"content": "...", "isError": false}}. */
  ToolResult toolResult(JsonNode body) {
    String content = requiredText(body, "content", "content");
    JsonNode isError = body.get("isError");
    if (isError != null && !isError.isBoolean()) {
      throw GatewayProblem.badField("isError", "isError must be true or false");
    }
    return new ToolResult(content, isError != null && isError.booleanValue());
  }

  /** A failure: {@code {"retryable": true, "code": "...", "message": "..."}}. */
  StepFailedException failure(JsonNode body) {
    JsonNode retryable = body.get("retryable");
    if (retryable == null || !retryable.isBoolean()) {
      throw GatewayProblem.badField("retryable", "retryable must be true or false");
    }
    String message = requiredText(body, "message", "message");
    if (retryable.booleanValue()) {
      return StepFailedException.retryable(message);
    }
    String code = optionalText(body, "code").orElse(StepFailedException.HANDLER_EXCEPTION);
    return StepFailedException.nonRetryable(code, message);
  }

  /** A delta: {@code {"text": "...", "kind": "reasoning"}}, {@code kind} {@code text} if absent. */
  Delta delta(JsonNode body) {
    String text = requiredText(body, "text", "text");
    try {
      DeltaKind kind = optionalText(body, "kind").map(DeltaKind::of).orElse(DeltaKind.TEXT);
      return new Delta(kind, text);
    } catch (IllegalArgumentException e) {
      throw GatewayProblem.badField("kind", e.getMessage());
    }
  }

  /** Text a remote worker streams, of one kind. */
  record Delta(DeltaKind kind, String text) {}

  private Optional<Usage> optionalUsage(JsonNode usage) {
    if (usage == null || usage.isNull()) {
      return Optional.empty();
    }
    if (!usage.path("inputTokens").canConvertToLong()
        || !usage.path("outputTokens").canConvertToLong()) {
      throw GatewayProblem.badField(
          "usage", "usage needs whole numbers inputTokens and outputTokens");
    }
    long input = usage.get("inputTokens").asLong();
    long output = usage.get("outputTokens").asLong();
    try {
      return Optional.of(
          optionalText(usage, "model")
              .map(model -> Usage.of(input, output, model))
              .orElse(Usage.of(input, output)));
    } catch (IllegalArgumentException e) {
      throw GatewayProblem.badField("usage", e.getMessage());
    }
  }

  static String requiredText(JsonNode node, String name, String field) {
    JsonNode value = node.get(name);
    if (value == null || !value.isTextual()) {
      throw GatewayProblem.badField(field, field + " must be a string");
    }
    return value.textValue();
  }

  static Optional<String> optionalText(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw GatewayProblem.badField(name, name + " must be a string");
    }
    return Optional.of(value.textValue());
  }
}
