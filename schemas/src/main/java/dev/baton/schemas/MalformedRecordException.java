package dev.baton.schemas;

import dev.baton.schemas.avro.RecordRejectionReason;

/**
 * A record's bytes cannot be read: they are not in the Confluent wire format, are cut short, or do
 * not decode with their schema. Never retryable; the reader should reject the record with {@link
 * #reason()} (a {@code RecordRejected} event) and go on.
 *
 * <p>{@code catch (MalformedRecordException e) { emit(rejected(record, e.reason(),
 * e.getMessage())); }}
 */
public final class MalformedRecordException extends BatonException {

  private static final long serialVersionUID = 1L;

  private final String topic;
  private final RecordRejectionReason reason;

  private MalformedRecordException(
      String message, Throwable cause, String topic, RecordRejectionReason reason) {
    super(message, cause, false);
    this.topic = topic;
    this.reason = reason;
  }

  /** The first byte is not the Confluent magic byte 0. */
  public static MalformedRecordException wrongMagicByte(String topic, byte found) {
    String message =
        ("Record of topic %s is not in Confluent wire format: its first byte is 0x%02x, but the"
                + " magic byte 0x00 was expected")
            .formatted(topic, found);
    return new MalformedRecordException(
        message, null, topic, RecordRejectionReason.WRONG_MAGIC_BYTE);
  }

  /** The record is shorter than the 5-byte header (magic byte and 4-byte schema id). */
  public static MalformedRecordException truncatedHeader(
      String topic, int length, int headerLength) {
    String message =
        ("Record of topic %s is truncated: it has %d bytes, but the Confluent wire format header"
                + " alone needs %d (magic byte and 4-byte schema id)")
            .formatted(topic, length, headerLength);
    return new MalformedRecordException(message, null, topic, RecordRejectionReason.TRUNCATED);
  }

  /**
   * The Avro body ended before the record it encodes.
   *
   * @param bodyLength the number of body bytes after the header
   * @param neededAtLeast the number of body bytes the decoder asked for when it ran out
   */
  public static MalformedRecordException truncatedBody(
      String topic, int schemaId, int bodyLength, long neededAtLeast, Throwable cause) {
    String message =
        ("Avro body of a record of topic %s (schema id %d) is truncated: it has %d bytes, but"
                + " decoding needed at least %d")
            .formatted(topic, schemaId, bodyLength, neededAtLeast);
    return new MalformedRecordException(message, cause, topic, RecordRejectionReason.TRUNCATED);
  }

  /** The Avro body does not decode with its writer schema into the reader's type. */
  public static MalformedRecordException undecodable(
      String topic, int schemaId, String readerType, Throwable cause) {
    String message =
        "Avro body of a record of topic %s (schema id %d) cannot be decoded as %s: %s"
            .formatted(topic, schemaId, readerType, cause.getMessage());
    return new MalformedRecordException(message, cause, topic, RecordRejectionReason.UNDECODABLE);
  }

  /** A key is not in the format its topic expects. */
  public static MalformedRecordException invalidKey(String topic, String problem) {
    String message = "Key of a record of topic %s is invalid: %s".formatted(topic, problem);
    return new MalformedRecordException(message, null, topic, RecordRejectionReason.INVALID_KEY);
  }

  /** The topic of the record. */
  public String topic() {
    return topic;
  }

  /** The reason code for the {@code RecordRejected} event. */
  public RecordRejectionReason reason() {
    return reason;
  }
}
