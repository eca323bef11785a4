package dev.baton.cli.config;

import picocli.CommandLine.ITypeConverter;

/**
 * A picocli converter that also checks the value's range and says in words what it allows, for the
 * one-line error of a bad value, {@code --help} and docs/configuration.md.
 *
 * <p>{@code @Option(names = "--http-port", converter = SettingTypes.Port.class)}
 *
 * @param <T> the converted type
 */
public interface SettingType<T> extends ITypeConverter<T> {

  /** What the setting allows, a noun phrase such as {@code "an integer from 0 to 65535"}. */
  String allowed();

  /**
   * {@code value} as it may be shown in a message: as written, unless the type holds a secret,
   * which it masks ({@link dev.baton.schemas.Redaction}).
   */
  default String shown(String value) {
    return value;
  }
}
