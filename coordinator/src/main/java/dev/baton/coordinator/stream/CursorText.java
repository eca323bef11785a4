package dev.baton.coordinator.stream;

import java.util.function.Function;
import java.util.function.Supplier;

/** Reading the text of a stream's event id: dot-separated fields after a version. */
final class CursorText {

  private CursorText() {}

  /**
   * The fields of {@code text}, an id of {@code kind} (such as "a turn stream"): {@code count} of
   * them and up to {@code optional} more, the first {@code version}, the second {@code tag}.
   *
   * @param other what an id with another tag belongs to, for the message
   * @throws IllegalArgumentException if it is not such an id, or one of {@code other}
   */
  static String[] fields(
      String text, String version, int count, int optional, String tag, String kind, String other) {
    String[] fields = text.split("\\.", -1);
    if (fields.length < count || fields.length > count + optional || !fields[0].equals(version)) {
      throw new IllegalArgumentException("'" + text + "' is not an event id of " + kind);
    }
    if (!fields[1].equals(tag)) {
      throw new IllegalArgumentException("'" + text + "' is an event id of " + other);
    }
    return fields;
  }

  /**
   * The one of {@code values} whose {@code symbol} is {@code text}.
   *
   * @param what what the values are, for the message
   * @throws IllegalArgumentException if none is
   */
  static <E> E bySymbol(E[] values, Function<E, String> symbol, String text, String what) {
    for (E value : values) {
      if (symbol.apply(value).equals(text)) {
        return value;
      }
    }
    throw new IllegalArgumentException("unknown " + what + " '" + text + "'");
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
