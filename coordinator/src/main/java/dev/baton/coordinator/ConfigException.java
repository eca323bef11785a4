package dev.baton.coordinator;

import dev.baton.schemas.BatonException;

/** A setting has a value that is not allowed. The message names the key, value and what is. */
public final class ConfigException extends BatonException {

  private static final long serialVersionUID = 1L;

  private ConfigException(String message) {
    super(message, null, false);
  }

  /**
   * Creates the exception for one bad setting.
   *
   * <p>{@code throw ConfigException.invalid("http.port", "70000", "an integer from 0 to 65535");}
   */
  public static ConfigException invalid(String key, Object value, String allowed) {
    return new ConfigException(
        "Invalid value '" + value + "' for setting '" + key + "': expected " + allowed);
  }
}
