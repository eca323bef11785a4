package dev.baton.bench.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts the spans of an OTLP {@code ExportTraceServiceRequest} by walking protobuf's wire format,
 * without the generated classes: the request's {@code resource_spans} (field 1), their {@code
 * scope_spans} (field 2) and their {@code spans} (field 2).
 */
final class OtlpSpanCount {

  private static final int RESOURCE_SPANS = 1;
  private static final int SCOPE_SPANS = 2;
  private static final int SPANS = 2;

  private OtlpSpanCount() {}

  /**
   * The spans in {@code request}, an {@code ExportTraceServiceRequest} as protobuf bytes.
   *
   * @throws IllegalArgumentException if the bytes are not protobuf's wire format
   */
  static long of(byte[] request) {
    long spans = 0;
    for (ByteBuffer resource : fields(ByteBuffer.wrap(request), RESOURCE_SPANS)) {
      for (ByteBuffer scope : fields(resource, SCOPE_SPANS)) {
        spans += fields(scope, SPANS).size();
      }
    }
    return spans;
  }

  /** The values of {@code message}'s length-delimited fields numbered {@code number}. */
  private static List<ByteBuffer> fields(ByteBuffer message, int number) {
    List<ByteBuffer> found = new ArrayList<>();
    ByteBuffer in = message.duplicate();
    while (in.hasRemaining()) {
      long tag = varint(in);
      int wireType = (int) (tag & 7);
      switch (wireType) {
        case 0 -> varint(in);
        case 1 -> skip(in, 8);
        case 5 -> skip(in, 4);
        case 2 -> {
          int length = Math.toIntExact(varint(in));
          int start = in.position();
          skip(in, length);
          ByteBuffer value = in.slice(start, length);
          if (tag >>> 3 == number) {
            found.add(value);
          }
        }
        default -> throw new IllegalArgumentException("unsupported wire type " + wireType);
      }
    }
    return found;
  }

  private static long varint(ByteBuffer in) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!in.hasRemaining()) {
        throw new IllegalArgumentException("a varint runs past the end");
      }
      byte b = in.get();
      value |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("a varint longer than 10 bytes");
  }

  private static void skip(ByteBuffer in, int bytes) {
    if (bytes > in.remaining()) {
      throw new IllegalArgumentException("a field runs past the end");
    }
    in.position(in.position() + bytes);
  }
}
