package dev.baton.coordinator.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The SHA-256 of a turn's input (its UTF-8 bytes): what the session remembers of a turn's input to
 * tell a repeated submit of the turn (the same input) from a reuse of its id for another input.
 *
 * <p>{@code InputDigest.of("Hello").equals(InputDigest.of("Hello")) // true}
 *
 * @param sha256 the digest as 64 lower-case hex digits
 */
public record InputDigest(String sha256) {

  /** The length of a digest in bytes. */
  public static final int BYTES = 32;

  private static final HexFormat HEX = HexFormat.of();

  /** Checks that the digest is 64 lower-case hex digits. */
  public InputDigest {
    Objects.requireNonNull(sha256, "sha256");
    if (sha256.length() != 2 * BYTES || !sha256.chars().allMatch(InputDigest::isLowerHex)) {
      throw new IllegalArgumentException("not a SHA-256 in lower-case hex: " + sha256);
    }
  }

  /** The digest of {@code input}. */
  public static InputDigest of(String input) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return fromBytes(sha256.digest(input.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must support SHA-256", e);
    }
  }

  /** The digest whose {@link #BYTES} bytes are {@code bytes}. */
  public static InputDigest fromBytes(byte[] bytes) {
    if (bytes.length != BYTES) {
      throw new IllegalArgumentException("a SHA-256 has 32 bytes, got " + bytes.length);
    }
    return new InputDigest(HEX.formatHex(bytes));
  }

  /** The digest's {@link #BYTES} bytes. */
  public byte[] toBytes() {
    return HEX.parseHex(sha256);
  }

  private static boolean isLowerHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }
}
