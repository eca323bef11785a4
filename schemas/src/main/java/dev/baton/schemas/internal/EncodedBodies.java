package dev.baton.schemas.internal;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The Avro bodies a thread encoded last, by the identity of the value encoded, so that a value
 * measured before it is written, and written to a topic and to a store's changelog, is encoded
 * once. Only for values that are not changed after they are built: Baton's generated classes have
 * no setters, so only the generic {@code put} could change one. Each thread keeps its {@value
 * #CAPACITY} latest bodies, and forgets them all once they hold more than {@value #MAX_BYTES}
 * bytes.
 */
public final class EncodedBodies {

  /** How many bodies each thread keeps: more than one decision's records. */
  static final int CAPACITY = 64;

  /** How many bytes of bodies each thread keeps at most. */
  static final long MAX_BYTES = 8L << 20;

  private static final ThreadLocal<EncodedBodies> OF_THREAD =
      ThreadLocal.withInitial(EncodedBodies::new);

  private final Object[] values = new Object[CAPACITY];
  private final byte[][] bodies = new byte[CAPACITY][];
  private int next;
  private long bytes;

  private EncodedBodies() {}

  /**
   * The body of {@code value} that this thread encoded last, or the one {@code encode} makes now,
   * kept for the next call with the same value.
   */
  public static byte[] of(Object value, Supplier<byte[]> encode) {
    return OF_THREAD.get().lookUpOrEncode(value, encode);
  }

  private byte[] lookUpOrEncode(Object value, Supplier<byte[]> encode) {
    for (int i = 0; i < CAPACITY; i++) {
      if (values[i] == value) {
        return bodies[i];
      }
    }
    byte[] body = encode.get();
    keep(value, body);
    return body;
  }

  private void keep(Object value, byte[] body) {
    if (bytes + body.length > MAX_BYTES) {
      Arrays.fill(values, null);
      Arrays.fill(bodies, null);
      bytes = 0;
    }
    if (bodies[next] != null) {
      bytes -= bodies[next].length;
    }
    values[next] = value;
    bodies[next] = body;
    bytes += body.length;
    next = (next + 1) % CAPACITY;
  }
}
