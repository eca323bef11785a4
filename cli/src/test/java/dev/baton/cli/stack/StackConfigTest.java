package dev.baton.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.coordinator.ConfigException;
import dev.baton.schemas.RegistryAuth;
import dev.baton.schemas.TopicLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackConfigTest {

  private static final Path DIST = Path.of("apicurio");

  @Test
  void shouldEmbedEverythingByDefault() {
    StackConfig config = StackConfig.builder().registryDistribution(DIST).build();

    assertThat(config.kafkaBootstrap()).isEmpty();
    assertThat(config.redisUri()).isEmpty();
    assertThat(config.registryUrl()).isEmpty();
    assertThat(config.registryDistribution()).contains(DIST);
    assertThat(config.topicLayout()).isEqualTo(TopicLayout.defaults());
    assertThat(config.shareGroupId()).isEqualTo(StackConfig.DEFAULT_SHARE_GROUP_ID);
    assertThat(config.replicationFactor()).isEqualTo(StackConfig.DEFAULT_REPLICATION_FACTOR);
    assertThat(config.startTimeout()).isEqualTo(StackConfig.DEFAULT_START_TIMEOUT);
  }

  @Test
  void shouldKeepExternalAddresses() {
    StackConfig config =
        StackConfig.builder()
            .kafkaBootstrap("kafka-1:9092, kafka-2:9092")
            .redisUri("rediss://user:secret@cache:6380/2")
            .registryUrl("http://registry:8081/")
            .build();

    assertThat(config.kafkaBootstrap()).contains("kafka-1:9092,kafka-2:9092");
    assertThat(config.redisUri()).contains("rediss://user:secret@cache:6380/2");
    assertThat(config.registryUrl()).contains("http://registry:8081");
    assertThat(config.registryDistribution()).isEmpty();
    assertThat(config.toString()).doesNotContain("secret");
  }

  @Test
  void shouldRoundTripThroughToBuilder() {
    StackConfig config =
        StackConfig.builder()
            .registryDistribution(DIST)
            .shareGroupId("g")
            .replicationFactor(3)
            .build();

    StackConfig copy = config.toBuilder().build();

    assertThat(copy.shareGroupId()).isEqualTo("g");
    assertThat(copy.replicationFactor()).isEqualTo(3);
    assertThat(copy.registryDistribution()).contains(DIST);
  }

  @Test
  void shouldRejectBadBootstrapServersNamingKeyValueAndAllowed() {
    assertThatThrownBy(() -> StackConfig.builder().kafkaBootstrap("localhost"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Invalid value 'localhost' for setting 'kafkaBootstrap': expected comma-separated host:port pairs with ports from 1 to 65535");
    assertThatThrownBy(() -> StackConfig.builder().kafkaBootstrap("host:0"))
        .hasMessageContaining("'host:0'");
  }

  @Test
  void shouldRejectAnUriOfTheWrongSchemeWithoutPrintingItsPassword() {
    assertThatThrownBy(() -> StackConfig.builder().redisUri("http://u:secret@cache:6379"))
        .hasMessageContaining("'redisUri'")
        .hasMessageContaining("redis or rediss")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> StackConfig.builder().registryUrl("registry:8081"))
        .hasMessageContaining("'registryUrl'");
  }

  @Test
  void shouldGiveAnExternalKafkaItsClientConfigsAndRefuseThemForTheEmbeddedOne() {
    StackConfig external =
        StackConfig.builder()
            .kafkaBootstrap("kafka-1:9093")
            .kafkaProperties(
                Map.of("security.protocol", "SASL_SSL", "ssl.truststore.password", "s3cret"))
            .registryUrl("https://registry:8081")
            .registryAuth(RegistryAuth.bearer("t0ken"))
            .build();

    assertThat(external.kafka("kafka-1:9093").properties())
        .containsEntry("security.protocol", "SASL_SSL");
    assertThat(external.registry("https://registry:8081").auth())
        .isEqualTo(RegistryAuth.bearer("t0ken"));
    assertThat(external.toString()).doesNotContain("s3cret", "t0ken");
    assertThatThrownBy(
            () ->
                StackConfig.builder()
                    .registryDistribution(Path.of("apicurio"))
                    .kafkaProperties(Map.of("security.protocol", "SSL"))
                    .build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("embedded broker");
  }

  @Test
  void shouldRejectBadNumbersAndNames() {
    assertThatThrownBy(() -> StackConfig.builder().replicationFactor(0))
        .hasMessageContaining("'replicationFactor'");
    assertThatThrownBy(() -> StackConfig.builder().startTimeout(Duration.ZERO))
        .hasMessageContaining("'startTimeout'");
    assertThatThrownBy(() -> StackConfig.builder().shareGroupId(" "))
        .hasMessageContaining("'shareGroupId'");
  }

  @Test
  void shouldRequireADistributionForTheEmbeddedRegistry() {
    String saved = System.clearProperty(StackConfig.REGISTRY_DISTRIBUTION_PROPERTY);
    try {
      assertThatThrownBy(() -> StackConfig.builder().build())
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("'registryDistribution'")
          .hasMessageContaining(StackConfig.REGISTRY_DISTRIBUTION_PROPERTY);
      assertThat(StackConfig.builder().registryUrl("http://r:8081").build().registryDistribution())
          .isEmpty();
    } finally {
      if (saved != null) {
        System.setProperty(StackConfig.REGISTRY_DISTRIBUTION_PROPERTY, saved);
      }
    }
  }
}
