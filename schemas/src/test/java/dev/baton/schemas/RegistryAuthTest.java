package dev.baton.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry client's credentials, against a server that requires them. */
class RegistryAuthTest {

  private static final String SECRET = "pa:ss@w0rd";

  private final FakeRegistryServer server =
      new FakeRegistryServer()
          .answer("GET", "schemas/ids/1", 200, "{\"schema\":\"\\\"string\\\"\"}");

  RegistryAuthTest() throws IOException {}

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void shouldSendBasicAuthentication() {
    server.requireAuthorization(basic("baton", SECRET));
    SchemaRegistryOptions options =
        SchemaRegistryOptions.builder(server.baseUrl())
            .auth(RegistryAuth.basic("baton:" + SECRET))
            .build();
    try (SchemaRegistryClient client = SchemaRegistryClient.create(options)) {
      assertThat(client.schemaById(1).getType().getName()).isEqualTo("string");
    }
  }

  @Test
  void shouldTakeBasicAuthenticationFromTheUrlAndLeaveItOutOfTheUrl() {
    server.requireAuthorization(basic("baton", SECRET));
    String url = server.baseUrl().replace("http://", "http://baton:pa%3Ass%40w0rd@");
    SchemaRegistryOptions options = SchemaRegistryOptions.builder(url).build();

    assertThat(options.auth()).isEqualTo(RegistryAuth.basic("baton", SECRET));
    assertThat(options.baseUrl().toString()).isEqualTo(server.baseUrl() + "/");
    try (SchemaRegistryClient client = SchemaRegistryClient.create(url)) {
      assertThat(client.schemaById(1).getType().getName()).isEqualTo("string");
    }
  }

  @Test
  void shouldSendBearerToken() {
    server.requireAuthorization("Bearer t0ken");
    SchemaRegistryOptions options =
        SchemaRegistryOptions.builder(server.baseUrl()).auth(RegistryAuth.bearer("t0ken")).build();
    try (SchemaRegistryClient client = SchemaRegistryClient.create(options)) {
      assertThat(client.schemaById(1).getType().getName()).isEqualTo("string");
    }
  }

  @Test
  void shouldFailWithoutCredentialsAsNotRetryableAndNameNoSecret() {
    server.requireAuthorization("Bearer t0ken");
    try (SchemaRegistryClient client =
        SchemaRegistryClient.create(
            SchemaRegistryOptions.builder(server.baseUrl())
                .auth(RegistryAuth.bearer("wr0ng"))
                .build())) {
      assertThatThrownBy(() -> client.schemaById(1))
          .isInstanceOfSatisfying(
              SchemaRegistryException.class,
              e -> {
                assertThat(e.status()).isEqualTo(401);
                assertThat(e.isRetryable()).isFalse();
              })
          .message()
          .doesNotContain("wr0ng");
    }
    assertThat(server.requests).extracting(r -> r.authorization()).containsOnly("Bearer wr0ng");
  }

  @Test
  void shouldShowNoSecret() {
    SchemaRegistryOptions options =
        SchemaRegistryOptions.builder("https://baton:" + "s3cret@registry:8081/apis/ccompat/v7")
            .build();
    assertThat(options.toString()).contains("baton:***").doesNotContain("s3cret");
    assertThat(RegistryAuth.bearer("t0ken").toString()).doesNotContain("t0ken");
    assertThatThrownBy(() -> SchemaRegistryOptions.builder("http://baton:s3cret@reg istry").build())
        .message()
        .contains("baton:***")
        .doesNotContain("s3cret");
  }

  @Test
  void shouldRejectCredentialsGivenTwiceOrMalformed() {
    assertThatThrownBy(
            () ->
                SchemaRegistryOptions.builder("https://a:b@registry")
                    .auth(RegistryAuth.bearer("t"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("give them once")
        .message()
        .doesNotContain(":b@");
    assertThatThrownBy(() -> RegistryAuth.basic("no-colon-s3cret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be user:password")
        .message()
        .doesNotContain("s3cret");
    assertThatThrownBy(() -> RegistryAuth.bearer(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  private static String basic(String user, String password) {
    String credentials = user + ":" + password;
    return "Basic "
        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }
}
