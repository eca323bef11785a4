package dev.baton.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.schemas.KafkaConnection;
import dev.baton.schemas.RegistryAuth;
import org.junit.jupiter.api.Test;

class CoordinatorConfigTest {

  @Test
  void shouldShowNoSecretOfKafkaTheRegistryOrRedis() {
    CoordinatorConfig config =
        CoordinatorConfig.builder()
            .kafka(
                KafkaConnection.builder("broker:9093")
                    .property(
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required"
                            + " username=\"coordinator\" password=\"kafka-s3cret\";")
                    .build())
            .registryUrl("https://baton:registry-s3cret@registry/apis/ccompat/v7")
            .redisUri("redis://baton:redis-s3cret@redis:6379")
            .build();

    assertThat(config.toString())
        .contains("username=\"coordinator\"", "redis://baton:***@redis:6379", "baton:***")
        .doesNotContain("s3cret");
    assertThat(config.registry().auth()).isEqualTo(RegistryAuth.basic("baton", "registry-s3cret"));
    assertThat(config.registryUrl()).isEqualTo("https://registry/apis/ccompat/v7/");
    assertThat(config.kafkaBootstrap()).isEqualTo("broker:9093");
  }

  @Test
  void shouldRefuseAMissingKafkaOrRegistryNamingTheSetting() {
    assertThatThrownBy(
            () -> CoordinatorConfig.builder().registryUrl("http://r").redisUri("redis://r").build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafka.bootstrap");
    assertThatThrownBy(() -> CoordinatorConfig.builder().registryUrl("ftp://u:s3cret@r"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("registry.url")
        .message()
        .doesNotContain("s3cret");
  }
}
