package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.cli.config.Setting;
import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Option;

/**
 * docs/configuration.md, the README and docker-compose.yml agree with the commands' definitions.
 * After changing a setting, regenerate the document with {@code ./mvnw -B test -pl cli -am
 * -Dtest=ConfigurationDocTest -Dsurefire.failIfNoSpecifiedTests=false -Dbaton.docs.update=true}.
 */
class ConfigurationDocTest {

  private static final Pattern ENV_NAME = Pattern.compile("BATON_[A-Z0-9_]+");

  /** The launcher's own variables, which are not settings of a command. */
  private static final Set<String> LAUNCHER_VARIABLES =
      Set.of("BATON_JAVA_HOME", "BATON_JAVA_OPTS");

  @Test
  void shouldDocumentEverySettingAsDefined() throws IOException {
    Path doc = repositoryFile("docs/configuration.md");
    String text = Files.readString(doc);
    int begin = text.indexOf(ConfigurationDoc.BEGIN);
    int end = text.indexOf(ConfigurationDoc.END);
    assertThat(begin).as("the generated part's markers in %s", doc).isNotNegative();
    assertThat(end).isGreaterThan(begin);
    String documented = text.substring(begin, end + ConfigurationDoc.END.length() + 1);
    String generated = ConfigurationDoc.render();

    if (Boolean.getBoolean("baton.docs.update")) {
      Files.writeString(doc, text.replace(documented, generated));
      documented = generated;
    }

    assertThat(documented)
        .as("docs/configuration.md is out of date; regenerate it as this test's Javadoc says")
        .isEqualTo(generated);
  }

  @Test
  void shouldShowEverySettingsEnvironmentVariableAndDefaultInHelp() {
    ConfigurationDoc.commands()
        .forEach(
            (name, command) -> {
              String help = CliRun.execute(Map.of(), name, "--help").out().replaceAll("\\s+", " ");
              for (Setting setting : Setting.of(command.getCommandSpec())) {
                assertThat(help)
                    .as("baton %s --help", name)
                    .contains(setting.flag())
                    .contains("env " + setting.envName() + "; default: " + setting.defaultText());
              }
            });
  }

  @Test
  void shouldNameOnlyRealSettingsInTheReadmeAndComposeFile() throws IOException {
    Set<String> settings =
        ConfigurationDoc.commands().values().stream()
            .flatMap(command -> Setting.of(command.getCommandSpec()).stream())
            .map(Setting::envName)
            .collect(Collectors.toSet());

    for (String file : new String[] {"README.md", "docker-compose.yml", "docs/configuration.md"}) {
      assertThat(envNames(Files.readString(repositoryFile(file))))
          .as("BATON_* names in %s", file)
          .isSubsetOf(settings);
    }
  }

  @Test
  void shouldDeclareNoDefaultThroughPicocliVariables() {
    ConfigurationDoc.commands()
        .forEach(
            (name, command) -> {
              for (Setting setting : Setting.of(command.getCommandSpec())) {
                assertThat(setting.defaultText())
                    .as("the default of baton %s %s", name, setting.flag())
                    .doesNotContain("${");
                // picocli expands variables, so the default as declared, before expansion.
                if (setting.option().userObject() instanceof AnnotatedElement element) {
                  assertThat(element.getAnnotation(Option.class).defaultValue())
                      .as("the declared default of baton %s %s", name, setting.flag())
                      .doesNotContain("${");
                }
              }
            });
  }

  @Test
  void shouldListEverySettingOfDevInTheReadme() throws IOException {
    String readme = Files.readString(repositoryFile("README.md"));

    for (Setting setting : Setting.of(ConfigurationDoc.commands().get("dev").getCommandSpec())) {
      assertThat(readme).contains("| `" + setting.flag()).contains("`" + setting.envName() + "`");
    }
  }

  private static Set<String> envNames(String text) {
    Set<String> names = new TreeSet<>();
    Matcher matcher = ENV_NAME.matcher(text);
    while (matcher.find()) {
      names.add(matcher.group());
    }
    names.removeAll(LAUNCHER_VARIABLES);
    return names;
  }

  /** A file of the repository; tests run in the module's directory. */
  private static Path repositoryFile(String path) {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("the repository root above %s", Path.of("").toAbsolutePath()).isNotNull();
    return dir.resolve(path);
  }
}
