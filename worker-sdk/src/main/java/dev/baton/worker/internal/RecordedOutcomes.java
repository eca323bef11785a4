package dev.baton.worker.internal;

import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.WorkerResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The text a tool call's outcome is recorded as in the turn lock before it is published: the
 * result's body, as a {@link WorkerResult} in Avro's binary encoding under this SDK's own schema,
 * in Base64. Only this SDK reads it back, to publish the body again for a later delivery.
 */
final class RecordedOutcomes {

  private static final SpecificDatumWriter<WorkerResult> WRITER =
      new SpecificDatumWriter<>(WorkerResult.class);
  private static final SpecificDatumReader<WorkerResult> READER =
      new SpecificDatumReader<>(WorkerResult.class);

  private RecordedOutcomes() {}

  /** The recorded form of {@code body}, a result about {@code assignment}. */
  static String encode(Assignment assignment, Object body) {
    WorkerResult result = WorkerResults.of(assignment, body, "", Instant.EPOCH);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
    try {
      WRITER.write(result, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  /** The body recorded as {@code outcome}. */
  static Object decode(String outcome) {
    BinaryDecoder decoder =
        DecoderFactory.get().binaryDecoder(Base64.getDecoder().decode(outcome), null);
    try {
      return READER.read(null, decoder).getBody();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
