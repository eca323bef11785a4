package dev.baton.schemas;

/**
 * The registry does not know a schema id (Confluent error code 40403). A record that names such an
 * id was written against another registry, or its bytes are corrupt; it cannot be read. Not
 * retryable.
 *
 * <p>{@code catch (UnknownSchemaIdException e) { reject(record, e.schemaId()); }}
 */
public final class UnknownSchemaIdException extends SchemaRegistryException {

  /** The Confluent error code for "schema not found". */
  public static final int ERROR_CODE = 40403;

  private static final long serialVersionUID = 1L;

  private final int schemaId;

  private UnknownSchemaIdException(String message, SchemaRegistryException response, int id) {
    super(
        message,
        response,
        false,
        response.method(),
        response.url(),
        response.status(),
        response.errorCode());
    this.schemaId = id;
  }

  /**
   * The registry answered a lookup of {@code schemaId} with "not found".
   *
   * @param schemaId the schema id that was looked up
   * @param response the registry's error response
   */
  public static UnknownSchemaIdException of(int schemaId, SchemaRegistryException response) {
    String message =
        ("Schema id %d is not known to the schema registry (%s %s answered HTTP %d, error_code %d):"
                + " the record was written with a schema registered in another registry, or its"
                + " bytes are corrupt (not retryable)")
            .formatted(
                schemaId,
                response.method(),
                response.url(),
                response.status(),
                response.errorCode());
    return new UnknownSchemaIdException(message, response, schemaId);
  }

  /** The schema id the registry does not know. */
  public int schemaId() {
    return schemaId;
  }
}
