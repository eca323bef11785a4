package dev.baton.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.worker.OperationClass;
import dev.baton.worker.lock.LockOptions;
import dev.baton.worker.lock.LockRequest;
import dev.baton.worker.lock.LockUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The process's turn locks when Redis cannot be reached: the worker starts, calls do not. */
@Tag("integration")
class RedisLocksIT {

  private static final LockOptions QUICK =
      LockOptions.builder().commandTimeout(Duration.ofMillis(500)).build();
  private static final LockRequest REQUEST =
      new LockRequest("s-1", "t-1", 0, 1, 0, List.of(OperationClass.READ));

  @Test
  void shouldStartWithoutRedisAndFailEachAcquireAsUnavailable() throws IOException {
    try (RedisLocks locks = new RedisLocks("redis://127.0.0.1:" + closedPort(), QUICK)) {
      long start = System.nanoTime();

      assertThatThrownBy(() -> locks.acquire(REQUEST))
          .isInstanceOf(LockUnavailableException.class)
          .satisfies(e -> assertThat(((LockUnavailableException) e).isRetryable()).isTrue());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void shouldFailAcquiresOnceClosed() throws IOException {
    RedisLocks locks = new RedisLocks("redis://127.0.0.1:" + closedPort(), QUICK);
    locks.close();

    assertThatThrownBy(() -> locks.acquire(REQUEST))
        .isInstanceOf(LockUnavailableException.class)
        .hasMessageContaining("closed");
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
