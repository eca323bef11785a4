package dev.baton.coordinator.http;

import dev.baton.coordinator.session.SessionLimits;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body with a size limit, refusing an oversize one before it is read. */
final class RequestBody {

  /** Room in a request body for JSON escaping of the input and for the other fields. */
  private static final int OVERHEAD_BYTES = 16 * 1024;

  private static final int CHUNK_BYTES = 8192;

  private RequestBody() {}

  /**
   * The largest request body read: twice the model's input limit (JSON escapes) plus 16 KiB. A
   * larger body is refused with {@code BODY_TOO_LARGE} (413) before it is read or parsed.
   */
  static int maxBytes(SessionLimits limits) {
    return (int) Math.min(Integer.MAX_VALUE - 8, 2L * limits.maxInputBytes() + OVERHEAD_BYTES);
  }

  /**
   * The body's bytes.
   *
   * @throws ProblemException {@code BODY_TOO_LARGE} if the body is longer than {@code maxBytes}, by
   *     its {@code Content-Length} or once read
   */
  static byte[] read(Context ctx, int maxBytes) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge(maxBytes);
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] body = readUpTo(in, maxBytes + 1);
      if (body.length > maxBytes) {
        throw tooLarge(maxBytes);
      }
      return body;
    } catch (IOException e) {
      throw ProblemException.of(ProblemCode.INVALID_BODY, "the body cannot be read: " + e);
    }
  }

  /**
   * Up to {@code limit} bytes of {@code in}, returning as soon as it has them. Not {@code
   * InputStream.readNBytes}: once it has all it asked for, it still reads zero bytes, which Jetty's
   * request input blocks on until the client sends more, so an oversize chunked body was refused
   * only when (and if) the client sent more.
   */
  private static byte[] readUpTo(InputStream in, int limit) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] chunk = new byte[CHUNK_BYTES];
    while (body.size() < limit) {
      int read = in.read(chunk, 0, Math.min(chunk.length, limit - body.size()));
      if (read < 0) {
        break;
      }
      body.write(chunk, 0, read);
    }
    return body.toByteArray();
  }

  private static ProblemException tooLarge(int maxBytes) {
    return ProblemException.of(
        ProblemCode.BODY_TOO_LARGE,
        "the request body is over "
            + maxBytes
            + " bytes (twice the input limit plus room for the other fields)");
  }
}
