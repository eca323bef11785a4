package dev.baton.cli.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes the default of a setting that has no fixed default value, for {@code --help} and
 * docs/configuration.md.
 *
 * <p>{@code @SettingDefault("this machine's host name") @Option(names = "--advertised-host")}
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface SettingDefault {

  /** The default in words, e.g. {@code "the embedded broker"}. */
  String value();
}
