package dev.baton.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.baton.client.BatonClientException;
import java.io.IOException;

/** The client's one JSON mapper, and reading that fails as {@link BatonClientException}. */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** {@code text} as JSON; an empty text is a missing node. */
  static JsonNode read(String what, String text) {
    if (text.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw BatonClientException.malformed(what, "not JSON: " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }

  /** The text field {@code name} of {@code node}, or null if absent or not text. */
  static String text(JsonNode node, String name) {
    JsonNode value = node.path(name);
    return value.isTextual() ? value.asText() : null;
  }
}
