package dev.baton.worker.internal;

/**
 * Cuts text by its UTF-8 length, as Avro writes a string, never between the two halves of a
 * surrogate pair. A lone surrogate is counted as 3 bytes, more than the 1 its encoding takes.
 */
final class Utf8 {

  /**
   * A prefix of a text.
   *
   * @param end the index after the prefix's last char
   * @param bytes its UTF-8 length
   */
  record Fit(int end, int bytes) {}

  private Utf8() {}

  /**
   * The longest part of {@code text} from {@code from} whose UTF-8 length is at most {@code
   * maxBytes}; empty (ending at {@code from}) if not even its first code point fits.
   */
  static Fit fit(CharSequence text, int from, int maxBytes) {
    int at = from;
    int bytes = 0;
    while (at < text.length()) {
      char c = text.charAt(at);
      boolean pair =
          Character.isHighSurrogate(c)
              && at + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(at + 1));
      int size = pair ? 4 : bytesOf(c);
      if (bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      at += pair ? 2 : 1;
    }
    return new Fit(at, bytes);
  }

  private static int bytesOf(char c) {
    if (c < 0x80) {
      return 1;
    }
    return c < 0x800 ? 2 : 3;
  }
}
