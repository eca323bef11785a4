package dev.baton.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryClientTest {

  private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

  private static Schema usage(boolean withOutputTokens, boolean withDefault) {
    var fields = SchemaBuilder.record("Usage").namespace("test").fields().requiredLong("input");
    if (withOutputTokens) {
      fields =
          withDefault
              ? fields.name("output").type().longType().longDefault(0)
              : fields.requiredLong("output");
    }
    return fields.endRecord();
  }

  @Test
  void shouldGiveEqualSchemasTheSameIdAcrossSubjects() {
    int first = registry.register("a-value", usage(false, false));
    int again = registry.register("a-value", usage(false, false));
    int other = registry.register("b-value", usage(false, false));

    assertThat(again).isEqualTo(first);
    assertThat(other).isEqualTo(first);
    assertThat(registry.lookup("b-value", usage(false, false))).isEqualTo(first);
  }

  @Test
  void shouldAcceptBackwardCompatibleVersionWithNewId() {
    int v1 = registry.register("a-value", usage(false, false));
    int v2 = registry.register("a-value", usage(true, true));

    assertThat(v2).isNotEqualTo(v1);
    assertThat(registry.schemaById(v2)).isEqualTo(usage(true, true));
  }

  @Test
  void shouldRejectIncompatibleVersionWithHttp409() {
    registry.register("a-value", usage(false, false));

    assertThatThrownBy(() -> registry.register("a-value", usage(true, false)))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.status()).isEqualTo(409);
              assertThat(e.isRetryable()).isFalse();
            })
        .hasMessageContaining("Usage.output")
        .hasMessageContaining("without a default");
  }

  @Test
  void shouldSkipCheckWhenSubjectCompatibilityIsNone() {
    registry.register("a-value", usage(false, false));
    registry.setCompatibility("a-value", Compatibility.NONE);

    assertThat(registry.register("a-value", usage(true, false))).isPositive();
    assertThat(registry.getCompatibility("b-value")).isEqualTo(Compatibility.BACKWARD);
  }

  @Test
  void shouldReportUnknownIdAndUnregisteredSchema() {
    assertThatThrownBy(() -> registry.schemaById(12)).isInstanceOf(UnknownSchemaIdException.class);
    assertThatThrownBy(() -> registry.lookup("a-value", usage(false, false)))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
  }
}
