package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class DeltaCheckTest {

  private final Latencies latencies = new Latencies(4);
  private final DeltaCheck check = new DeltaCheck(2, latencies);

  private static String delta(int index, int textIndex, long emittedNanos) {
    return "{\"step\":0,\"attempt\":0,\"index\":"
        + index
        + ",\"text\":\""
        + new StampedDelta(textIndex, emittedNanos).text()
        + "\"}";
  }

  private void end(String status) {
    check.onEvent("turn.ended", "{\"status\":\"" + status + "\",\"steps\":1}", 0);
  }

  @Test
  void shouldCompleteAStreamOfEveryDeltaOnceInOrderThenItsEnd() {
    check.onEvent("turn.started", "{}", 0);
    check.onEvent("delta", delta(0, 0, 1_000_000), 3_000_000);
    check.onEvent("delta", delta(1, 1, 2_000_000), 3_000_000);
    end("COMPLETED");
    check.onClosed(null);

    assertThat(check.complete()).isTrue();
    assertThat(check.failure()).isEmpty();
    assertThat(check.received()).isEqualTo(2);
    assertThat(check.lastReadNanos()).isEqualTo(3_000_000);
    assertThat(latencies.count()).isEqualTo(2);
    assertThat(latencies.maxMillis()).isEqualTo(2.0);
  }

  @Test
  void shouldFailAGapADuplicateOrADeltaWhoseTextDisagrees() {
    check.onEvent("delta", delta(1, 1, 0), 0);
    assertThat(check.failure()).contains("out-of-order: expected delta 0, got index 1");

    DeltaCheck duplicate = new DeltaCheck(2, latencies);
    duplicate.onEvent("delta", delta(0, 0, 0), 0);
    duplicate.onEvent("delta", delta(0, 0, 0), 0);
    assertThat(duplicate.failure()).hasValueSatisfying(f -> f.startsWith("out-of-order"));

    DeltaCheck text = new DeltaCheck(2, latencies);
    text.onEvent("delta", delta(0, 1, 0), 0);
    assertThat(text.failure()).hasValueSatisfying(f -> f.startsWith("out-of-order"));
  }

  @Test
  void shouldTakeSeveralDeltasThatTheWorkerSentAsOneEvent() {
    check.onEvent(
        "delta", "{\"index\":0,\"text\":\"" + "0:1000000 " + "1:2000000 " + "\"}", 4_000_000);
    end("COMPLETED");

    assertThat(check.complete()).isTrue();
    assertThat(check.received()).isEqualTo(2);
    assertThat(latencies.count()).isEqualTo(2);
    assertThat(latencies.maxMillis()).isEqualTo(3.0);

    DeltaCheck gap = new DeltaCheck(3, latencies);
    gap.onEvent("delta", "{\"index\":0,\"text\":\"0:1 2:2 \"}", 0);
    assertThat(gap.failure()).contains("out-of-order: expected text 1, got text 2");
  }

  @Test
  void shouldFailAnEndBeforeEveryDeltaOrAnotherStatus() {
    check.onEvent("delta", delta(0, 0, 0), 0);
    end("COMPLETED");
    assertThat(check.failure()).contains("missing-deltas: turn.ended after 1 of 2 deltas");

    DeltaCheck failed = new DeltaCheck(0, latencies);
    failed.onEvent("turn.ended", "{\"status\":\"FAILED\"}", 0);
    assertThat(failed.failure()).contains("ended-FAILED: after 0 deltas");
    assertThat(failed.complete()).isFalse();
  }

  @Test
  void shouldFailACutARetriedAttemptOrAStreamClosedBeforeItsEnd() {
    check.onEvent("cut", "{}", 0);
    assertThat(check.failure()).contains("cut: after 0 deltas");

    DeltaCheck retried = new DeltaCheck(2, latencies);
    retried.onEvent("step.attempt_failed", "{\"willRetry\":true}", 0);
    assertThat(retried.failure()).hasValueSatisfying(f -> f.startsWith("attempt-failed"));

    DeltaCheck closed = new DeltaCheck(2, latencies);
    closed.onClosed(null);
    assertThat(closed.failure()).contains("closed-before-end: after 0 deltas");

    DeltaCheck reset = new DeltaCheck(2, latencies);
    reset.onClosed(new IOException("reset"));
    assertThat(reset.failure()).contains("failed-IOException: after 0 deltas: reset");
  }

  @Test
  void shouldKeepTheFirstFailureAndNotFailAnEndedStream() {
    check.onEvent("cut", "{}", 0);
    check.fail("no-end-seen", "later");
    assertThat(check.failure()).contains("cut: after 0 deltas");
    assertThat(check.over()).isTrue();

    DeltaCheck ended = new DeltaCheck(0, latencies);
    ended.onEvent("turn.ended", "{\"status\":\"COMPLETED\"}", 0);
    ended.fail("no-end-seen", "after 0 deltas");
    ended.onClosed(new IOException("closed by the client"));
    assertThat(ended.complete()).isTrue();
  }
}
