package dev.baton.cli;

import dev.baton.cli.config.Setting;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;

/** Renders the settings tables of docs/configuration.md from the commands' definitions. */
final class ConfigurationDoc {

  static final String BEGIN =
      "<!-- Generated from the commands' definitions; ConfigurationDocTest checks it. -->";
  static final String END = "<!-- End of the generated settings. -->";

  private ConfigurationDoc() {}

  /** The commands that have settings, by name. */
  static Map<String, CommandLine> commands() {
    return BatonCli.commandLine(Map.of()).getSubcommands().entrySet().stream()
        .filter(e -> !Setting.of(e.getValue().getCommandSpec()).isEmpty())
        .collect(
            Collectors.toMap(
                Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.LinkedHashMap::new));
  }

  /** The generated part of the document, between {@link #BEGIN} and {@link #END}. */
  static String render() {
    StringBuilder doc = new StringBuilder(BEGIN).append("\n");
    commands()
        .forEach(
            (name, command) -> {
              doc.append("\n## `baton ").append(name).append("`\n\n");
              doc.append(String.join(" ", command.getCommandSpec().usageMessage().description()))
                  .append("\n\n");
              doc.append("| flag | environment variable | default | allowed | description |\n");
              doc.append("|---|---|---|---|---|\n");
              Setting.of(command.getCommandSpec()).forEach(s -> doc.append(row(s)));
            });
    return doc.append("\n").append(END).append("\n").toString();
  }

  private static String row(Setting setting) {
    List<String> names = Arrays.asList(setting.option().names());
    String aliases =
        names.stream()
            .filter(n -> !n.equals(setting.flag()))
            .map(n -> "`" + n + "`")
            .collect(Collectors.joining(", "));
    String flag = "`" + setting.flag() + "`" + (aliases.isEmpty() ? "" : " (" + aliases + ")");
    return "| "
        + String.join(
            " | ",
            flag,
            "`" + setting.envName() + "`",
            setting.hasDefaultValue()
                ? "`" + setting.defaultText() + "`"
                : cell(setting.defaultText()),
            cell(setting.allowed()),
            cell(setting.description()))
        + " |\n";
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}
