package dev.baton.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.worker.WorkerException;
import dev.baton.worker.WorkerState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LifecycleTest {

  private final Lifecycle lifecycle = new Lifecycle();

  @Test
  void shouldRunOnceStarted() {
    lifecycle.starting();

    assertThat(lifecycle.state()).isEqualTo(WorkerState.RUNNING);
  }

  @Test
  void shouldRefuseToStartTwice() {
    lifecycle.starting();

    assertThatThrownBy(lifecycle::starting)
        .isInstanceOf(WorkerException.class)
        .hasMessage("Cannot start a worker that is RUNNING");
  }

  @Test
  void shouldTerminateAtOnceWhenShutDownUnstarted() throws InterruptedException {
    assertThat(lifecycle.shuttingDown()).isFalse();

    assertThat(lifecycle.state()).isEqualTo(WorkerState.TERMINATED);
    assertThat(lifecycle.awaitTermination(Duration.ZERO)).isTrue();
    assertThatThrownBy(lifecycle::starting).isInstanceOf(WorkerException.class);
  }

  @Test
  void shouldAskToStopARunningWorkerUntilItTerminates() throws InterruptedException {
    lifecycle.starting();

    assertThat(lifecycle.shuttingDown()).isTrue();
    assertThat(lifecycle.state()).isEqualTo(WorkerState.SHUTTING_DOWN);
    assertThat(lifecycle.shuttingDown()).isTrue();
    assertThat(lifecycle.awaitTermination(Duration.ofMillis(10))).isFalse();

    lifecycle.terminated();
    assertThat(lifecycle.shuttingDown()).isFalse();
    assertThat(lifecycle.awaitTermination(Duration.ZERO)).isTrue();
  }
}
