package dev.baton.cli.config;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

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
      return SettingException.invalid(origin, new Setting(option).allowed()).getMessage();
    }
    return null;
  }
}
