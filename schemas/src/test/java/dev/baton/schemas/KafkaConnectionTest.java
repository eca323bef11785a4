package dev.baton.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaConnectionTest {

  private static final String JAAS =
      "org.apache.kafka.common.security.scram.ScramLoginModule required"
          + " username=\"baton\" password=\"s3cret\";";

  @Test
  void shouldGiveEveryClientThePropertiesAndTheBootstrapServers() {
    KafkaConnection kafka =
        KafkaConnection.builder("b-1:9093,b-2:9093")
            .property("security.protocol", "SASL_SSL")
            .property("sasl.mechanism", "SCRAM-SHA-512")
            .property("sasl.jaas.config", JAAS)
            .build();

    assertThat(kafka.clientConfig())
        .containsEntry("bootstrap.servers", "b-1:9093,b-2:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config", JAAS)
        .hasSize(4);
    assertThat(kafka.properties().keySet())
        .containsExactly("security.protocol", "sasl.mechanism", "sasl.jaas.config");
    assertThat(KafkaConnection.of("b-1:9093").clientConfig())
        .isEqualTo(Map.of("bootstrap.servers", "b-1:9093"));
  }

  @Test
  void shouldShowNoSecret() {
    KafkaConnection kafka =
        KafkaConnection.builder("b:9093")
            .property("sasl.jaas.config", JAAS)
            .property("ssl.truststore.password", "s3cret")
            .build();

    assertThat(kafka.toString()).contains("username=\"baton\"").doesNotContain("s3cret");
  }

  @Test
  void shouldRefuseTheConfigsBatonSetsItself() {
    assertThatThrownBy(() -> KafkaConnection.builder("b:9092").property("bootstrap.servers", "x:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Kafka property bootstrap.servers=x:1 is invalid: must be a config")
        .hasMessageContaining("Baton does not set itself");
    assertThatThrownBy(
            () -> KafkaConnection.builder("b:9092").property("value.serializer", "my.Serializer"))
        .hasMessageContaining("value.serializer=my.Serializer");
  }

  @Test
  void shouldRefuseAKeyThatIsNoKafkaClientConfig() {
    assertThatThrownBy(() -> KafkaConnection.builder("b:9092").property("security.protocl", "SSL"))
        .hasMessage(
            "Kafka property security.protocl=SSL is invalid: must be a Kafka producer, consumer or"
                + " admin client config (security.protocl is none)");
  }

  @Test
  void shouldRefuseAValueKafkaRefusesAndNameIt() {
    assertThatThrownBy(() -> KafkaConnection.builder("b:9092").property("security.protocol", "TLS"))
        .hasMessageStartingWith("Kafka property security.protocol=TLS is invalid: must be a valid")
        .hasMessageContaining("SASL_SSL");
    assertThatThrownBy(() -> KafkaConnection.builder("b:9092").property("linger.ms", "soon"))
        .hasMessageContaining("linger.ms=soon");
  }

  @Test
  void shouldRefuseAJaasConfigThatDoesNotParseWithoutShowingIt() {
    assertThatThrownBy(
            () ->
                KafkaConnection.builder("b:9092")
                    .property(
                        "sasl.jaas.config", "ScramLoginModule username=\"a\" password=\"s3cret\""))
        .hasMessageStartingWith("Kafka property sasl.jaas.config=")
        .message()
        .doesNotContain("s3cret");
  }

  @Test
  void shouldRefuseBlankBootstrapServers() {
    assertThatThrownBy(() -> KafkaConnection.of(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
