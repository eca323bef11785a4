package dev.baton.cli.config;

import dev.baton.schemas.Redaction;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reports a bad setting, whichever its source, as one line: {@code baton coordinator:
 * BATON_COMMIT_INTERVAL_MS=-5 (environment) is invalid: must be an integer >= 1}. Other parse
 * errors (an unknown flag) go to picocli's handler, which also prints the usage; an unknown flag's
 * value is masked first, since a misspelt secret flag holds a secret.
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
    if (e instanceof UnmatchedArgumentException unmatched) {
      return others.handleParseException(withoutValues(unmatched), args);
    }
    String message = oneLine(e);
    if (message == null) {
      return others.handleParseException(e, args);
    }
    CommandLine command = e.getCommandLine();
    command.getErr().println("baton " + command.getCommandName() + ": " + message);
    return Settings.EXIT_INVALID;
  }

  /**
   * The unknown options with their values masked: a misspelt flag may hold a secret ({@code
   * --registry-bearer-tokn=...}), as may the argument after it.
   */
  private static UnmatchedArgumentException withoutValues(UnmatchedArgumentException e) {
    List<String> shown = new ArrayList<>();
    boolean afterOption = false;
    for (String arg : e.getUnmatched()) {
      boolean option = arg.startsWith("-");
      int equals = arg.indexOf('=');
      shown.add(
          option && equals > 0
              ? arg.substring(0, equals + 1) + Redaction.MASK
              : !option && afterOption ? Redaction.MASK : arg);
      afterOption = option && equals < 0;
    }
    return new UnmatchedArgumentException(e.getCommandLine(), shown);
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
