package dev.baton.cli.config;

import java.lang.reflect.AnnotatedElement;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One setting of a command: a long option, its environment variable and its key in the config file,
 * all derived from the option's longest name.
 *
 * <p>{@code --commit-interval-ms} is the environment variable {@code BATON_COMMIT_INTERVAL_MS} and
 * the config file key {@code commit-interval-ms}.
 *
 * @param option the picocli option
 */
public record Setting(OptionSpec option) {

  /** The prefix of every setting's environment variable. */
  public static final String ENV_PREFIX = "BATON_";

  /** The settings of a command, in the order they are declared. */
  public static List<Setting> of(CommandSpec command) {
    return command.options().stream().filter(Setting::isSetting).map(Setting::new).toList();
  }

  /** Whether an option is a setting: a long option that is not {@code --help} or {@code -V}. */
  public static boolean isSetting(OptionSpec option) {
    return !option.usageHelp() && !option.versionHelp() && option.longestName().startsWith("--");
  }

  /** The config file key, e.g. {@code commit-interval-ms}. */
  public String key() {
    return option.longestName().substring(2);
  }

  /** The flag, e.g. {@code --commit-interval-ms}. */
  public String flag() {
    return option.longestName();
  }

  /** The environment variable, e.g. {@code BATON_COMMIT_INTERVAL_MS}. */
  public String envName() {
    return ENV_PREFIX + key().toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** Whether this is {@code --config}, the file of the other settings. */
  public boolean isConfigFile() {
    return key().equals(ConfigFileOption.KEY);
  }

  /** Whether the built-in default is a value, rather than described by {@link SettingDefault}. */
  public boolean hasDefaultValue() {
    return defaultValue().isPresent();
  }

  /** The built-in default in words: the default value, or what it is when there is none. */
  public String defaultText() {
    Optional<String> value = defaultValue();
    if (value.isPresent()) {
      return value.get();
    }
    if (option.userObject() instanceof AnnotatedElement element
        && element.getAnnotation(SettingDefault.class) != null) {
      return element.getAnnotation(SettingDefault.class).value();
    }
    return "none";
  }

  /**
   * The built-in default value as a user would write it: the option's {@code defaultValue}, else
   * the field's initial value. An initial value lets a default refer to the {@code DEFAULT_*}
   * constant of the options it fills when that constant is no string, {@code long leaseMs =
   * SessionLimits.DEFAULT_LEASE.toMillis();}. A flag's {@code false}, an empty collection and null
   * are no default.
   */
  private Optional<String> defaultValue() {
    if (option.defaultValue() != null) {
      return Optional.of(option.defaultValue());
    }
    Object initial = option.hasInitialValue() ? option.initialValue() : null;
    if (initial == null
        || option.arity().max() == 0
        || initial instanceof Collection<?> values && values.isEmpty()
        || initial instanceof Map<?, ?> map && map.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        initial instanceof Enum<?> constant
            ? constant.name().toLowerCase(Locale.ROOT)
            : initial.toString());
  }

  /** What the setting allows, a noun phrase such as {@code "an integer >= 0"}. */
  public String allowed() {
    ITypeConverter<?>[] converters = option.converters();
    if (converters.length > 0 && converters[0] instanceof SettingType<?> type) {
      return type.allowed();
    }
    Class<?> type = option.type();
    if (Map.class.isAssignableFrom(type)) {
      return "comma-separated " + option.paramLabel() + " pairs";
    }
    if (type.isEnum()) {
      return "one of " + enumValues(type);
    }
    if (type == int.class || type == long.class) {
      return "an integer";
    }
    return type == java.nio.file.Path.class ? "a file system path" : "any text";
  }

  /**
   * {@code value} of this setting as it may be shown: its type masks a secret ({@link
   * SettingType#shown}).
   */
  public String shown(String value) {
    ITypeConverter<?>[] converters = option.converters();
    return converters.length > 0 && converters[0] instanceof SettingType<?> type
        ? type.shown(value)
        : value;
  }

  /** The description, one line. */
  public String description() {
    return String.join(" ", option.description());
  }

  private static String enumValues(Class<?> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
  }
}
