package dev.baton.worker.internal;

import dev.baton.schemas.MessageText;
import dev.baton.worker.Message;
import dev.baton.worker.OperationClass;
import dev.baton.worker.ToolCall;
import dev.baton.worker.ToolCallResult;
import dev.baton.worker.ToolResult;
import dev.baton.worker.Usage;
import java.util.List;
import java.util.Optional;

/**
 * The one place that maps between the SDK's own types and the generated Avro classes of the wire
 * ({@code dev.baton.schemas.avro}), both ways. Many simple names exist on both sides ({@code
 * Message}, {@code Usage}, {@code OperationClass}, {@code ToolResult}), so here the Avro classes
 * are always written out in full, and nowhere else in the SDK are they named beside the SDK's.
 * Every enum is mapped by an exhaustive {@code switch}, so a constant added on either side without
 * a mapping does not compile.
 */
final class Wire {

  private Wire() {}

  static OperationClass fromAvro(dev.baton.schemas.avro.OperationClass operationClass) {
    return switch (operationClass) {
      case READ -> OperationClass.READ;
      case WRITE -> OperationClass.WRITE;
    };
  }

  static dev.baton.schemas.avro.OperationClass toAvro(OperationClass operationClass) {
    return switch (operationClass) {
      case READ -> dev.baton.schemas.avro.OperationClass.READ;
      case WRITE -> dev.baton.schemas.avro.OperationClass.WRITE;
    };
  }

  static List<OperationClass> operationClassesFromAvro(
      List<dev.baton.schemas.avro.OperationClass> classes) {
    return classes.stream().map(Wire::fromAvro).toList();
  }

  static Message.Role fromAvro(dev.baton.schemas.avro.Role role) {
    return switch (role) {
      case USER -> Message.Role.USER;
      case ASSISTANT -> Message.Role.ASSISTANT;
      case TOOL -> Message.Role.TOOL;
      case SYSTEM -> Message.Role.SYSTEM;
    };
  }

  static dev.baton.schemas.avro.Role toAvro(Message.Role role) {
    return switch (role) {
      case USER -> dev.baton.schemas.avro.Role.USER;
      case ASSISTANT -> dev.baton.schemas.avro.Role.ASSISTANT;
      case TOOL -> dev.baton.schemas.avro.Role.TOOL;
      case SYSTEM -> dev.baton.schemas.avro.Role.SYSTEM;
    };
  }

  static Usage fromAvro(dev.baton.schemas.avro.Usage usage) {
    return new Usage(
        usage.getInputTokens(), usage.getOutputTokens(), Optional.ofNullable(usage.getModel()));
  }

  static dev.baton.schemas.avro.Usage toAvro(Usage usage) {
    return new dev.baton.schemas.avro.Usage(
        usage.inputTokens(), usage.outputTokens(), usage.model().orElse(null));
  }

  /** The usage of a result, or null (the wire's "not reported") if the agent reported none. */
  static dev.baton.schemas.avro.Usage toAvro(Optional<Usage> usage) {
    return usage.map(Wire::toAvro).orElse(null);
  }

  /**
   * A tool call of a message. What the answering worker declared for its tool ({@code
   * declaredClass}, {@code needsApproval}) is the coordinator's business and not shown to the
   * agent.
   */
  static ToolCall fromAvro(dev.baton.schemas.avro.ToolCallRequest call) {
    return ToolCall.of(call.getCallId(), call.getName(), call.getArgumentsJson());
  }

  /**
   * The wire form of {@code call}, with id {@code callId} (its own, or one the SDK gave it), the
   * class this worker declares for its tool (null if none) and whether it declares that the tool's
   * calls need approval.
   */
  static dev.baton.schemas.avro.ToolCallRequest toAvro(
      ToolCall call, String callId, OperationClass declaredClass, boolean needsApproval) {
    return new dev.baton.schemas.avro.ToolCallRequest(
        callId,
        call.name(),
        call.argumentsJson(),
        declaredClass == null ? null : toAvro(declaredClass),
        needsApproval);
  }

  static ToolCallResult fromAvro(dev.baton.schemas.avro.ToolResult result) {
    return new ToolCallResult(
        result.getCallId(), new ToolResult(result.getContent(), result.getIsError()));
  }

  static dev.baton.schemas.avro.ToolResult toAvro(ToolCallResult result) {
    return new dev.baton.schemas.avro.ToolResult(
        result.callId(), result.result().content(), result.result().isError());
  }

  /**
   * The SDK's view of a context message. A tool message's text travels once, as its result's
   * content; the view's {@code content} is that text too, as handlers have always seen it.
   */
  static Message fromAvro(dev.baton.schemas.avro.Message message) {
    return new Message(
        fromAvro(message.getRole()),
        MessageText.of(message),
        message.getToolCalls().stream().map(Wire::fromAvro).toList(),
        Optional.ofNullable(message.getToolResult()).map(Wire::fromAvro),
        Optional.ofNullable(message.getUsage()).map(Wire::fromAvro));
  }

  /** The wire form of {@code message}; its tool calls declare no class and no approval. */
  static dev.baton.schemas.avro.Message toAvro(Message message) {
    return new dev.baton.schemas.avro.Message(
        toAvro(message.role()),
        message.content(),
        message.toolCalls().stream()
            .map(call -> toAvro(call, call.callId().orElseThrow(), null, false))
            .toList(),
        message.toolResult().map(Wire::toAvro).orElse(null),
        toAvro(message.usage()));
  }

  static List<Message> messagesFromAvro(List<dev.baton.schemas.avro.Message> messages) {
    return messages.stream().map(Wire::fromAvro).toList();
  }
}
