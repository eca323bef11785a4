package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's {@code --help} reads cleanly: picocli's placeholders are expanded. */
class UsageHelpTest {

  @Test
  void shouldRenderEveryCommandsUsageWithoutVariablePlaceholders() {
    Map<String, CommandLine> commands = allCommands(BatonCli.commandLine(Map.of()));

    assertThat(commands).containsKeys("baton", "baton dev", "baton coordinator", "baton stack");
    commands.forEach(
        (name, command) ->
            assertThat(command.getUsageMessage())
                .as("the usage of %s", name)
                .doesNotContain("${")
                .contains("Usage: " + name));
  }

  @Test
  void shouldPrintEveryCommandsHelpWithoutVariablePlaceholders() {
    Stream.concat(
            Stream.of("--help", "help"),
            BatonCli.commandLine(Map.of()).getSubcommands().keySet().stream()
                .map(name -> name + " --help"))
        .forEach(
            args -> {
              CliRun run = CliRun.execute(Map.of(), args.split(" "));
              assertThat(run.exitCode()).as("baton %s", args).isZero();
              assertThat(run.out())
                  .as("baton %s", args)
                  .doesNotContain("${")
                  .contains("Usage: baton")
                  .contains("-h, --help");
            });
  }

  private static Map<String, CommandLine> allCommands(CommandLine root) {
    Map<String, CommandLine> all = new LinkedHashMap<>();
    all.put(root.getCommandSpec().qualifiedName(), root);
    root.getSubcommands().values().forEach(sub -> all.putAll(allCommands(sub)));
    return all;
  }
}
