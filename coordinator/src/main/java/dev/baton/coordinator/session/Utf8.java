package dev.baton.coordinator.session;

/**
 * The UTF-8 length of text, counted without encoding it: the unit of every byte limit.
 *
 * <p>{@code Utf8.length("é€𝄞") == 9}
 */
public final class Utf8 {

  private Utf8() {}

  /** How many bytes {@code text} takes in UTF-8; an unpaired surrogate counts as its 3 bytes. */
  public static long length(CharSequence text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); ) {
      int codePoint = Character.codePointAt(text, i);
      bytes += length(codePoint);
      i += Character.charCount(codePoint);
    }
    return bytes;
  }

  /** How many bytes one code point takes in UTF-8. */
  public static int length(int codePoint) {
    return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }
}
