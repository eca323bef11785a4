package dev.baton.worker.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Acquire timeouts, an unreachable Redis and a forgotten script, against a real Redis. */
@Tag("integration")
class TurnLockFailureIT {

  private static final Duration TIMEOUT = Duration.ofMillis(400);

  @Test
  void shouldTimeOutAsRetryableWithCallNotStarted() {
    Steps step = Steps.of("WR");
    LockOptions options = LockOptions.builder().acquireTimeout(TIMEOUT).build();
    try (TurnLocks locks = TurnLocks.create(TestRedis.shared().uri(), options)) {
      CallLock write = locks.acquire(step.call(0));

      long start = System.nanoTime();
      assertThatThrownBy(() -> locks.acquire(step.call(1)))
          .isInstanceOf(LockTimeoutException.class)
          .hasMessageContaining("held back by call 0")
          .hasMessageContaining("the call did not start")
          .satisfies(e -> assertThat(((LockTimeoutException) e).isRetryable()).isTrue());
      Duration waited = Duration.ofNanos(System.nanoTime() - start);

      assertThat(waited).isBetween(TIMEOUT, TIMEOUT.plusSeconds(1));
      write.release();
      locks.acquire(step.call(1)).release(); // the timed-out wait left nothing held
    }
  }

  @Test
  void shouldFailQuicklyWhenRedisStops() {
    TestRedis own = TestRedis.start();
    Steps step = Steps.of("WR");
    LockOptions patient =
        LockOptions.builder()
            .acquireTimeout(Duration.ofSeconds(30))
            .backstopPoll(Duration.ofMinutes(1))
            .build();
    try (TurnLocks locks = TurnLocks.create(own.uri(), patient)) {
      locks.acquire(step.call(0));
      CompletableFuture<CallLock> waiter = locks.acquireAsync(step.call(1));
      TurnLockOrderIT.assertWaiting(waiter);

      long stoppedAt = System.nanoTime();
      own.stop();

      assertThatThrownBy(waiter::join)
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(LockUnavailableException.class);
      assertThatThrownBy(() -> locks.acquire(Steps.of("W").call(0)))
          .isInstanceOf(LockUnavailableException.class)
          .satisfies(e -> assertThat(((LockUnavailableException) e).isRetryable()).isTrue());
      Duration noticed = Duration.ofNanos(System.nanoTime() - stoppedAt);
      System.out.printf(
          "Redis stopped: the waiter and a new acquire failed within %d ms%n", noticed.toMillis());
      assertThat(noticed).isLessThan(patient.acquireTimeout().dividedBy(6));
    } finally {
      own.close();
    }
  }

  @Test
  void shouldFailToCreateWhenRedisIsDown() {
    TestRedis own = TestRedis.start();
    String uri = own.uri();
    own.stop();

    assertThatThrownBy(() -> TurnLocks.create(uri, LockOptions.defaults()))
        .isInstanceOf(LockUnavailableException.class)
        .hasMessageContaining(uri);
  }

  @Test
  void shouldGiveUpWaitOnInterruptWithCallNotStarted() throws Exception {
    Steps step = Steps.of("WR");
    try (TurnLocks locks = TurnLocks.create(TestRedis.shared().uri(), LockOptions.defaults())) {
      CallLock write = locks.acquire(step.call(0));
      CompletableFuture<Throwable> failure = new CompletableFuture<>();
      Thread waiter =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      locks.acquire(step.call(1));
                    } catch (RuntimeException e) {
                      failure.complete(e);
                    }
                    failure.complete(null);
                  });
      await().atMost(Duration.ofSeconds(2)).until(() -> waiter.getState() == Thread.State.WAITING);

      waiter.interrupt();

      assertThat(failure.get())
          .isInstanceOf(LockTimeoutException.class)
          .hasMessageContaining("Interrupted");
      write.release();
      locks.acquire(step.call(1)).release(); // the interrupted wait left nothing held
    }
  }

  @Test
  void shouldUseCallersClientAndLeaveItOpen() {
    RedisClient client = RedisClient.create(TestRedis.shared().uri());
    try {
      TurnLocks locks = TurnLocks.create(client, LockOptions.defaults());
      locks.acquire(Steps.of("W").call(0)).release();
      locks.close();

      try (var connection = client.connect()) {
        assertThat(connection.sync().ping()).isEqualTo("PONG");
      }
    } finally {
      client.shutdown();
    }
  }

  @Test
  void shouldLoadScriptsAgainAfterRedisForgetsThem() {
    try (TurnLocks locks = TurnLocks.create(TestRedis.shared().uri(), LockOptions.defaults())) {
      locks.acquire(Steps.of("W").call(0)).release();

      TestRedis.shared().admin().scriptFlush();

      locks.acquire(Steps.of("W").call(0)).release();
    }
  }
}
