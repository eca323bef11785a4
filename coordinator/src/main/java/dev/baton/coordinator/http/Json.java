package dev.baton.coordinator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The API's one JSON mapper: bodies are built as maps and lists of plain values. */
final class Json {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Reads one JSON value; anything after it, even another value, makes the body invalid. */
  private static final ObjectReader READER =
      MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {}

  /** {@code value} as JSON text. */
  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a response body as JSON", e);
    }
  }

  /**
   * Writes {@code body} as the {@code application/json} response with {@code status}, in UTF-8
   * whatever the response's character encoding.
   */
  static void respond(Context ctx, int status, Object body) {
    ctx.status(status)
        .contentType("application/json")
        .result(write(body).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Parses a request body.
   *
   * @throws ProblemException {@code INVALID_BODY} if it is not one JSON value
   */
  static JsonNode read(byte[] body) {
    try {
      JsonNode node = READER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw ProblemException.of(
            ProblemCode.INVALID_BODY, "the body is empty; send a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw ProblemException.of(
          ProblemCode.INVALID_BODY, "the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ProblemException.of(ProblemCode.INVALID_BODY, "the body cannot be read: " + e);
    }
  }

  /**
   * {@code json} as a JSON value to embed in a response, such as a tool call's arguments; the text
   * itself if it is not valid JSON (an agent may send anything).
   */
  static Object embedded(String json) {
    try {
      JsonNode node = READER.readTree(json);
      return node == null || node.isMissingNode() ? json : node;
    } catch (IOException e) {
      return json;
    }
  }

  /** A JSON object as a map, to merge into a body; a non-object is an empty map. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> toMap(JsonNode object) {
    return object.isObject() ? MAPPER.convertValue(object, Map.class) : Map.of();
  }
}
