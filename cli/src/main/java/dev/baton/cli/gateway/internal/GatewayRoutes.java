package dev.baton.cli.gateway.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.cli.gateway.GatewayOptions;
import dev.baton.worker.OperationClass;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** The routes of the worker protocol; see {@code docs/worker-protocol.md}. */
final class GatewayRoutes {

  private final Deliveries deliveries;
  private final DeliveryJson deliveryJson;
  private final ObjectMapper json;
  private final GatewayOptions options;

  GatewayRoutes(
      Deliveries deliveries, DeliveryJson deliveryJson, ObjectMapper json, GatewayOptions options) {
    this.deliveries = deliveries;
    this.deliveryJson = deliveryJson;
    this.json = json;
    this.options = options;
  }

  void register(Javalin app) {
    app.before("/v1/*", this::authenticate);
    app.get("/health", this::health);
    app.post("/v1/work", this::poll);
    app.post("/v1/deliveries/{id}/heartbeat", this::heartbeat);
    app.post("/v1/deliveries/{id}/deltas", this::delta);
    app.post("/v1/deliveries/{id}/result", this::result);
    app.post("/v1/deliveries/{id}/failure", this::failure);
  }

  private void authenticate(Context ctx) {
    if (options.workerTokens().isPresent()) {
      WorkerTokens.authenticate(ctx, options.workerTokens().get());
      return;
    }
    Optional<String> token = options.token();
    if (token.isEmpty()) {
      return;
    }
    String expected = "Bearer " + token.get();
    String given = Optional.ofNullable(ctx.header("Authorization")).orElse("");
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
      throw GatewayProblem.of(
          GatewayProblem.Code.UNAUTHORIZED,
          "send the gateway's worker token as Authorization: Bearer <token>");
    }
  }

  private void health(Context ctx) {
    ObjectNode body = json.createObjectNode();
    body.put("status", "UP");
    body.put("claimedDeliveries", deliveries.claimedCount());
    ctx.contentType("application/json").result(body.toString());
  }

  private void poll(Context ctx) throws InterruptedException {
    JsonNode body = body(ctx);
    Capabilities capabilities = capabilities(body);
    Duration wait = pollWait(body);
    Optional<RemoteDelivery> claimed = deliveries.claim(capabilities, wait);
    if (claimed.isEmpty()) {
      ctx.status(204);
      return;
    }
    ctx.contentType("application/json").result(assignment(claimed.get()).toString());
  }

  private ObjectNode assignment(RemoteDelivery delivery) {
    ObjectNode node = json.createObjectNode();
    node.put("deliveryId", delivery.id());
    node.put("heartbeatIntervalMs", options.heartbeatInterval().toMillis());
    node.put("heartbeatTimeoutMs", options.heartbeatTimeout().toMillis());
    switch (delivery.work()) {
      case RemoteDelivery.Work.AgentStep step -> {
        node.put("kind", "AGENT_STEP");
        node.set("step", delivery.assignment());
      }
      case RemoteDelivery.Work.ToolCall call -> {
        node.put("kind", "TOOL_CALL");
        node.set("toolCall", delivery.assignment());
      }
    }
    return node;
  }

  private Capabilities capabilities(JsonNode body) {
    JsonNode agent = body.get("agent");
    if (agent != null && !agent.isBoolean()) {
      throw GatewayProblem.badField("agent", "agent must be true or false");
    }
    Set<String> tools = new HashSet<>();
    JsonNode declared = body.path("tools");
    if (!declared.isMissingNode() && !declared.isArray()) {
      throw GatewayProblem.badField("tools", "tools must be an array of {name, operationClass}");
    }
    for (JsonNode tool : declared) {
      tools.add(servedTool(tool));
    }
    boolean runsAgent = agent != null && agent.booleanValue();
    if (!runsAgent && tools.isEmpty()) {
      throw GatewayProblem.badField("agent", "declare agent: true, at least one tool, or both");
    }
    return new Capabilities(runsAgent, tools);
  }

  private String servedTool(JsonNode tool) {
    String name = DeliveryJson.requiredText(tool, "name", "tools[].name");
    String declared = DeliveryJson.requiredText(tool, "operationClass", "tools[].operationClass");
    OperationClass served = options.tools().get(name);
    if (served == null) {
      throw GatewayProblem.of(
          GatewayProblem.Code.UNKNOWN_TOOL,
          "this gateway takes no calls of tool "
              + name
              + "; it serves "
              + options.tools().keySet()
              + " (its --tools setting)");
    }
    if (!served.name().equals(declared)) {
      throw GatewayProblem.of(
          GatewayProblem.Code.UNKNOWN_TOOL,
          "tool " + name + " is declared " + declared + " but the gateway serves it as " + served);
    }
    if (declaresApproval(tool) && !options.approvalTools().contains(name)) {
      throw GatewayProblem.of(
          GatewayProblem.Code.UNKNOWN_TOOL,
          "tool "
              + name
              + " is declared as needing approval but the gateway serves it without"
              + " (its --gateway-approval-tools setting)");
    }
    return name;
  }

  /**
   * Whether a remote worker declares that {@code tool}'s calls need approval. Only the gateway's
   * own declaration reaches the coordinator, so a worker may not count on one the gateway lacks; a
   * gateway that asks for approval of a tool its worker does not declare is the stricter, and fine.
   */
  private static boolean declaresApproval(JsonNode tool) {
    JsonNode needsApproval = tool.get("needsApproval");
    if (needsApproval == null || needsApproval.isNull()) {
      return false;
    }
    if (!needsApproval.isBoolean()) {
      throw GatewayProblem.badField(
          "tools[].needsApproval", "tools[].needsApproval must be true or false");
    }
    return needsApproval.booleanValue();
  }

  private Duration pollWait(JsonNode body) {
    JsonNode waitMs = body.get("waitMs");
    if (waitMs == null || waitMs.isNull()) {
      return options.maxPollWait();
    }
    if (!waitMs.canConvertToLong() || waitMs.asLong() < 0) {
      throw GatewayProblem.badField("waitMs", "waitMs must be a whole number of 0 or more");
    }
    Duration asked = Duration.ofMillis(waitMs.asLong());
    return asked.compareTo(options.maxPollWait()) < 0 ? asked : options.maxPollWait();
  }

  private void heartbeat(Context ctx) {
    RemoteDelivery delivery = open(ctx);
    delivery.heartbeat();
    ObjectNode reply = json.createObjectNode();
    reply.put("cancelled", delivery.isCancelled());
    ctx.contentType("application/json").result(reply.toString());
  }

  private void delta(Context ctx) {
    RemoteDelivery delivery = open(ctx);
    DeliveryJson.Delta delta = deliveryJson.delta(body(ctx));
    delivery
        .deltas()
        .orElseThrow(
            () ->
                GatewayProblem.of(
                    GatewayProblem.Code.NOT_AN_AGENT_STEP,
                    "delivery " + delivery.id() + " is a tool call; only agent steps stream"))
        .accept(delta.kind(), delta.text());
    delivery.heartbeat();
    ctx.status(204);
  }

  private void result(Context ctx) {
    RemoteDelivery delivery = open(ctx);
    JsonNode body = body(ctx);
    Object result =
        switch (delivery.work()) {
          case RemoteDelivery.Work.AgentStep step -> deliveryJson.stepResult(body);
          case RemoteDelivery.Work.ToolCall call -> deliveryJson.toolResult(body);
        };
    finish(delivery, EndReason.COMPLETED);
    delivery.outcome().complete(result);
    ctx.status(204);
  }

  private void failure(Context ctx) {
    RemoteDelivery delivery = open(ctx);
    Exception failure = deliveryJson.failure(body(ctx));
    finish(delivery, EndReason.FAILED);
    delivery.outcome().completeExceptionally(failure);
    ctx.status(204);
  }

  private static void finish(RemoteDelivery delivery, EndReason reason) {
    if (!delivery.finish(reason)) {
      throw ended(delivery.id(), delivery.endReason().orElseThrow());
    }
  }

  private RemoteDelivery open(Context ctx) {
    String id = ctx.pathParam("id");
    return switch (deliveries.find(id)) {
      case Deliveries.Lookup.Open open -> open.delivery();
      case Deliveries.Lookup.Ended ended -> throw ended(id, ended.reason());
      case Deliveries.Lookup.Unknown unknown ->
          throw GatewayProblem.of(
              GatewayProblem.Code.UNKNOWN_DELIVERY,
              "this gateway has no delivery " + id + " (never handed out, or long forgotten)");
    };
  }

  private static GatewayProblem ended(String id, EndReason reason) {
    return GatewayProblem.of(
        GatewayProblem.Code.DELIVERY_ENDED,
        "delivery " + id + " has ended (" + reason.name() + "): " + reason.detail());
  }

  private JsonNode body(Context ctx) {
    try {
      JsonNode body = json.readTree(ctx.body());
      if (body == null || !body.isObject()) {
        throw GatewayProblem.of(GatewayProblem.Code.BAD_REQUEST, "the body must be a JSON object");
      }
      return body;
    } catch (JsonProcessingException e) {
      throw GatewayProblem.of(
          GatewayProblem.Code.BAD_REQUEST, "the body is not JSON: " + e.getOriginalMessage());
    }
  }
}
