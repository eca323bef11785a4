package dev.baton.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.CoordinatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStateTest {

  @TempDir Path stateDir;

  private LocalState localState(ProcessingMode mode) {
    return LocalState.of(
        CoordinatorConfig.builder()
            .kafkaBootstrap("broker:9092")
            .registryUrl("http://registry:8081")
            .redisUri("redis://redis:6379")
            .processingMode(mode)
            .stateDir(stateDir)
            .build()
            .streams());
  }

  @Test
  void shouldDiscardTheStateUnderExactlyOnceUnlessTheLastInstanceClosedCleanly() throws Exception {
    LocalState first = localState(ProcessingMode.EXACTLY_ONCE);
    assertThat(first.discardAtStart()).as("no state yet").isFalse();
    Files.createDirectories(stateDir.resolve("baton-coordinator").resolve("0_1"));
    first.closedCleanly();

    LocalState afterCleanClose = localState(ProcessingMode.EXACTLY_ONCE);
    assertThat(afterCleanClose.discardAtStart()).isFalse();
    // this instance crashes: it never closes cleanly

    assertThat(localState(ProcessingMode.EXACTLY_ONCE).discardAtStart())
        .as("the start after a crash")
        .isTrue();
  }

  @Test
  void shouldDiscardTheStateACrashLeftBeforeTheFirstCleanClose() throws Exception {
    Files.createDirectories(stateDir.resolve("baton-coordinator").resolve("0_1"));

    assertThat(localState(ProcessingMode.EXACTLY_ONCE).discardAtStart()).isTrue();
  }

  @Test
  void shouldFindNothingToDiscardWhereANewInstanceLeftOnlyItsOwnFiles() throws Exception {
    Path application = Files.createDirectories(stateDir.resolve("baton-coordinator"));
    Files.writeString(application.resolve("kafka-streams-process-metadata"), "{}");
    Files.writeString(application.resolve(".lock"), "");

    assertThat(localState(ProcessingMode.EXACTLY_ONCE).discardAtStart()).isFalse();
  }

  @Test
  void shouldKeepTheStateUnderAtLeastOnceEvenAfterACrash() throws Exception {
    Files.createDirectories(stateDir.resolve("baton-coordinator").resolve("0_1"));
    assertThat(localState(ProcessingMode.AT_LEAST_ONCE).discardAtStart()).isFalse();
    assertThat(localState(ProcessingMode.AT_LEAST_ONCE).discardAtStart()).isFalse();
  }
}
