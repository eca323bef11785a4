package dev.baton.cli.stack.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.cli.stack.StackException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ProcessPartTest {

  private static final String JAVA = JavaRuntimes.find(Runtime.version().feature()).toString();

  @Test
  void shouldReportAnExitedProcessWithTheEndOfItsLogAndCleanUp() {
    AtomicReference<Path> workDir = new AtomicReference<>();
    ProcessPart part = new ProcessPart("probe", Duration.ofSeconds(30));

    assertThatThrownBy(
            () ->
                part.start(
                    dir -> {
                      workDir.set(dir);
                      return List.of(JAVA, "-XX:+NoSuchOption");
                    },
                    () -> Optional.of("not yet")))
        .isInstanceOfSatisfying(
            StackException.class,
            e -> {
              assertThat(e.part()).isEqualTo("probe");
              assertThat(e.getMessage()).contains("exited with code 1", "NoSuchOption");
            });
    assertThat(workDir.get()).doesNotExist();
  }

  @Test
  void shouldStopTheProcessOnClose() {
    ProcessPart part = new ProcessPart("sleeper", Duration.ofSeconds(30));
    part.start(ProcessPartTest::sleeper, Optional::empty);
    ChildProcess process = part.process().orElseThrow();

    part.close();
    part.close();

    assertThat(process.isAlive()).isFalse();
    assertThat(part.workDir()).isNull();
  }

  @Test
  void shouldTimeOutNamingThePartAndTheLastReason() {
    try (ProcessPart part = new ProcessPart("slow", Duration.ofMillis(300))) {
      assertThatThrownBy(
              () -> part.start(ProcessPartTest::sleeper, () -> Optional.of("still warming up")))
          .isInstanceOf(StackException.class)
          .hasMessage("slow was not ready within 0.3 s: still warming up");
    }
  }

  /** A command that runs until it is stopped. */
  private static List<String> sleeper(Path dir) {
    Path source = dir.resolve("Sleeper.java");
    try {
      Files.writeString(
          source,
          "class Sleeper { public static void main(String[] a) throws Exception { Thread.sleep(600_000); } }");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.of(JAVA, source.toString());
  }
}
