package dev.baton.schemas.internal;

import org.apache.avro.Schema;

/**
 * Turns the JSON pointer of an Avro compatibility problem, such as {@code
 * /fields/3/type/1/fields/0}, into a readable path through the reader schema, such as {@code
 * Command.body[CancelTurn].turnId}.
 */
final class SchemaPath {

  private SchemaPath() {}

  /** Returns the readable path of {@code pointer} within {@code schema}. */
  static String of(Schema schema, String pointer) {
    StringBuilder path = new StringBuilder(schema.getName());
    Schema current = schema;
    String[] tokens = pointer.split("/");
    for (int i = 1; i < tokens.length && current != null; i++) {
      String token = tokens[i];
      if (token.equals("fields") && i + 1 < tokens.length && isIndex(tokens[i + 1])) {
        Schema.Field field = current.getFields().get(Integer.parseInt(tokens[++i]));
        path.append('.').append(field.name());
        current = field.schema();
      } else if (isIndex(token) && current.getType() == Schema.Type.UNION) {
        current = current.getTypes().get(Integer.parseInt(token));
        path.append('[').append(current.getName()).append(']');
      } else if (token.equals("items")) {
        current = current.getElementType();
        path.append("[]");
      } else if (token.equals("values")) {
        current = current.getValueType();
        path.append("{}");
      } else if (!token.equals("type")) {
        path.append(" (").append(token).append(')');
      }
    }
    return path.toString();
  }

  private static boolean isIndex(String token) {
    return !token.isEmpty() && token.chars().allMatch(Character::isDigit);
  }
}
