package dev.baton.coordinator.http;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro values as plain JSON values: records as objects with their fields in schema order, strings
 * and enum symbols as strings, timestamps as ISO-8601 text, unions as their branch's value (not
 * Avro's {@code {"type": value}} JSON encoding). The HTTP API and the operator tools render records
 * with it.
 *
 * <p>{@code new ObjectMapper().writeValueAsString(AvroJson.fields(historyEntry))}
 */
public final class AvroJson {

  private AvroJson() {}

  /** {@code record}'s fields by name, in schema order. */
  public static Map<String, Object> fields(SpecificRecord record) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Schema.Field field : record.getSchema().getFields()) {
      fields.put(field.name(), value(record.get(field.pos())));
    }
    return fields;
  }

  /** {@code value} as a JSON value. */
  public static Object value(Object value) {
    return switch (value) {
      case null -> null;
      case SpecificRecord record -> fields(record);
      case CharSequence text -> text.toString();
      case Enum<?> symbol -> symbol.name();
      case GenericEnumSymbol<?> symbol -> symbol.toString();
      case Instant instant -> instant.toString();
      case List<?> list -> list.stream().map(AvroJson::value).toList();
      case Map<?, ?> map -> map(map);
      default -> value;
    };
  }

  private static Map<String, Object> map(Map<?, ?> map) {
    Map<String, Object> json = new LinkedHashMap<>();
    map.forEach((key, item) -> json.put(key.toString(), value(item)));
    return json;
  }
}
