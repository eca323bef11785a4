package dev.baton.schemas.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.schemas.Compatibility;
import dev.baton.schemas.SchemaRegistryException;
import java.util.Optional;
import org.apache.avro.Schema;

/** The JSON bodies of the Confluent Schema Registry API. */
final class RegistryJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_ECHOED_BODY = 500;

  private RegistryJson() {}

  /** The body of a register or lookup request. */
  static String schemaRequest(Schema schema) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("schemaType", "AVRO");
    body.put("schema", schema.toString());
    return body.toString();
  }

  /** The body of a compatibility update. */
  static String compatibilityRequest(Compatibility compatibility) {
    return MAPPER.createObjectNode().put("compatibility", compatibility.name()).toString();
  }

  /** Parses a response body, or empty if it is not JSON. */
  static Optional<JsonNode> parse(String body) {
    try {
      return Optional.ofNullable(MAPPER.readTree(body));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** The {@code error_code} of an error body, or {@link SchemaRegistryException#NONE}. */
  static int errorCode(String body) {
    return parse(body)
        .map(node -> node.path("error_code"))
        .filter(JsonNode::isInt)
        .map(JsonNode::intValue)
        .orElse(SchemaRegistryException.NONE);
  }

  /** The {@code message} of an error body, or the body itself, shortened. */
  static String errorMessage(String body) {
    String message =
        parse(body)
            .map(node -> node.path("message"))
            .filter(JsonNode::isTextual)
            .map(JsonNode::textValue)
            .orElse(body);
    return abbreviate(message);
  }

  /** Returns a body shortened for an error message. */
  static String abbreviate(String body) {
    return body.length() <= MAX_ECHOED_BODY ? body : body.substring(0, MAX_ECHOED_BODY) + "...";
  }
}
