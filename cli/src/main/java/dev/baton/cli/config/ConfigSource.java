package dev.baton.cli.config;

/** Where the value of a setting came from, highest precedence first. */
public enum ConfigSource {
  /** A command-line flag, {@code --commit-interval-ms=5}. */
  FLAG,
  /** An environment variable, {@code BATON_COMMIT_INTERVAL_MS=5}. */
  ENVIRONMENT,
  /** A line of the {@code --config} properties file, {@code commit-interval-ms=5}. */
  FILE,
  /** The built-in default. */
  DEFAULT
}
