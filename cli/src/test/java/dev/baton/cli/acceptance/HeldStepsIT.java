package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.worker.AgentHandler;
import dev.baton.worker.Step;
import dev.baton.worker.StepResult;
import dev.baton.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that one worker holds as many steps at once as its {@code maxInFlight} allows, whatever
 * its polls bring and whichever partitions the steps are on. Each test submits turns at once to a
 * worker whose agent step blocks until the test releases it, asserts that all of them are in the
 * agent at the same time, logs the most it saw, then releases them and asserts that every turn
 * completes.
 *
 * <ul>
 *   <li>The default shape: one step per share consumer and the default hand-off. Without the
 *       hand-off it fails: a consumer is bound to one or two of the 12 partitions, so the steps of
 *       a partition with more turns than consumers wait for a slot of that partition, however many
 *       of the worker's other slots are free.
 *   <li>Large polls: {@code baton.it.held.turns} turns (500 by default) to a worker of that {@code
 *       maxInFlight} over {@code baton.it.held.pollers} share consumers (10 by default, so each
 *       poll may bring up to 50), handing each step over to its lease after {@code
 *       baton.it.held.handoff} milliseconds (0 by default; {@code none} for no hand-off, which
 *       makes the test measure rather than check: a share consumer takes new steps only once those
 *       of its last poll are acknowledged; see "How many steps a worker holds at once" in
 *       docs/worker-sdk.md).
 * </ul>
 */
@BatonStackTest
class HeldStepsIT {

  private static final Logger log = LoggerFactory.getLogger(HeldStepsIT.class);

  private static final int TURNS = Integer.getInteger("baton.it.held.turns", 500);
  private static final int POLLERS = Integer.getInteger("baton.it.held.pollers", 10);
  private static final String HAND_OFF_MS = System.getProperty("baton.it.held.handoff", "0");
  private static final int MAX_CONCURRENT_REQUESTS = 64;
  private static final Duration ALL_HELD = Duration.ofMinutes(3);
  private static final int DEFAULT_SHAPE_TURNS = 100;

  @TempDir Path dir;

  /** An agent step that blocks until released, counting the steps blocked at once. */
  static final class HeldAgent implements AgentHandler {
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger mostHeld = new AtomicInteger();

    @Override
    public StepResult handle(Step step) throws InterruptedException {
      mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
      try {
        release.await();
      } finally {
        held.decrementAndGet();
      }
      return StepResult.answer("held " + step.input());
    }
  }

  @Test
  void shouldHoldAStepInEverySlotOfTheDefaultShapeWhateverPartitionsTheStepsAreOn(
      StackAddresses stack, TestIds ids) throws Exception {
    holdAll(stack, ids, DEFAULT_SHAPE_TURNS, "one per consumer, default hand-off", b -> b);
  }

  @Test
  void shouldHoldMaxInFlightStepsAtOnceWhateverThePollsDelivered(StackAddresses stack, TestIds ids)
      throws Exception {
    holdAll(
        stack,
        ids,
        TURNS,
        POLLERS + " pollers, hand-off after " + HAND_OFF_MS + " ms",
        HeldStepsIT::largePolls);
  }

  /**
   * Submits {@code turns} turns at once to one worker of {@code maxInFlight} {@code turns} whose
   * other settings {@code shape} sets, and checks that all are held at once, then complete.
   */
  private void holdAll(
      StackAddresses stack,
      TestIds ids,
      int turns,
      String shapeName,
      UnaryOperator<Worker.Builder> shape)
      throws Exception {
    HeldAgent agent = new HeldAgent();
    try (BatonFleet fleet = BatonFleet.builder(stack, ids, dir).partitions(12).workers(0).start()) {
      fleet.startWorker("held", b -> shape.apply(b.maxInFlight(turns)).agent(agent));
      BatonApi api = fleet.api(0);
      List<String> sessions = IntStream.range(0, turns).mapToObj(i -> ids.sessionId()).toList();

      long start = System.nanoTime();
      forEachConcurrently(
          sessions,
          s ->
              assertThat(api.submitUntilDecided(s, "t-1", "in " + s, null, 0).accepted()).isTrue());
      log.info("{} turns submitted in {} ms", turns, millisSince(start));
      try {
        await()
            .atMost(ALL_HELD)
            .pollInterval(Duration.ofMillis(250))
            .untilAsserted(() -> assertThat(agent.held.get()).isEqualTo(turns));
      } finally {
        log.info(
            "steps held at once: {} of {} ({}; {} ms after the first submit)",
            agent.mostHeld.get(),
            turns,
            shapeName,
            millisSince(start));
        agent.release.countDown();
      }
      awaitCompleted(api, sessions, start);
    }
  }

  private static void awaitCompleted(BatonApi api, List<String> sessions, long start)
      throws Exception {
    Set<String> running = ConcurrentHashMap.newKeySet();
    running.addAll(sessions);
    await()
        .atMost(ALL_HELD)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              forEachConcurrently(
                  List.copyOf(running),
                  s -> {
                    if ("COMPLETED".equals(api.turn(s, "t-1").turnStatus())) {
                      running.remove(s);
                    }
                  });
              return running.isEmpty();
            });
    log.info(
        "all {} turns completed {} ms after the first submit", sessions.size(), millisSince(start));
  }

  private static Worker.Builder largePolls(Worker.Builder builder) {
    builder.pollers(POLLERS);
    return "none".equals(HAND_OFF_MS)
        ? builder.neverHandOff()
        : builder.handOffAfter(Duration.ofMillis(Long.parseLong(HAND_OFF_MS)));
  }

  private static void forEachConcurrently(List<String> sessions, Consumer<String> action)
      throws Exception {
    Semaphore requests = new Semaphore(MAX_CONCURRENT_REQUESTS);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      var futures =
          sessions.stream()
              .map(
                  s ->
                      threads.submit(
                          () -> {
                            requests.acquireUninterruptibly();
                            try {
                              action.accept(s);
                            } finally {
                              requests.release();
                            }
                            return null;
                          }))
              .toList();
      for (var future : futures) {
        future.get();
      }
    }
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
