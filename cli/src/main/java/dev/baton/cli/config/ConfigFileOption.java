package dev.baton.cli.config;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --config FILE} ({@code BATON_CONFIG}): a properties file of settings, {@code
 * commit-interval-ms=5}, below flags and environment variables in precedence. Add it to a command
 * with {@code @Mixin ConfigFileOption config;}.
 */
public final class ConfigFileOption {

  /** The option's key; its environment variable is {@code BATON_CONFIG}. */
  public static final String KEY = "config";

  @Option(
      names = "--" + KEY,
      paramLabel = "FILE",
      description =
          "Properties file of settings, one key=value a line, keys as the flags without '--'"
              + " (commit-interval-ms=5). Flags and environment variables take precedence.")
  @SettingDefault("none")
  Path file;
}
