package dev.baton.schemas;

import dev.baton.schemas.internal.HttpSchemaRegistryClient;
import org.apache.avro.Schema;

/**
 * A client of the Confluent Schema Registry REST API, which Apicurio Registry also serves under
 * {@code /apis/ccompat/v7}. A transient failure (no answer, HTTP 408, 429 or 5xx) is tried again,
 * with pauses that double, for as long as the request timeout allows; what still fails is a {@link
 * SchemaRegistryException} that says whether it is retryable. Implementations are thread-safe.
 *
 * <pre>{@code
 * try (SchemaRegistryClient registry =
 *     SchemaRegistryClient.create("http://localhost:8080/apis/ccompat/v7")) {
 *   int id = registry.register("baton.commands-value", Command.getClassSchema());
 *   Schema schema = registry.schemaById(id);
 * }
 * }</pre>
 */
public interface SchemaRegistryClient extends AutoCloseable {

  /** Returns an HTTP client of the registry at {@code baseUrl}, with default timeouts. */
  static SchemaRegistryClient create(String baseUrl) {
    return create(SchemaRegistryOptions.builder(baseUrl).build());
  }

  /** Returns an HTTP client configured by {@code options}. */
  static SchemaRegistryClient create(SchemaRegistryOptions options) {
    return new HttpSchemaRegistryClient(options);
  }

  /**
   * Registers {@code schema} under {@code subject}, or finds it if it is already registered there,
   * and returns its id. Fails with HTTP 409 if the subject's compatibility level rejects it.
   */
  int register(String subject, Schema schema);

  /**
   * Returns the id of {@code schema} if it is registered under {@code subject}, without registering
   * it. Fails with HTTP 404 if it is not.
   */
  int lookup(String subject, Schema schema);

  /**
   * Returns the schema with {@code id}. Schemas are immutable, so answers are cached: asking for
   * the same id again makes no request.
   *
   * @throws UnknownSchemaIdException if the registry does not know the id
   */
  Schema schemaById(int id);

  /** Sets the compatibility level of {@code subject}. */
  void setCompatibility(String subject, Compatibility compatibility);

  /**
   * Returns the compatibility level that applies to {@code subject}: its own level, or the
   * registry's global level if it has none.
   */
  Compatibility getCompatibility(String subject);

  /** Releases the client's resources. */
  @Override
  default void close() {}
}
