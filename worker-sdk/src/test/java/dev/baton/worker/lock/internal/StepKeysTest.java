package dev.baton.worker.lock.internal;

import static dev.baton.worker.OperationClass.READ;
import static dev.baton.worker.OperationClass.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.worker.lock.LockRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepKeysTest {

  private final LockRequest request = new LockRequest("s1", "t9", 3, 42, 1, List.of(READ, WRITE));

  @Test
  void shouldTagEveryKeyWithTheSession() {
    StepKeys keys = StepKeys.of(request);

    assertThat(keys.token()).isEqualTo("baton:{s1}:token");
    assertThat(keys.done()).isEqualTo("baton:{s1}:turn:t9:42:step:3:done");
    assertThat(keys.holders()).isEqualTo("baton:{s1}:turn:t9:42:step:3:holders");
    assertThat(keys.channel()).isEqualTo("baton:{s1}:lock");
  }

  @Test
  void shouldWriteClassesAsLetters() {
    assertThat(LockEngine.classLetters(request)).isEqualTo("RW");
  }
}
