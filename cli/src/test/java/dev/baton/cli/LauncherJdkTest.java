package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./baton jdk} prints the home of the JDK the launcher picks, which {@code .ci/run} gives
 * Maven as {@code JAVA_HOME}: a directory with {@code bin/java}, and {@code BATON_JAVA_HOME} first.
 */
class LauncherJdkTest {

  /** The launcher, from the {@code cli} module's directory where the tests run. */
  private static final Path LAUNCHER = Path.of("..", "baton").toAbsolutePath().normalize();

  @Test
  void shouldPrintTheJdkThatBatonJavaHomeNames() throws Exception {
    Path testJdk = Path.of(System.getProperty("java.home")).toRealPath();

    String printed = jdk(Map.of("BATON_JAVA_HOME", testJdk.toString()));

    assertThat(Path.of(printed).toRealPath()).isEqualTo(testJdk);
  }

  @Test
  void shouldPrintAJdkHomeWithAJavaWhateverItFinds() throws Exception {
    String printed = jdk(Map.of());

    assertThat(Path.of(printed).resolve("bin").resolve("java")).isExecutable();
  }

  /** Runs {@code baton jdk} with {@code env} added, and returns its one line of output. */
  private static String jdk(Map<String, String> env) throws IOException, InterruptedException {
    assertThat(LAUNCHER).isRegularFile();
    ProcessBuilder builder = new ProcessBuilder("bash", LAUNCHER.toString(), "jdk");
    builder.environment().putAll(env);
    Process process = builder.redirectErrorStream(true).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(out).isZero();
    assertThat(out.lines()).as(out).hasSize(1);
    assertThat(Files.isDirectory(Path.of(out.strip()))).as(out).isTrue();
    return out.strip();
  }
}
