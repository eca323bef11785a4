package dev.baton.coordinator.stream;

import java.util.function.Supplier;

/** Reading the text of a stream's event id: dot-separated fields after a version. */
final class CursorText {

  private CursorText() {}

  /**
   * The fields of {@code text}, an id of {@code kind} (such as "a turn stream"): {@code count} of
   * them, the first {@code version}, the second {@code tag}.
   *
   * @param other what an id with another tag belongs to, for the message
   * @throws IllegalArgumentException if it is not such an id, or one of {@code other}
   */
  static String[] fields(
      String text, String version, int count, String tag, String kind, String other) {
    String[] fields = text.split("\\.", -1);
    if (fields.length != count || !fields[0].equals(version)) {
      throw new IllegalArgumentException("'" + text + "' is not an event id of " + kind);
    }
    if (!fields[1].equals(tag)) {
      throw new IllegalArgumentException("'" + text + "' is an event id of " + other);
    }
    return fields;
  }

  /**
   * The cursor {@code read} makes of the fields of {@code text}; its failure to parse a number or a
   * state is an {@link IllegalArgumentException} that names {@code text} and {@code kind}.
   */
  static <C> C read(String text, String kind, Supplier<C> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not an event id of " + kind + ": " + e.getMessage(), e);
    }
  }
}
