package dev.baton.cli.config;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * Reports a bad setting, whichever its source, as one line: {@code baton coordinator:
 * BATON_COMMIT_INTERVAL_MS=-5 (environment) is invalid: must be an integer >= 1}. Other parse
 * errors (an unknown flag) go to picocli's handler, which also prints the usage.
 */
final class SettingErrors implements IParameterExceptionHandler {

  private final IParameterExceptionHandler others;
  private final SettingsProvider provider;

  SettingErrors(IParameterExceptionHandler others, SettingsProvider provider) {
    this.others = others;
    this.provider = provider;
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) throws Exception {
    String message = oneLine(e);
    if (message == null) {
      return others.handleParseException(e, args);
    }
    CommandLine command = e.getCommandLine();
    command.getErr().println("baton " + command.getCommandName() + ": " + message);
    return Settings.EXIT_INVALID;
  }

  private String oneLine(ParameterException e) {
    if (e.getCause() instanceof SettingException setting) {
      return setting.getMessage();
    }
    if (e.getArgSpec() instanceof OptionSpec option
        && Setting.isSetting(option)
        && e.getValue() != null) {
      Origin origin = provider.originOf(option, e.getValue());
      return SettingException.invalid(origin, allowed(e, option)).getMessage();
    }
    return null;
  }

  /**
   * What the setting allows: what its {@link SettingType} said of this value (which may say more
   * than its usual phrase: {@code "a config Baton does not set itself ..."}), else that phrase.
   */
  private static String allowed(ParameterException e, OptionSpec option) {
    boolean typed = option.converters().length > 0 && option.converters()[0] instanceof SettingType;
    return typed
            && e.getCause() instanceof TypeConversionException specific
            && specific.getMessage() != null
            && !specific.getMessage().isBlank()
        ? specific.getMessage()
        : new Setting(option).allowed();
  }
}
