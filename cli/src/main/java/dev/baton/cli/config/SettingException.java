package dev.baton.cli.config;

import dev.baton.schemas.BatonException;
import java.nio.file.Path;

/**
 * A setting is missing or has a value that is not allowed. The message is one line that names the
 * setting, where its value came from, the value and what is allowed.
 */
public final class SettingException extends BatonException {

  private static final long serialVersionUID = 1L;

  private SettingException(String message, Throwable cause) {
    super(message, cause, false);
  }

  /**
   * A value that is not allowed.
   *
   * <p>{@code BATON_COMMIT_INTERVAL_MS=-5 (environment) is invalid: must be an integer >= 1}
   */
  public static SettingException invalid(Origin origin, String allowed) {
    return new SettingException(origin.describe() + " is invalid: must be " + allowed, null);
  }

  /**
   * A value that is not allowed together with another setting's.
   *
   * <p>{@code --max-answer-bytes=900000 (flag) does not fit with --max-record-bytes=524288 (flag):
   * a payload limit must be at most ...}
   */
  public static SettingException conflicting(Origin origin, Origin other, String rule) {
    return new SettingException(
        origin.describe() + " does not fit with " + other.describe() + ": " + rule, null);
  }

  /**
   * A key in the config file that is no setting of any command. Its value is not shown: a misspelt
   * key of a secret would show the secret.
   */
  public static SettingException unknownKey(Path file, String key) {
    return new SettingException(
        key
            + " (file "
            + file
            + ") is not a setting of any baton command; see docs/configuration.md",
        null);
  }

  /** A config file that cannot be read. */
  public static SettingException unreadable(Origin origin, Exception cause) {
    return new SettingException(
        origin.describe() + " is invalid: must be a readable properties file (" + cause + ")",
        cause);
  }

  /** A required setting without a value. */
  public static SettingException missing(Setting setting, String allowed) {
    return new SettingException(
        setting.key()
            + " is not set: give "
            + setting.flag()
            + ", the environment variable "
            + setting.envName()
            + " or "
            + setting.key()
            + "= in the --config file; must be "
            + allowed,
        null);
  }
}
