package dev.baton.schemas.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.schemas.Compatibility;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.SchemaRegistryException;
import dev.baton.schemas.SchemaRegistryOptions;
import dev.baton.schemas.UnknownSchemaIdException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/** The Confluent Schema Registry REST API over {@link HttpClient}. */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final String ACCEPT =
      CONTENT_TYPE + ", application/vnd.schemaregistry+json; q=0.9, application/json; q=0.5";

  private final SchemaRegistryOptions options;
  private final HttpClient http;
  private final Map<Integer, CompletableFuture<Schema>> schemasById = new ConcurrentHashMap<>();

  /** Creates a client; use {@link SchemaRegistryClient#create(SchemaRegistryOptions)}. */
  public HttpSchemaRegistryClient(SchemaRegistryOptions options) {
    this.options = options;
    this.http = HttpClient.newBuilder().connectTimeout(options.connectTimeout()).build();
  }

  @Override
  public int register(String subject, Schema schema) {
    Response response =
        send(
            "POST",
            "subjects/" + encode(subject) + "/versions",
            RegistryJson.schemaRequest(schema));
    return response.intField("id");
  }

  @Override
  public int lookup(String subject, Schema schema) {
    Response response =
        send("POST", "subjects/" + encode(subject), RegistryJson.schemaRequest(schema));
    return response.intField("id");
  }

  @Override
  public Schema schemaById(int id) {
    return Caches.getOrCompute(schemasById, id, this::fetchSchema);
  }

  @Override
  public void setCompatibility(String subject, Compatibility compatibility) {
    send("PUT", "config/" + encode(subject), RegistryJson.compatibilityRequest(compatibility));
  }

  @Override
  public Compatibility getCompatibility(String subject) {
    Response response = send("GET", "config/" + encode(subject) + "?defaultToGlobal=true", null);
    // Confluent answers "compatibilityLevel"; some registries answer "compatibility".
    String level =
        response.json().has("compatibilityLevel")
            ? response.textField("compatibilityLevel")
            : response.textField("compatibility");
    try {
      return Compatibility.valueOf(level);
    } catch (IllegalArgumentException e) {
      throw response.malformed("unknown compatibility level " + level, e);
    }
  }

  @Override
  public void close() {
    http.close();
  }

  private Schema fetchSchema(int id) {
    Response response;
    try {
      response = send("GET", "schemas/ids/" + id, null);
    } catch (SchemaRegistryException e) {
      if (e.status() == 404) {
        throw UnknownSchemaIdException.of(id, e);
      }
      throw e;
    }
    String text = response.textField("schema");
    try {
      return new Schema.Parser().parse(text);
    } catch (SchemaParseException e) {
      throw response.malformed(
          "schema " + id + " is not a valid Avro schema: " + e.getMessage(), e);
    }
  }

  /**
   * Sends the request, and again after a transient failure (no answer, or a retryable HTTP status)
   * while the options' request timeout, which bounds the whole call, allows. Every request the
   * client makes may be repeated: reads, registering a schema (the registry answers the same id for
   * the same schema) and setting a level.
   */
  private Response send(String method, String path, String body) {
    URI url = options.baseUrl().resolve(path);
    RegistryRetries retries = RegistryRetries.within(options.requestTimeout());
    List<SchemaRegistryException> earlier = new ArrayList<>();
    while (true) {
      try {
        return attempt(method, url, body, retries.attemptTimeout());
      } catch (SchemaRegistryException e) {
        if (!e.isRetryable() || !pauseBeforeRetry(retries, method, url)) {
          earlier.forEach(e::addSuppressed);
          throw e;
        }
        earlier.add(e);
      }
    }
  }

  private static boolean pauseBeforeRetry(RegistryRetries retries, String method, URI url) {
    try {
      return retries.pauseBeforeRetry();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SchemaRegistryException.interrupted(method, url, e);
    }
  }

  private Response attempt(String method, URI url, String body, Duration timeout) {
    HttpRequest request = request(method, url, body, timeout);
    HttpResponse<String> response;
    try {
      response = http.send(request, BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw SchemaRegistryException.ioError(method, url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SchemaRegistryException.interrupted(method, url, e);
    }
    return Response.of(method, url, response.statusCode(), response.body());
  }

  private HttpRequest request(String method, URI url, String body, Duration timeout) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(url).timeout(timeout).header("Accept", ACCEPT);
    options.auth().authorization().ifPresent(value -> builder.header("Authorization", value));
    if (body == null) {
      return builder.method(method, BodyPublishers.noBody()).build();
    }
    return builder
        .header("Content-Type", CONTENT_TYPE)
        .method(method, BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build();
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A successful response whose body is a JSON object. */
  private record Response(String method, URI url, int status, String body, JsonNode json) {

    static Response of(String method, URI url, int status, String body) {
      if (status < 200 || status >= 300) {
        throw SchemaRegistryException.httpError(
            method, url, status, RegistryJson.errorCode(body), RegistryJson.errorMessage(body));
      }
      JsonNode json = RegistryJson.parse(body).filter(JsonNode::isObject).orElse(null);
      if (json == null) {
        throw SchemaRegistryException.malformedResponse(
            method, url, status, "not a JSON object: " + RegistryJson.abbreviate(body), null);
      }
      return new Response(method, url, status, body, json);
    }

    int intField(String name) {
      JsonNode field = json.path(name);
      if (!field.canConvertToInt() || !field.isIntegralNumber()) {
        throw malformed("no integer field " + name + " in " + RegistryJson.abbreviate(body), null);
      }
      return field.intValue();
    }

    String textField(String name) {
      JsonNode field = json.path(name);
      if (!field.isTextual()) {
        throw malformed("no text field " + name + " in " + RegistryJson.abbreviate(body), null);
      }
      return field.textValue();
    }

    SchemaRegistryException malformed(String problem, Throwable cause) {
      return SchemaRegistryException.malformedResponse(method, url, status, problem, cause);
    }
  }
}
