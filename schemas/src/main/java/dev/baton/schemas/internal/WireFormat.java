package dev.baton.schemas.internal;

import dev.baton.schemas.MalformedRecordException;
import java.nio.ByteBuffer;

/**
 * The Confluent wire format: magic byte 0, the schema id as a 4-byte big-endian int, then the Avro
 * binary body.
 */
public final class WireFormat {

  /** The first byte of every record. */
  public static final byte MAGIC_BYTE = 0;

  /** The length of the magic byte and the schema id. */
  public static final int HEADER_LENGTH = 5;

  private WireFormat() {}

  /** Returns {@code body} prefixed with the header for {@code schemaId}. */
  public static byte[] frame(int schemaId, byte[] body) {
    return ByteBuffer.allocate(HEADER_LENGTH + body.length)
        .put(MAGIC_BYTE)
        .putInt(schemaId)
        .put(body)
        .array();
  }

  /**
   * Returns the schema id of a framed record.
   *
   * @throws MalformedRecordException if the record is shorter than the header or does not start
   *     with the magic byte
   */
  public static int schemaId(String topic, byte[] record) {
    if (record.length > 0 && record[0] != MAGIC_BYTE) {
      throw MalformedRecordException.wrongMagicByte(topic, record[0]);
    }
    if (record.length < HEADER_LENGTH) {
      throw MalformedRecordException.truncatedHeader(topic, record.length, HEADER_LENGTH);
    }
    return ByteBuffer.wrap(record, 1, 4).getInt();
  }
}
