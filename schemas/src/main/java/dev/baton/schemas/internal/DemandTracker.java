package dev.baton.schemas.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;

/**
 * Measures how many bytes a truncated Avro body would have needed. The fast buffered decoder reads
 * ahead, so it cannot tell; this one decodes again, only on the error path, with the unbuffered
 * decoder over a stream that records the furthest position the decoder asked for.
 */
final class DemandTracker extends ByteArrayInputStream {

  private final int start;
  private long furthestDemand;

  private DemandTracker(byte[] bytes, int offset, int length) {
    super(bytes, offset, length);
    this.start = offset;
  }

  /** Returns the number of body bytes the decoder asked for before it ran out. */
  static <T> long bytesNeeded(DatumReader<T> reader, byte[] bytes, int offset, int length) {
    DemandTracker in = new DemandTracker(bytes, offset, length);
    try {
      reader.read(null, DecoderFactory.get().directBinaryDecoder(in, null));
    } catch (IOException | RuntimeException expected) {
      // The body is known to be truncated; only the demand matters.
    }
    return Math.max(in.furthestDemand, length + 1L);
  }

  @Override
  public synchronized int read() {
    demand(1);
    return super.read();
  }

  @Override
  public synchronized int read(byte[] b, int off, int len) {
    demand(len);
    return super.read(b, off, len);
  }

  @Override
  public synchronized long skip(long n) {
    demand(n);
    return super.skip(n);
  }

  private void demand(long count) {
    furthestDemand = Math.max(furthestDemand, pos - start + count);
  }
}
