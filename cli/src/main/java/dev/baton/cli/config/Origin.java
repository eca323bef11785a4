package dev.baton.cli.config;

import java.nio.file.Path;

/**
 * Where one setting's value came from, as the user wrote it.
 *
 * @param setting the setting
 * @param source the flag, the environment or the config file
 * @param value the value as written
 * @param file the config file, for {@link ConfigSource#FILE}; otherwise null
 */
public record Origin(Setting setting, ConfigSource source, String value, Path file) {

  /** The setting as written and where, e.g. {@code BATON_COMMIT_INTERVAL_MS=-5 (environment)}. */
  public String describe() {
    return switch (source) {
      case FLAG -> setting.flag() + "=" + value + " (flag)";
      case ENVIRONMENT -> setting.envName() + "=" + value + " (environment)";
      case FILE -> setting.key() + "=" + value + " (file " + file + ")";
      case DEFAULT -> setting.flag() + "=" + value + " (built-in default)";
    };
  }
}
