package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

  @Test
  void shouldCountTheCpuOfTheNamedThreadsOnly() throws InterruptedException {
    ThreadCpu busy = new ThreadCpu(name -> name.equals("thread-cpu-test-busy"));
    ThreadCpu none = new ThreadCpu(name -> name.equals("thread-cpu-test-nobody"));
    busy.begin();
    none.begin();
    CountDownLatch spun = new CountDownLatch(1);
    Thread spinner =
        Thread.ofPlatform()
            .name("thread-cpu-test-busy")
            .start(
                () -> {
                  long until = System.nanoTime() + 200_000_000;
                  while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                  }
                  spun.countDown();
                  try {
                    Thread.sleep(60_000); // stays alive (its CPU time with it) until interrupted
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    spun.await();

    assertThat(busy.endCores()).isGreaterThan(0.0);
    assertThat(none.endCores()).isZero();
    spinner.interrupt();
    spinner.join();
  }
}
