package dev.baton.cli.stack.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.cli.stack.StackException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PortRacesTest {

  private final AtomicInteger attempts = new AtomicInteger();

  @Test
  void shouldStartAgainAfterLosingAPortRace() {
    assertThat(startFailingOnceWith(bindFailure())).isEqualTo("http://127.0.0.1:1234");
    assertThat(attempts).hasValue(2);
  }

  @Test
  void shouldStartAgainWhenTheRegistrysLogSaysItsPortWasTaken() {
    StackException quarkusPortTaken =
        StackException.exited(
            "registry",
            1,
            Path.of("registry.log"),
            "ERROR [io.quarkus.runtime.ApplicationLifecycleManager] (main) Port 46225"
                + " seems to be in use by another process. Quarkus may already be running"
                + " or the port is used by another application.");

    assertThat(startFailingOnceWith(quarkusPortTaken)).isEqualTo("http://127.0.0.1:1234");
    assertThat(attempts).hasValue(2);
  }

  @Test
  void shouldGiveUpAfterItsAttempts() {
    assertThatThrownBy(() -> PortRaces.retry("registry", () -> failCounted(bindFailure())))
        .isInstanceOf(StackException.class);
    assertThat(attempts).hasValue(PortRaces.ATTEMPTS);
  }

  @Test
  void shouldNotRetryAnyOtherFailure() {
    assertThatThrownBy(
            () ->
                PortRaces.retry(
                    "registry",
                    () -> failCounted(StackException.startFailed("registry", "no launcher", null))))
        .hasMessageContaining("no launcher");
    assertThat(attempts).hasValue(1);
  }

  /** Retries a start that fails with {@code failure} the first time and then answers. */
  private String startFailingOnceWith(StackException failure) {
    return PortRaces.retry(
        "registry",
        () -> {
          if (attempts.incrementAndGet() == 1) {
            throw failure;
          }
          return "http://127.0.0.1:1234";
        });
  }

  private String failCounted(StackException failure) {
    attempts.incrementAndGet();
    throw failure;
  }

  private static StackException bindFailure() {
    return StackException.startFailed(
        "registry",
        "exited with code 1; end of registry.log: Caused by: java.net.BindException",
        new BindException("Address already in use"));
  }
}
