package dev.baton.cli.config;

import dev.baton.schemas.BatonException;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives a command line and all its subcommands one typed configuration: every long option is a
 * setting that a flag, a {@code BATON_<NAME>} environment variable or a line of the {@code
 * --config} properties file can set, in that order of precedence, before the built-in default.
 * Every value is converted and checked while the command line is parsed, so a bad one stops the
 * command before it starts anything, with one line naming the setting, its source, the value and
 * what is allowed. {@code --help} shows each setting's environment variable and default.
 *
 * <p>{@code Settings.install(new CommandLine(new BatonCli()), System.getenv()).execute(args)}
 *
 * <p>Install it after the subcommands are added: it adds {@code --config} to each command that has
 * settings and lacks it.
 */
public final class Settings {

  /** The exit code of a command stopped by a bad setting. */
  public static final int EXIT_INVALID = 1;

  private Settings() {}

  /** Installs the configuration on {@code root} and its subcommands, and returns {@code root}. */
  public static CommandLine install(CommandLine root, Map<String, String> env) {
    addConfigOption(root);
    // picocli expands ${...} variables, which its help needs for its own placeholders; a value is
    // still taken as written, since SettingsProvider escapes what it supplies and picocli never
    // expands a flag's value. ${env:...} and ${sys:...} would be a second way to configure.
    SettingsProvider provider = new SettingsProvider(env);
    root.setDefaultValueProvider(provider);
    root.setParameterExceptionHandler(
        new SettingErrors(root.getParameterExceptionHandler(), provider));
    return root;
  }

  /**
   * Returns the value of a setting that a command needs, or throws {@link SettingException} naming
   * its flag, environment variable and config file key.
   *
   * <p>{@code String kafka = Settings.required(spec, "--kafka-bootstrap", kafkaBootstrap);}
   */
  public static <T> T required(CommandSpec command, String flag, T value) {
    if (value == null || value instanceof String text && text.isBlank()) {
      Setting setting = new Setting(command.findOption(flag));
      throw SettingException.missing(setting, setting.allowed());
    }
    return value;
  }

  /**
   * Builds a value from parsed settings with the checks of its builder, and reports a value the
   * builder rejects as a bad value of {@code flag}, with its source and the builder's reason.
   *
   * <p>{@code Settings.checked(spec, "--operation-classes", () ->
   * TopologyOptions.builder().operationClasses(classes).build())}
   */
  public static <T> T checked(CommandSpec command, String flag, Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException | BatonException e) {
      OptionSpec option = command.findOption(flag);
      Origin origin = SettingsProvider.of(command).originAfterParse(command, option);
      throw SettingException.invalid(
          origin, new Setting(option).allowed() + " (" + e.getMessage() + ")");
    }
  }

  /**
   * A value of {@code flag} that is allowed on its own but not with the value of {@code otherFlag}:
   * the exception names both, with their sources, and {@code rule}.
   *
   * <p>{@code throw Settings.conflict(spec, "--max-answer-bytes", "--max-record-bytes", rule);}
   */
  public static SettingException conflict(
      CommandSpec command, String flag, String otherFlag, String rule) {
    SettingsProvider provider = SettingsProvider.of(command);
    return SettingException.conflicting(
        provider.originAfterParse(command, command.findOption(flag)),
        provider.originAfterParse(command, command.findOption(otherFlag)),
        rule);
  }

  private static void addConfigOption(CommandLine command) {
    CommandSpec spec = command.getCommandSpec();
    if (!Setting.of(spec).isEmpty() && spec.findOption(ConfigFileOption.KEY) == null) {
      spec.addMixin(ConfigFileOption.KEY, CommandSpec.forAnnotatedObject(new ConfigFileOption()));
    }
    SettingsHelp.install(command);
    command.getSubcommands().values().forEach(Settings::addConfigOption);
  }
}
