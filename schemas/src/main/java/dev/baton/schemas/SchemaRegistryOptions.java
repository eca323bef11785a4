package dev.baton.schemas;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;

/**
 * How the HTTP schema registry client connects: the registry's base URL (for Apicurio Registry
 * {@code http://host:8080/apis/ccompat/v7}), its credentials and timeouts. Credentials in the URL's
 * user information ({@code https://user:password@registry/...}) become {@link RegistryAuth#basic}
 * and leave the URL, so that no error message, which names the URL, shows them.
 *
 * <p>{@code SchemaRegistryOptions.builder(url).auth(RegistryAuth.bearer(token)).build()}
 *
 * @param baseUrl the URL the Confluent API paths ({@code subjects/...}) are resolved against,
 *     without user information
 * @param connectTimeout how long to wait for a connection
 * @param requestTimeout how long one call waits for its answer, the retries of a transient failure
 *     (no answer, HTTP 408, 429 or 5xx) included
 * @param auth the credentials every request carries
 */
public record SchemaRegistryOptions(
    URI baseUrl, Duration connectTimeout, Duration requestTimeout, RegistryAuth auth) {

  /** The default connect timeout. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** The default request timeout. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Validates the options, takes credentials out of {@code baseUrl}'s user information and makes it
   * end with a slash.
   *
   * @throws IllegalArgumentException if the URL is not http or https, or holds credentials while
   *     {@code auth} gives others
   */
  public SchemaRegistryOptions {
    Objects.requireNonNull(baseUrl, "baseUrl");
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("requestTimeout", requestTimeout);
    Objects.requireNonNull(auth, "auth");
    String scheme = baseUrl.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException(
          "schema registry baseUrl must be an http or https URL, got "
              + Redaction.uri(baseUrl.toString()));
    }
    if (baseUrl.getRawUserInfo() != null) {
      if (auth != RegistryAuth.none()) {
        throw new IllegalArgumentException(
            "schema registry baseUrl "
                + Redaction.uri(baseUrl.toString())
                + " holds credentials, and others are given: give them once");
      }
      auth = RegistryAuth.basic(baseUrl.getUserInfo());
      baseUrl = withoutUserInfo(baseUrl);
    }
    if (!baseUrl.getPath().endsWith("/")) {
      baseUrl = URI.create(baseUrl + "/");
    }
  }

  /** Options without credentials. */
  public SchemaRegistryOptions(URI baseUrl, Duration connectTimeout, Duration requestTimeout) {
    this(baseUrl, connectTimeout, requestTimeout, RegistryAuth.none());
  }

  /** Returns a builder for the registry at {@code baseUrl}. */
  public static Builder builder(String baseUrl) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    try {
      return new Builder(new URI(baseUrl));
    } catch (URISyntaxException e) {
      // The message would quote the URL, credentials and all.
      throw new IllegalArgumentException(
          "schema registry baseUrl "
              + Redaction.uri(baseUrl)
              + " is invalid: must be an http or https URL ("
              + e.getReason()
              + " at index "
              + e.getIndex()
              + ")");
    }
  }

  private static URI withoutUserInfo(URI url) {
    String authority = url.getRawAuthority();
    String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
    String rest = url.toString().substring(url.toString().indexOf(authority) + authority.length());
    return URI.create(url.getScheme() + "://" + hostAndPort + rest);
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
    private RegistryAuth auth = RegistryAuth.none();

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
     * Sets how long one call waits for its answer, retries of transient failures included; {@link
     * SchemaRegistryOptions#DEFAULT_REQUEST_TIMEOUT} by default.
     */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
      return this;
    }

    /**
     * Sets the credentials every request carries; none by default, or those of the URL's user
     * information.
     */
    public Builder auth(RegistryAuth auth) {
      this.auth = Objects.requireNonNull(auth, "auth");
      return this;
    }

    /** Returns the options. */
    public SchemaRegistryOptions build() {
      return new SchemaRegistryOptions(baseUrl, connectTimeout, requestTimeout, auth);
    }
  }
}
