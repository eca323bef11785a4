package dev.baton.schemas;

/**
 * A record could not be written, typically because a required field is null. A programming error,
 * not retryable.
 *
 * <p>{@code catch (RecordSerializationException e) { throw new IllegalStateException(e); }}
 */
public final class RecordSerializationException extends BatonException {

  private static final long serialVersionUID = 1L;

  private RecordSerializationException(String message, Throwable cause) {
    super(message, cause, false);
  }

  /** The Avro encoder rejected a record of {@code type} for {@code topic}. */
  public static RecordSerializationException of(String topic, String type, Throwable cause) {
    String message =
        "Cannot serialize a %s for topic %s: %s (not retryable)"
            .formatted(type, topic, cause.getMessage());
    return new RecordSerializationException(message, cause);
  }
}
