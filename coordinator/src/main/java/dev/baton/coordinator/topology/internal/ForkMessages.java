package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.session.ForkRefusal;
import dev.baton.coordinator.session.Message;
import dev.baton.coordinator.session.OperationClass;
import dev.baton.coordinator.session.SessionCommand;
import dev.baton.coordinator.session.ToolCall;
import dev.baton.coordinator.session.ToolResult;
import dev.baton.schemas.avro.ForkMessage;
import dev.baton.schemas.avro.RefuseFork;
import dev.baton.schemas.avro.SeedFork;
import dev.baton.schemas.avro.ToolCallRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maps the commands one coordinator task sends another about a fork back to the session model: the
 * seed's history messages (the inverse of {@link EventBodies#message}) and the source's refusal.
 */
final class ForkMessages {

  private ForkMessages() {}

  static SessionCommand.SeedFork seed(String sessionId, SeedFork seed) {
    List<Message> messages = seed.getMessages().stream().map(ForkMessages::message).toList();
    return new SessionCommand.SeedFork(
        sessionId, seed.getSourceSessionId(), seed.getAtSeq(), messages);
  }

  static SessionCommand.RefuseFork refusal(String sessionId, RefuseFork refusal) {
    return new SessionCommand.RefuseFork(
        sessionId,
        refusal.getSourceSessionId(),
        refusal.getAtSeq(),
        refusalOf(refusal.getCode()),
        refusal.getReason());
  }

  private static ForkRefusal refusalOf(String code) {
    for (ForkRefusal refusal : ForkRefusal.values()) {
      if (refusal.name().equals(code)) {
        return refusal;
      }
    }
    return ForkRefusal.OTHER;
  }

  private static Message message(ForkMessage forked) {
    dev.baton.schemas.avro.Message message = forked.getMessage();
    Message.Role role =
        switch (message.getRole()) {
          case USER -> Message.Role.USER;
          case ASSISTANT -> Message.Role.ASSISTANT;
          case TOOL -> Message.Role.TOOL;
          default -> Message.Role.USER;
        };
    List<ToolCall> calls = new ArrayList<>();
    for (ToolCallRequest call : message.getToolCalls()) {
      calls.add(
          new ToolCall(
              call.getCallId(),
              calls.size(),
              call.getName(),
              call.getArgumentsJson(),
              operationClass(call.getDeclaredClass())));
    }
    Optional<ToolResult> result =
        Optional.ofNullable(message.getToolResult())
            .map(r -> new ToolResult(r.getCallId(), r.getContent(), r.getIsError()));
    String turnId = forked.getTurnId() == null ? "" : forked.getTurnId();
    return new Message(forked.getSeq(), role, message.getContent(), turnId, calls, result);
  }

  private static OperationClass operationClass(dev.baton.schemas.avro.OperationClass declared) {
    return declared == dev.baton.schemas.avro.OperationClass.READ
        ? OperationClass.READ
        : OperationClass.WRITE;
  }
}
