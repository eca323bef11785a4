package dev.baton.worker.lock.internal;

import static dev.baton.worker.OperationClass.READ;
import static dev.baton.worker.OperationClass.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.worker.lock.LockRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoticeTest {

  private final StepKeys keys =
      StepKeys.of(new LockRequest("s", "t", 0, 5, 1, List.of(WRITE, READ)));

  @Test
  void shouldWakeWaiterWhenItsBlockerIsReleased() {
    Notice notice = Notice.parse("released 0 " + keys.done());

    assertThat(notice.mayUnblock(keys, 5, 0)).isTrue();
    assertThat(notice.mayUnblock(keys, 5, 1)).isFalse();
  }

  @Test
  void shouldIgnoreReleaseOfAnotherStep() {
    Notice notice = Notice.parse("released 0 baton:{s}:turn:t:5:step:1:done");

    assertThat(notice.mayUnblock(keys, 5, 0)).isFalse();
  }

  @Test
  void shouldWakeWaitersWithOlderTokenOnNewerToken() {
    Notice notice = Notice.parse("token 6");

    assertThat(notice.mayUnblock(keys, 5, 0)).isTrue();
    assertThat(notice.mayUnblock(keys, 6, 0)).isFalse();
  }

  @Test
  void shouldWakeEveryoneOnUnknownMessage() {
    assertThat(Notice.parse("something else").mayUnblock(keys, 5, 0)).isTrue();
    assertThat(Notice.parse("released x y").mayUnblock(keys, 5, 0)).isTrue();
  }
}
