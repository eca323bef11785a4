package dev.baton.cli.stack.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.cli.stack.StackException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessAttemptsTest {

  private final ProcessAttempts attempts = new ProcessAttempts("redis", Duration.ofSeconds(5));

  @Test
  void shouldGiveAFreshPartForEachAttempt() {
    ProcessPart first = attempts.next();
    ProcessPart second = attempts.next();

    assertThat(second).isNotSameAs(first);
  }

  @Test
  void shouldRefuseAttemptsOnceClosed() {
    attempts.next();
    attempts.close();
    attempts.close();

    assertThatThrownBy(attempts::next)
        .isInstanceOf(StackException.class)
        .hasMessageContaining("closed while starting");
  }
}
