package dev.baton.cli.config;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.IOptionRenderer;
import picocli.CommandLine.Help.Layout;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.OptionSpec;

/** The option list of {@code --help}: each setting's description, then its env var and default. */
final class SettingsHelp {

  private SettingsHelp() {}

  static void install(CommandLine command) {
    Map<String, IHelpSectionRenderer> sections = new LinkedHashMap<>(command.getHelpSectionMap());
    sections.put(
        CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, SettingsHelp::optionList);
    command.getCommandSpec().usageMessage().sectionMap(sections);
  }

  private static String optionList(Help help) {
    Layout defaults = help.createDefaultLayout();
    Layout layout =
        new Layout(
            help.colorScheme(),
            defaults.textTable(),
            withEnvAndDefault(defaults.optionRenderer()),
            defaults.parameterRenderer());
    return help.optionList(layout, help.createDefaultOptionSort(), help.parameterLabelRenderer());
  }

  private static IOptionRenderer withEnvAndDefault(IOptionRenderer renderer) {
    return (option, labels, scheme) -> {
      Text[][] rows = renderer.render(option, labels, scheme);
      if (!Setting.isSetting(option) || rows.length == 0) {
        return rows;
      }
      Text[][] withRow = Arrays.copyOf(rows, rows.length + 1);
      withRow[rows.length] = envAndDefaultRow(option, rows[0].length, scheme);
      return withRow;
    };
  }

  private static Text[] envAndDefaultRow(OptionSpec option, int columns, ColorScheme scheme) {
    Setting setting = new Setting(option);
    Text[] row = new Text[columns];
    Arrays.setAll(row, i -> scheme.text(""));
    row[columns - 1] =
        scheme.text("  env " + setting.envName() + "; default: " + setting.defaultText());
    return row;
  }
}
