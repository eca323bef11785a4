package dev.baton.cli.gateway.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.Locale;

/**
 * An RFC 9457 problem of the gateway, thrown by a route and rendered as {@code
 * application/problem+json} with a stable {@code code}.
 */
final class GatewayProblem extends RuntimeException {

  static final String CONTENT_TYPE = "application/problem+json";

  /** The problems of the protocol, with their statuses. */
  enum Code {
    BAD_REQUEST(400, "Bad request"),
    UNAUTHORIZED(401, "Unauthorized"),
    FORBIDDEN(403, "Forbidden"),
    UNKNOWN_DELIVERY(404, "Unknown delivery"),
    NOT_FOUND(404, "Not found"),
    DELIVERY_ENDED(409, "Delivery ended"),
    NOT_AN_AGENT_STEP(409, "Not an agent step"),
    UNKNOWN_TOOL(422, "Unknown tool"),
    INTERNAL(500, "Internal error"),
    NOT_READY(503, "Not ready");

    private final int status;
    private final String title;

    Code(int status, String title) {
      this.status = status;
      this.title = title;
    }
  }

  private final Code code;
  private final String field;

  private GatewayProblem(Code code, String detail, String field) {
    super(detail, null, false, false);
    this.code = code;
    this.field = field;
  }

  static GatewayProblem of(Code code, String detail) {
    return new GatewayProblem(code, detail, null);
  }

  /** A request body whose {@code field} is missing or wrong. */
  static GatewayProblem badField(String field, String detail) {
    return new GatewayProblem(Code.BAD_REQUEST, detail, field);
  }

  Code code() {
    return code;
  }

  void render(Context ctx, ObjectMapper json) {
    ObjectNode body = json.createObjectNode();
    body.put("type", "urn:baton:problem:" + code.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    body.put("title", code.title);
    body.put("status", code.status);
    body.put("detail", getMessage());
    body.put("instance", ctx.path());
    body.put("code", code.name());
    if (field != null) {
      body.put("field", field);
    }
    ctx.status(code.status).contentType(CONTENT_TYPE).result(body.toString());
  }
}
