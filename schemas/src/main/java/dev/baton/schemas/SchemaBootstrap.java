package dev.baton.schemas;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Prepares the schema registry for a topic layout: for every topic, sets the value subject's
 * compatibility to BACKWARD and registers the value schema. Idempotent: running it again finds the
 * same ids. Run it before producers start, for example at coordinator start-up.
 *
 * <pre>{@code
 * Map<String, Integer> ids = SchemaBootstrap.run(TopicLayout.defaults(), registry);
 * // {"baton.commands-value"=1, "baton.worker-results-value"=2, ...}
 * }</pre>
 */
public final class SchemaBootstrap {

  /** The compatibility level Baton sets on every value subject. */
  public static final Compatibility POLICY = Compatibility.BACKWARD;

  private SchemaBootstrap() {}

  /**
   * Sets the policy on every value subject of {@code layout} and registers its schema.
   *
   * @return the schema id of every value subject, in topic order
   * @throws SchemaRegistryException if the registry fails, or rejects a schema as incompatible
   */
  public static Map<String, Integer> run(TopicLayout layout, SchemaRegistryClient registry) {
    Objects.requireNonNull(registry, "registry");
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (Topic<?, ?> topic : Topics.create(layout, registry).all()) {
      if (topic.valueSerde() instanceof AvroSerde<?> values) {
        ids.put(topic.valueSubject(), bootstrap(registry, topic.valueSubject(), values));
      }
    }
    return ids;
  }

  private static int bootstrap(SchemaRegistryClient registry, String subject, AvroSerde<?> values) {
    try {
      registry.setCompatibility(subject, POLICY);
    } catch (SchemaRegistryException e) {
      if (e.status() != 404) {
        throw e;
      }
      // Some registries (Apicurio) only configure subjects that exist. A first version needs no
      // compatibility check, so register it, then set the policy for the versions to come.
      int id = registry.register(subject, values.schema());
      setPolicyOfNewSubject(registry, subject);
      return id;
    }
    return registry.register(subject, values.schema());
  }

  /**
   * Sets the policy on a subject this process just created. Another process bootstrapping at the
   * same moment (two coordinators starting together) may have set it first, and Apicurio then
   * answers 409 (the rule exists): that is success if the policy is ours.
   */
  private static void setPolicyOfNewSubject(SchemaRegistryClient registry, String subject) {
    try {
      registry.setCompatibility(subject, POLICY);
    } catch (SchemaRegistryException e) {
      if (e.status() != 409 || registry.getCompatibility(subject) != POLICY) {
        throw e;
      }
    }
  }
}
