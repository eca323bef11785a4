package dev.baton.schemas.internal;

import dev.baton.schemas.MalformedRecordException;
import dev.baton.schemas.RecordSerializationException;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/** Avro binary encoding of one datum, with errors that name the topic and schema. */
public final class AvroBinary {

  private AvroBinary() {}

  /** Encodes {@code datum}; {@code type} and {@code topic} only name the context of errors. */
  public static <T> byte[] encode(DatumWriter<T> writer, T datum, String topic, String type) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      writer.write(datum, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to a byte array", e);
    } catch (RuntimeException e) {
      throw RecordSerializationException.of(topic, type, e);
    }
    return out.toByteArray();
  }

  /**
   * Decodes the Avro body of a framed record, which starts at {@link WireFormat#HEADER_LENGTH}.
   *
   * @throws MalformedRecordException if the body is truncated or does not decode
   */
  public static <T> T decodeBody(
      DatumReader<T> reader, byte[] record, String topic, int schemaId, String readerType) {
    int offset = WireFormat.HEADER_LENGTH;
    int length = record.length - offset;
    try {
      return reader.read(null, DecoderFactory.get().binaryDecoder(record, offset, length, null));
    } catch (EOFException e) {
      long needed = DemandTracker.bytesNeeded(reader, record, offset, length);
      throw MalformedRecordException.truncatedBody(topic, schemaId, length, needed, e);
    } catch (IOException | RuntimeException e) {
      throw MalformedRecordException.undecodable(topic, schemaId, readerType, e);
    }
  }
}
