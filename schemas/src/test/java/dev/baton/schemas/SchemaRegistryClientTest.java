package dev.baton.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.Usage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientTest {

  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private final FakeRegistryServer server = new FakeRegistryServer();
  private final SchemaRegistryClient client =
      SchemaRegistryClient.create(
          SchemaRegistryOptions.builder(server.baseUrl())
              .requestTimeout(Duration.ofSeconds(1))
              .build());

  SchemaRegistryClientTest() throws IOException {}

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void shouldRegisterSchemaUnderSubjectAndReturnItsId() throws IOException {
    server.answer("POST", "subjects/baton.commands-value/versions", 200, "{\"id\":7}");

    int id = client.register("baton.commands-value", Command.getClassSchema());

    assertThat(id).isEqualTo(7);
    FakeRegistryServer.Request request = server.requests.getFirst();
    assertThat(request.contentType()).isEqualTo(CONTENT_TYPE);
    JsonNode body = new ObjectMapper().readTree(request.body());
    assertThat(body.path("schemaType").asText()).isEqualTo("AVRO");
    assertThat(new Schema.Parser().parse(body.path("schema").asText()))
        .isEqualTo(Command.getClassSchema());
  }

  @Test
  void shouldLookUpSchemaWithoutRegisteringIt() {
    server.answer(
        "POST", "subjects/baton.commands-value", 200, "{\"subject\":\"s\",\"id\":3,\"version\":1}");

    assertThat(client.lookup("baton.commands-value", Command.getClassSchema())).isEqualTo(3);
    assertThat(server.requests.getFirst().uri())
        .isEqualTo("/apis/ccompat/v7/subjects/baton.commands-value");
  }

  @Test
  void shouldFetchSchemaByIdOnceAndServeSecondLookupFromCache() {
    String schemaJson =
        new ObjectMapper()
            .createObjectNode()
            .put("schema", Usage.getClassSchema().toString())
            .toString();
    server.answer("GET", "schemas/ids/5", 200, schemaJson);

    Schema first = client.schemaById(5);
    Schema second = client.schemaById(5);

    assertThat(first).isEqualTo(Usage.getClassSchema());
    assertThat(second).isSameAs(first);
    assertThat(server.requests).hasSize(1);
  }

  @Test
  void shouldReportUnknownSchemaIdWithItsErrorCode() {
    server.answer(
        "GET", "schemas/ids/99", 404, "{\"error_code\":40403,\"message\":\"Schema 99 not found\"}");

    assertThatThrownBy(() -> client.schemaById(99))
        .isInstanceOfSatisfying(
            UnknownSchemaIdException.class,
            e -> {
              assertThat(e.schemaId()).isEqualTo(99);
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.errorCode()).isEqualTo(40403);
              assertThat(e.isRetryable()).isFalse();
            })
        .hasMessageContaining("Schema id 99 is not known")
        .hasMessageContaining(server.baseUrl() + "/schemas/ids/99");
  }

  @Test
  void shouldReportServerErrorAsRetryableWithStatusErrorCodeAndUrl() {
    server.answer(
        "POST",
        "subjects/s-value/versions",
        503,
        "{\"error_code\":50003,\"message\":\"Error while forwarding the request\"}");

    assertThatThrownBy(() -> client.register("s-value", Usage.getClassSchema()))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.isRetryable()).isTrue();
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.errorCode()).isEqualTo(50003);
              assertThat(e.method()).isEqualTo("POST");
              assertThat(e.url()).hasToString(server.baseUrl() + "/subjects/s-value/versions");
            })
        .hasMessageContaining("HTTP 503, error_code 50003")
        .hasMessageContaining("Error while forwarding the request")
        .hasMessageContaining("(retryable)");
  }

  @Test
  void shouldReportClientErrorAsNotRetryable() {
    server.answer(
        "POST",
        "subjects/s-value/versions",
        409,
        "{\"error_code\":409,\"message\":\"Schema being registered is incompatible\"}");

    assertThatThrownBy(() -> client.register("s-value", Usage.getClassSchema()))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.status()).isEqualTo(409);
              assertThat(e.errorCode()).isEqualTo(409);
            })
        .hasMessageContaining("incompatible")
        .hasMessageContaining("(not retryable)");
    assertThat(server.requests).hasSize(1);
  }

  @Test
  void shouldTryAgainWhenTheRegistryDropsTheConnectionWithoutAnAnswer() {
    server
        .answer("GET", "schemas/ids/1", 200, "{\"schema\":\"\\\"string\\\"\"}")
        .fail("GET", "schemas/ids/1", 3, FakeRegistryServer.CUT);

    assertThat(client.schemaById(1).getType()).isEqualTo(Schema.Type.STRING);
    assertThat(server.requests).hasSize(4);
  }

  @Test
  void shouldTryAgainAfterARetryableStatus() {
    server
        .answer("POST", "subjects/s-value/versions", 200, "{\"id\":7}")
        .fail("POST", "subjects/s-value/versions", 2, 503);

    assertThat(client.register("s-value", Usage.getClassSchema())).isEqualTo(7);
    assertThat(server.requests).hasSize(3);
  }

  @Test
  void shouldReportTheLastRetryableFailureWhenTheTimeoutRunsOutWithTheEarlierOnesSuppressed() {
    server.fail("GET", "schemas/ids/1", Integer.MAX_VALUE, 503);

    assertThatThrownBy(() -> client.schemaById(1))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.isRetryable()).isTrue();
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.getSuppressed()).hasSize(server.requests.size() - 1);
            });
    assertThat(server.requests).hasSizeGreaterThan(2);
  }

  @Test
  void shouldKeepNonJsonErrorBodyInMessage() {
    server.answer("GET", "schemas/ids/1", 502, "<html>Bad Gateway</html>");

    assertThatThrownBy(() -> client.schemaById(1))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.NONE);
              assertThat(e.isRetryable()).isTrue();
            })
        .hasMessageContaining("HTTP 502: <html>Bad Gateway</html>");
  }

  @Test
  void shouldReportUnreachableRegistryAsRetryableIoError() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort + "/apis/ccompat/v7";
    SchemaRegistryOptions options =
        SchemaRegistryOptions.builder(url).requestTimeout(Duration.ofSeconds(1)).build();
    try (SchemaRegistryClient unreachable = SchemaRegistryClient.create(options)) {

      assertThatThrownBy(() -> unreachable.getCompatibility("s-value"))
          .isInstanceOfSatisfying(
              SchemaRegistryException.class,
              e -> {
                assertThat(e.isRetryable()).isTrue();
                assertThat(e.status()).isEqualTo(SchemaRegistryException.NONE);
              })
          .hasMessageContaining("failed without a response")
          .hasMessageContaining(url + "/config/s-value");
    }
  }

  @Test
  void shouldReportMalformedSuccessResponse() {
    server.answer("POST", "subjects/s-value/versions", 200, "{\"version\":1}");

    assertThatThrownBy(() -> client.register("s-value", Usage.getClassSchema()))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("no integer field id");
  }

  @Test
  void shouldSetSubjectCompatibility() throws IOException {
    server.answer("PUT", "config/s-value", 200, "{\"compatibility\":\"BACKWARD\"}");

    client.setCompatibility("s-value", Compatibility.BACKWARD);

    FakeRegistryServer.Request request = server.requests.getFirst();
    assertThat(request.method()).isEqualTo("PUT");
    assertThat(request.contentType()).isEqualTo(CONTENT_TYPE);
    assertThat(new ObjectMapper().readTree(request.body()).path("compatibility").asText())
        .isEqualTo("BACKWARD");
  }

  @Test
  void shouldReadEffectiveCompatibilityInEitherFieldName() {
    server.answer(
        "GET", "config/a-value?defaultToGlobal=true", 200, "{\"compatibilityLevel\":\"FULL\"}");
    server.answer(
        "GET", "config/b-value?defaultToGlobal=true", 200, "{\"compatibility\":\"BACKWARD\"}");

    assertThat(client.getCompatibility("a-value")).isEqualTo(Compatibility.FULL);
    assertThat(client.getCompatibility("b-value")).isEqualTo(Compatibility.BACKWARD);
  }

  @Test
  void shouldTimeOutSlowRequestAsRetryable() {
    server.hang("GET", "schemas/ids/1");
    SchemaRegistryOptions options =
        SchemaRegistryOptions.builder(server.baseUrl())
            .requestTimeout(Duration.ofMillis(200))
            .build();
    try (SchemaRegistryClient impatient = SchemaRegistryClient.create(options)) {

      assertThatThrownBy(() -> impatient.schemaById(1))
          .isInstanceOfSatisfying(
              SchemaRegistryException.class, e -> assertThat(e.isRetryable()).isTrue())
          .hasMessageContaining("timed out");
    }
  }

  @Test
  void shouldRejectOptionsThatCannotWork() {
    assertThatThrownBy(() -> SchemaRegistryOptions.builder("ftp://registry").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http or https");
    assertThatThrownBy(
            () ->
                SchemaRegistryOptions.builder("http://registry")
                    .requestTimeout(Duration.ZERO)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requestTimeout must be positive");
  }
}
