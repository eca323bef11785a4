package dev.baton.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic event ids. An event's id is the name-based (version 5, SHA-1) UUID of its session
 * id and its sequence number in the session, under a fixed Baton namespace. The same event always
 * gets the same id, so a coordinator that re-processes a command after a failover writes events
 * that consumers can de-duplicate by id.
 *
 * <p>{@code String id = EventIds.of("session-1", 42); // always the same UUID text}
 */
public final class EventIds {

  /** The namespace of Baton's event ids. Never change it: that would change every id. */
  public static final UUID NAMESPACE = UUID.fromString("cea54bb8-8cd4-4925-a50c-b934f0beac1a");

  private EventIds() {}

  /**
   * Returns the id of event {@code eventSeq} of session {@code sessionId}, as UUID text.
   *
   * @throws IllegalArgumentException if the session id is invalid or the seq negative
   */
  public static String of(String sessionId, long eventSeq) {
    SessionKeys.requireValid(sessionId);
    if (eventSeq < 0) {
      throw new IllegalArgumentException("eventSeq must be at least 0, got " + eventSeq);
    }
    // A session id holds no '/', so the text after the last one is the seq: the name is
    // unambiguous.
    return nameBased(sessionId + "/" + eventSeq).toString();
  }

  private static UUID nameBased(String name) {
    byte[] hash = sha1(namespaceBytes(), name.getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
    ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(bits.getLong(), bits.getLong());
  }

  private static byte[] namespaceBytes() {
    return ByteBuffer.allocate(16)
        .putLong(NAMESPACE.getMostSignificantBits())
        .putLong(NAMESPACE.getLeastSignificantBits())
        .array();
  }

  private static byte[] sha1(byte[] first, byte[] second) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      digest.update(first);
      return digest.digest(second);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must support SHA-1", e);
    }
  }
}
