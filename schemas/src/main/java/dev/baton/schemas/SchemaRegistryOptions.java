package dev.baton.schemas;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the HTTP schema registry client connects: the registry's base URL (for Apicurio Registry
 * {@code http://host:8080/apis/ccompat/v7}) and timeouts.
 *
 * <p>{@code SchemaRegistryOptions.builder(url).requestTimeout(Duration.ofSeconds(3)).build()}
 *
 * @param baseUrl the URL the Confluent API paths ({@code subjects/...}) are resolved against
 * @param connectTimeout how long to wait for a connection
 * @param requestTimeout how long to wait for a response
 */
public record SchemaRegistryOptions(URI baseUrl, Duration connectTimeout, Duration requestTimeout) {

  /** The default connect timeout. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** The default request timeout. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** Validates the options and makes {@code baseUrl} end with a slash. */
  public SchemaRegistryOptions {
    Objects.requireNonNull(baseUrl, "baseUrl");
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("requestTimeout", requestTimeout);
    String scheme = baseUrl.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException(
          "schema registry baseUrl must be an http or https URL, got " + baseUrl);
    }
    if (!baseUrl.getPath().endsWith("/")) {
      baseUrl = URI.create(baseUrl + "/");
    }
  }

  /** Returns a builder for the registry at {@code baseUrl}. */
  public static Builder builder(String baseUrl) {
    return new Builder(URI.create(Objects.requireNonNull(baseUrl, "baseUrl")));
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  /** Builds {@link SchemaRegistryOptions}. */
  public static final class Builder {
    private final URI baseUrl;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

    private Builder(URI baseUrl) {
      this.baseUrl = baseUrl;
    }

    /**
     * Sets how long to wait for a connection; {@link SchemaRegistryOptions#DEFAULT_CONNECT_TIMEOUT}
     * by default.
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * Sets how long to wait for a response; {@link SchemaRegistryOptions#DEFAULT_REQUEST_TIMEOUT}
     * by default.
     */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
      return this;
    }

    /** Returns the options. */
    public SchemaRegistryOptions build() {
      return new SchemaRegistryOptions(baseUrl, connectTimeout, requestTimeout);
    }
  }
}
