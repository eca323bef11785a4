package dev.baton.schemas;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * How the schema registry client proves who it is: not at all, with HTTP basic authentication, or
 * with a bearer token. {@code toString} shows no secret.
 *
 * <p>{@code SchemaRegistryOptions.builder(url).auth(RegistryAuth.basic("baton", password)).build()}
 */
public sealed interface RegistryAuth {

  /** No credentials: requests carry no {@code Authorization} header. */
  static RegistryAuth none() {
    return None.INSTANCE;
  }

  /** HTTP basic authentication as {@code user} with {@code password}. */
  static RegistryAuth basic(String user, String password) {
    return new Basic(user, password);
  }

  /**
   * HTTP basic authentication from {@code user:password}, split at the first colon.
   *
   * @throws IllegalArgumentException if there is no colon or no user before it
   */
  static RegistryAuth basic(String userAndPassword) {
    Objects.requireNonNull(userAndPassword, "userAndPassword");
    int colon = userAndPassword.indexOf(':');
    if (colon < 1) {
      throw new IllegalArgumentException(
          "registry credentials "
              + Redaction.userAndPassword(userAndPassword)
              + " are invalid: must be user:password");
    }
    return basic(userAndPassword.substring(0, colon), userAndPassword.substring(colon + 1));
  }

  /** A bearer token, sent as {@code Authorization: Bearer <token>}. */
  static RegistryAuth bearer(String token) {
    return new Bearer(token);
  }

  /** The value of the {@code Authorization} header every request carries; empty for none. */
  Optional<String> authorization();

  /** No credentials. */
  enum None implements RegistryAuth {
    /** The one value. */
    INSTANCE;

    @Override
    public Optional<String> authorization() {
      return Optional.empty();
    }

    @Override
    public String toString() {
      return "none";
    }
  }

  /**
   * HTTP basic authentication.
   *
   * @param user the user name, not empty and without a colon
   * @param password the password
   */
  record Basic(String user, String password) implements RegistryAuth {

    /** Checks the user name. */
    public Basic {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
      if (user.isEmpty() || user.contains(":")) {
        throw new IllegalArgumentException(
            "registry user \"" + user + "\" is invalid: must be a non-empty name without a colon");
      }
    }

    @Override
    public Optional<String> authorization() {
      byte[] credentials = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
      return Optional.of("Basic " + Base64.getEncoder().encodeToString(credentials));
    }

    /** The user name and a masked password. */
    @Override
    public String toString() {
      return "basic " + user + ":" + Redaction.MASK;
    }
  }

  /**
   * A bearer token.
   *
   * @param token the token, not blank
   */
  record Bearer(String token) implements RegistryAuth {

    /** Checks the token. */
    public Bearer {
      Objects.requireNonNull(token, "token");
      if (token.isBlank()) {
        throw new IllegalArgumentException("registry bearer token is invalid: must not be blank");
      }
    }

    @Override
    public Optional<String> authorization() {
      return Optional.of("Bearer " + token);
    }

    /** A masked token. */
    @Override
    public String toString() {
      return "bearer " + Redaction.MASK;
    }
  }
}
