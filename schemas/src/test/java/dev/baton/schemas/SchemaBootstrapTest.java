package dev.baton.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.schemas.avro.Command;
import java.net.URI;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class SchemaBootstrapTest {

  private final TopicLayout layout = TopicLayout.defaults();

  @Test
  void shouldSetBackwardAndRegisterEveryValueSubject() {
    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    registry.setGlobalCompatibility(Compatibility.NONE);

    Map<String, Integer> ids = SchemaBootstrap.run(layout, registry);

    assertThat(ids.keySet())
        .containsExactly(
            "baton.commands-value",
            "baton.worker-results-value",
            "baton.assignments-value",
            "baton.session-events-value",
            "baton.turn-stream-value",
            "baton.turn-signals-value",
            "baton-coordinator-history-changelog-value",
            "baton.tokens-value");
    ids.forEach(
        (subject, id) -> {
          assertThat(registry.getCompatibility(subject)).isEqualTo(Compatibility.BACKWARD);
          assertThat(registry.schemaById(id)).isNotNull();
        });
    assertThat(registry.schemaById(ids.get("baton.commands-value")))
        .isEqualTo(Command.getClassSchema());
  }

  @Test
  void shouldBeIdempotent() {
    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    Map<String, Integer> first = SchemaBootstrap.run(layout, registry);
    Map<String, Integer> second = SchemaBootstrap.run(layout, registry);

    assertThat(second).isEqualTo(first);
  }

  @Test
  void shouldRegisterFirstWhenRegistryOnlyConfiguresExistingSubjects() {
    ConfiguresOnlyExistingSubjects registry = new ConfiguresOnlyExistingSubjects();

    Map<String, Integer> ids = SchemaBootstrap.run(layout, registry);

    assertThat(ids).hasSize(layout.specs().size());
    assertThat(registry.delegate.getCompatibility("baton.commands-value"))
        .isEqualTo(Compatibility.BACKWARD);
  }

  @Test
  void shouldFailWhenRegistryRejectsSchemaAsIncompatible() {
    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    Schema unrelated =
        SchemaBuilder.record("dev.baton.schemas.avro.Command")
            .fields()
            .requiredInt("other")
            .endRecord();
    registry.register("baton.commands-value", unrelated);

    assertThatThrownBy(() -> SchemaBootstrap.run(layout, registry))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(409))
        .hasMessageContaining("baton.commands-value");
  }

  /** Answers 404 to a compatibility update of a subject without versions, as Apicurio may. */
  @Test
  void shouldAcceptThePolicySetMeanwhileByAnotherBootstrap() {
    RacingBootstrap registry = new RacingBootstrap();

    Map<String, Integer> ids = SchemaBootstrap.run(layout, registry);

    assertThat(ids).hasSize(layout.specs().size());
    assertThat(registry.conflicts).isEqualTo(layout.specs().size());
  }

  /**
   * Like Apicurio while another coordinator bootstraps at the same moment: a new subject's policy
   * was set by the other process between our register and our set, so setting it is a 409.
   */
  private static final class RacingBootstrap extends ConfiguresOnlyExistingSubjects {
    private int conflicts;

    @Override
    public void setCompatibility(String subject, Compatibility compatibility) {
      super.setCompatibility(subject, compatibility);
      if (delegate.subjects().contains(subject)) {
        conflicts++;
        throw SchemaRegistryException.httpError(
            "PUT", URI.create("mem://registry/config/" + subject), 409, 409, "rule exists");
      }
    }
  }

  private static class ConfiguresOnlyExistingSubjects extends ForwardingRegistry {

    @Override
    public void setCompatibility(String subject, Compatibility compatibility) {
      if (!delegate.subjects().contains(subject)) {
        throw SchemaRegistryException.httpError(
            "PUT", URI.create("mem://registry/config/" + subject), 404, 40401, "Subject not found");
      }
      delegate.setCompatibility(subject, compatibility);
    }
  }
}
