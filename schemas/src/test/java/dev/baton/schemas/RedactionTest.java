package dev.baton.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void shouldMaskThePasswordOfEveryUriAndKeepTheRest() {
    assertThat(Redaction.uri("redis://default:s3cret@redis:6379/0"))
        .isEqualTo("redis://default:***@redis:6379/0");
    assertThat(Redaction.uri("rediss://:s3cret@redis:6380")).isEqualTo("rediss://:***@redis:6380");
    assertThat(Redaction.uri("redis://s3cret@redis:6379"))
        .as("a Redis URI reads user information without a colon as a password")
        .isEqualTo("redis://***@redis:6379");
    assertThat(Redaction.uri("http://baton:p@ss@registry:8081/apis/ccompat/v7"))
        .isEqualTo("http://baton:***@registry:8081/apis/ccompat/v7");
    assertThat(Redaction.uri("connect with --redis redis://u:a@h:1 --registry http://v:b@g:2"))
        .isEqualTo("connect with --redis redis://u:***@h:1 --registry http://v:***@g:2");
  }

  @Test
  void shouldLeaveAddressesWithoutUserInformationAsTheyAre() {
    assertThat(Redaction.uri("redis://127.0.0.1:6379")).isEqualTo("redis://127.0.0.1:6379");
    assertThat(Redaction.uri("broker-1:9092,broker-2:9092"))
        .isEqualTo("broker-1:9092,broker-2:9092");
    assertThat(Redaction.uri("http://registry:8081/path?a=b@c"))
        .isEqualTo("http://registry:8081/path?a=b@c");
  }

  @Test
  void shouldMaskThePasswordsOfAJaasConfigAndKeepItsOtherOptions() {
    assertThat(
            Redaction.kafkaProperty(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required"
                    + " username=\"alice\" password=\"s3cr\\\"et\";"))
        .isEqualTo(
            "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"alice\" password=\"***\";");
    assertThat(
            Redaction.kafkaProperty(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required"
                    + " clientId=baton clientSecret=s3cret scope=\"kafka\";"))
        .isEqualTo(
            "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required"
                + " clientId=baton clientSecret=*** scope=\"kafka\";");
  }

  @Test
  void shouldMaskEverySecretKafkaConfigAndKeepTheOthers() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("security.protocol", "SASL_SSL");
    properties.put("ssl.truststore.password", "s3cret");
    properties.put("ssl.keystore.password", "s3cret");
    properties.put("ssl.key.password", "s3cret");
    properties.put("ssl.keystore.key", "-----BEGIN PRIVATE KEY----- s3cret");
    properties.put("sasl.oauthbearer.token.endpoint.url", "https://id:s3cret@idp/token");
    properties.put("my.plugin.client.secret", "s3cret");

    Map<String, String> shown = Redaction.kafkaProperties(properties);

    assertThat(shown).containsEntry("security.protocol", "SASL_SSL");
    assertThat(shown)
        .containsEntry("sasl.oauthbearer.token.endpoint.url", "https://id:***@idp/token");
    assertThat(shown.toString()).doesNotContain("s3cret");
    assertThat(shown.keySet()).containsExactlyElementsOf(properties.keySet());
  }

  @Test
  void shouldMaskThePasswordOfUserAndPassword() {
    assertThat(Redaction.userAndPassword("baton:s3:cret")).isEqualTo("baton:***");
    assertThat(Redaction.userAndPassword("s3cret")).isEqualTo("***");
  }
}
