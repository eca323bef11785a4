package dev.baton.coordinator.auth.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The text of an API token: {@code baton_<id>_<secret>}, a 16-hex-digit public id (which lists and
 * revocations name) and 256 random bits in unpadded base64url. Only the secret's SHA-256 is stored:
 * the secret is random, so a fast hash is enough to make the store useless to a reader.
 */
public final class TokenFormat {

  /** Every token starts with it, so that secret scanners can find leaked tokens. */
  public static final String PREFIX = "baton_";

  private static final int ID_BYTES = 8;
  private static final int SECRET_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private TokenFormat() {}

  /** A token's public id and secret. */
  public record Parts(String tokenId, String secret) {

    /** The token's text. */
    public String token() {
      return PREFIX + tokenId + "_" + secret;
    }
  }

  /** A new random token. */
  public static Parts generate() {
    byte[] id = new byte[ID_BYTES];
    byte[] secret = new byte[SECRET_BYTES];
    RANDOM.nextBytes(id);
    RANDOM.nextBytes(secret);
    return new Parts(
        HexFormat.of().formatHex(id),
        Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
  }

  /** The parts of {@code token}, or empty if it is not a token's text. */
  public static Optional<Parts> parse(String token) {
    int idLength = ID_BYTES * 2;
    if (token == null
        || !token.startsWith(PREFIX)
        || token.length() <= PREFIX.length() + idLength + 1
        || token.charAt(PREFIX.length() + idLength) != '_') {
      return Optional.empty();
    }
    String id = token.substring(PREFIX.length(), PREFIX.length() + idLength);
    if (!isHex(id)) {
      return Optional.empty();
    }
    return Optional.of(new Parts(id, token.substring(PREFIX.length() + idLength + 1)));
  }

  /** The SHA-256 of {@code secret}'s UTF-8 bytes. */
  public static byte[] hash(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Whether {@code secret} hashes to {@code expected}, in time that does not depend on where. */
  public static boolean matches(String secret, byte[] expected) {
    return MessageDigest.isEqual(hash(secret), expected);
  }

  private static boolean isHex(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.digit(text.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
