package dev.baton.cli.config;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Supplies each setting that no flag gave: from its {@code BATON_<NAME>} environment variable, else
 * from the {@code --config} file ({@code BATON_CONFIG}); picocli falls back to the built-in default
 * when this returns null. Remembers where each value came from, for error messages.
 *
 * <p>picocli expands {@code ${...}} variables in what a default value provider returns, so each
 * value is returned escaped ({@link #escape}) and picocli's expansion gives back the value as
 * written: {@code BATON_WORKER_ID='${sys:user.home}'} is that text, not a directory.
 */
final class SettingsProvider implements IDefaultValueProvider {

  private final Map<String, String> env;
  private final Map<String, ConfigFile> files = new HashMap<>();
  private final Map<ArgSpec, Origin> origins = new IdentityHashMap<>();

  SettingsProvider(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option) || !Setting.isSetting(option)) {
      return null;
    }
    Setting setting = new Setting(option);
    String fromEnv = env.get(setting.envName());
    if (fromEnv != null) {
      return remember(new Origin(setting, ConfigSource.ENVIRONMENT, fromEnv, null));
    }
    if (setting.isConfigFile()) {
      return null;
    }
    return configFile(option.command())
        .filter(file -> file.values().containsKey(setting.key()))
        .map(
            file ->
                new Origin(
                    setting, ConfigSource.FILE, file.values().get(setting.key()), file.path()))
        .map(this::remember)
        .orElse(null);
  }

  /** The provider installed on {@code command}, or one without environment or file. */
  static SettingsProvider of(CommandSpec command) {
    return command.defaultValueProvider() instanceof SettingsProvider provider
        ? provider
        : new SettingsProvider(Map.of());
  }

  /** Where a value being parsed came from: a flag unless this provider supplied it. */
  Origin originOf(OptionSpec option, String value) {
    Origin supplied = origins.get(option);
    return supplied != null
        ? supplied
        : new Origin(new Setting(option), ConfigSource.FLAG, value, null);
  }

  /** Where a parsed setting's value came from: this provider, a flag or the built-in default. */
  Origin originAfterParse(CommandSpec command, OptionSpec option) {
    Origin supplied = origins.get(option);
    if (supplied != null) {
      return supplied;
    }
    CommandLine commandLine = command.commandLine();
    ParseResult parsed = commandLine == null ? null : commandLine.getParseResult();
    if (parsed != null && parsed.hasMatchedOption(option)) {
      return originOf(option, String.join(",", option.originalStringValues()));
    }
    Setting setting = new Setting(option);
    return new Origin(setting, ConfigSource.DEFAULT, setting.defaultText(), null);
  }

  private String remember(Origin origin) {
    origins.put(origin.setting().option(), origin);
    return escape(origin.value());
  }

  /**
   * {@code value} with every {@code $} doubled: picocli's variable expansion reads {@code $$} as
   * one {@code $}, so the expansion of the result is {@code value} itself, whatever it contains.
   */
  static String escape(String value) {
    return value.replace("$", "$$");
  }

  private Optional<ConfigFile> configFile(CommandSpec command) {
    return configFileOrigin(command)
        .map(
            named ->
                files.computeIfAbsent(
                    named.value(), path -> ConfigFile.load(named, knownKeys(command))));
  }

  /**
   * The {@code --config} flag if given (picocli sets the flags before it asks for defaults), else
   * {@code BATON_CONFIG}.
   */
  private Optional<Origin> configFileOrigin(CommandSpec command) {
    OptionSpec option = command.findOption(ConfigFileOption.KEY);
    if (option == null) {
      return Optional.empty();
    }
    Object value = option.getValue();
    if (value != null) {
      return Optional.of(originOf(option, value.toString()));
    }
    Setting setting = new Setting(option);
    return Optional.ofNullable(env.get(setting.envName()))
        .map(fromEnv -> new Origin(setting, ConfigSource.ENVIRONMENT, fromEnv, null));
  }

  private static Set<String> knownKeys(CommandSpec command) {
    return allCommands(command.root())
        .flatMap(spec -> Setting.of(spec).stream())
        .filter(setting -> !setting.isConfigFile())
        .map(Setting::key)
        .collect(Collectors.toSet());
  }

  private static Stream<CommandSpec> allCommands(CommandSpec spec) {
    return Stream.concat(
        Stream.of(spec),
        spec.subcommands().values().stream()
            .map(CommandLine::getCommandSpec)
            .flatMap(SettingsProvider::allCommands));
  }
}
