package dev.baton.cli.ops.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.cli.ops.OpsException;

/** Compact JSON text of plain values (maps, lists, strings, numbers), one line each. */
public final class JsonText {

  /** The mapper the operator tools share; thread-safe once configured. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonText() {}

  /** {@code value} as one line of JSON. */
  public static String of(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw OpsException.undecodable("a value as JSON", e.getOriginalMessage());
    }
  }
}
