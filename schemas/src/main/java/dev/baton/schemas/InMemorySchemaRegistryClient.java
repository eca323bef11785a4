package dev.baton.schemas;

import dev.baton.schemas.internal.AvroCompatibility;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * A schema registry in memory, for tests that run without a registry (for example with Kafka's
 * {@code TopologyTestDriver}). It behaves like the Confluent registry: ids are shared by equal
 * schemas across subjects, compatibility is checked on register (BACKWARD by default), and errors
 * carry the same HTTP statuses and error codes. Thread-safe.
 *
 * <p>{@code Topics topics = Topics.create(TopicLayout.defaults(), new
 * InMemorySchemaRegistryClient());}
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

  private static final URI URL = URI.create("mem://schema-registry/");

  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final Map<Schema, Integer> idsBySchema = new HashMap<>();
  private final Map<String, List<Schema>> versionsBySubject = new HashMap<>();
  private final Map<String, Compatibility> compatibilityBySubject = new HashMap<>();
  private Compatibility globalCompatibility = Compatibility.BACKWARD;

  @Override
  public synchronized int register(String subject, Schema schema) {
    List<Schema> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
    if (!versions.contains(schema)) {
      List<String> problems =
          AvroCompatibility.problems(getCompatibility(subject), schema, versions);
      if (!problems.isEmpty()) {
        throw error("POST", "subjects/" + subject + "/versions", 409, 409, problems.toString());
      }
      versions.add(schema);
    }
    return idsBySchema.computeIfAbsent(schema, this::newId);
  }

  @Override
  public synchronized int lookup(String subject, Schema schema) {
    if (!versionsBySubject.getOrDefault(subject, List.of()).contains(schema)) {
      throw error("POST", "subjects/" + subject, 404, 40403, "Schema not found");
    }
    return idsBySchema.get(schema);
  }

  @Override
  public synchronized Schema schemaById(int id) {
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw UnknownSchemaIdException.of(
          id, error("GET", "schemas/ids/" + id, 404, 40403, "Schema not found"));
    }
    return schema;
  }

  @Override
  public synchronized void setCompatibility(String subject, Compatibility compatibility) {
    compatibilityBySubject.put(subject, compatibility);
  }

  @Override
  public synchronized Compatibility getCompatibility(String subject) {
    return compatibilityBySubject.getOrDefault(subject, globalCompatibility);
  }

  /** Sets the level that applies to subjects without their own; BACKWARD by default. */
  public synchronized void setGlobalCompatibility(Compatibility compatibility) {
    globalCompatibility = compatibility;
  }

  /** The subjects that have at least one version. */
  public synchronized List<String> subjects() {
    return versionsBySubject.entrySet().stream()
        .filter(entry -> !entry.getValue().isEmpty())
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  private int newId(Schema schema) {
    int id = schemasById.size() + 1;
    schemasById.put(id, schema);
    return id;
  }

  private static SchemaRegistryException error(
      String method, String path, int status, int errorCode, String message) {
    return SchemaRegistryException.httpError(method, URL.resolve(path), status, errorCode, message);
  }
}
