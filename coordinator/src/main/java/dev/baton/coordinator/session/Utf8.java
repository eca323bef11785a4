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
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
