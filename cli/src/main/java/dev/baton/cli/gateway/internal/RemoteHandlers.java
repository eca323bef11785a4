package dev.baton.cli.gateway.internal;

import dev.baton.worker.AgentHandler;
import dev.baton.worker.Step;
import dev.baton.worker.StepResult;
import dev.baton.worker.ToolHandler;
import dev.baton.worker.ToolInvocation;
import dev.baton.worker.ToolResult;
import java.util.Optional;
import java.util.UUID;

/**
 * The SDK handlers of a gateway: each hands its step or call to a remote worker and returns what
 * that worker posts.
 */
public final class RemoteHandlers {

  private final DeliveryJson json;
  private final RemoteRun run;

  RemoteHandlers(DeliveryJson json, RemoteRun run) {
    this.json = json;
    this.run = run;
  }

  /** The agent handler: each step goes to a remote worker that runs agent steps. */
  public AgentHandler agent() {
    return step -> {
      RemoteDelivery delivery =
          new RemoteDelivery(
              newId(),
              new RemoteDelivery.Work.AgentStep(),
              json.step(step),
              Optional.of(step::emit));
      return run.run(delivery, step::isCancelled)
          .map(StepResult.class::cast)
          .orElseGet(() -> discarded(step));
    };
  }

  /** The handler of tool {@code name}: each call goes to a remote worker that runs that tool. */
  public ToolHandler tool(String name) {
    return call -> {
      RemoteDelivery delivery =
          new RemoteDelivery(
              newId(),
              new RemoteDelivery.Work.ToolCall(name),
              json.toolCall(call),
              Optional.empty());
      return run.run(delivery, call::isCancelled)
          .map(ToolResult.class::cast)
          .orElseGet(() -> discarded(call));
    };
  }

  /** The result of a stopped turn's step, which the SDK does not publish. */
  private static StepResult discarded(Step step) {
    return StepResult.answer("");
  }

  /** The result of a stopped turn's call, which the SDK does not publish. */
  private static ToolResult discarded(ToolInvocation call) {
    return ToolResult.error("the turn was stopped before a remote worker claimed the call");
  }

  private static String newId() {
    return UUID.randomUUID().toString();
  }
}
