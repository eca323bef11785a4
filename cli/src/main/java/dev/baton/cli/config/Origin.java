package dev.baton.cli.config;

import java.nio.file.Path;

/**
 * Where one setting's value came from, as the user wrote it; {@link #describe()} masks a secret.
 *
 * @param setting the setting
 * @param source the flag, the environment or the config file
 * @param value the value as written
 * @param file the config file, for {@link ConfigSource#FILE}; otherwise null
 */
public record Origin(Setting setting, ConfigSource source, String value, Path file) {

  /**
   * The setting as written and where, e.g. {@code BATON_COMMIT_INTERVAL_MS=-5 (environment)}, with
   * a secret masked ({@link Setting#shown}).
   */
  public String describe() {
    String shown = setting.shown(value);
    return switch (source) {
      case FLAG -> setting.flag() + "=" + shown + " (flag)";
      case ENVIRONMENT -> setting.envName() + "=" + shown + " (environment)";
      case FILE -> setting.key() + "=" + shown + " (file " + file + ")";
      case DEFAULT -> setting.flag() + "=" + shown + " (built-in default)";
    };
  }
}
