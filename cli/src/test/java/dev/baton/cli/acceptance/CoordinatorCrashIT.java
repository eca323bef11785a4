package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonProcess;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.HistoryChecker;
import dev.baton.cli.testkit.HistoryReport;
import dev.baton.cli.testkit.TestIds;
import dev.baton.cli.testkit.TopicReader;
import dev.baton.schemas.TopicLayout;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.TurnCompleted;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash test across processes (issue #7): two coordinator JVMs and two worker JVMs run 200 sessions
 * of several turns; in the middle one coordinator and one worker are killed with SIGKILL. The
 * clients of the dead coordinator switch to the survivor and every turn still completes once, as
 * the {@link HistoryChecker} proves from the history and session-events topics. It prints how long
 * the dead coordinator's sessions were unavailable and whether any step needed a second attempt.
 */
@BatonStackTest
class CoordinatorCrashIT {

  private static final Logger log = LoggerFactory.getLogger(CoordinatorCrashIT.class);

  private static final int PARTITIONS = 6;
  private static final int SESSIONS = 200;
  private static final int TURNS = 4;
  private static final int CLIENTS = 16;
  private static final int KILL_AFTER_TURNS = SESSIONS * TURNS / 2;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(8);

  /**
   * A generous bound on how long the killed coordinator's sessions may stay unreadable on the
   * survivor: the target is under 10 s. The survivor evicts the killed instance once its HTTP API
   * has refused forwarded requests for 1 s (measured 2.6 and 2.1 s until the last session was
   * readable); waiting out the 6 s session timeout and 5 s transaction timeout instead measured 6.6
   * to 8.0 s, Kafka's defaults 45 s. What this run measured is printed.
   */
  private static final Duration UNAVAILABLE_BOUND = Duration.ofSeconds(30);

  @Test
  void shouldCompleteEveryTurnOnceWhenACoordinatorAndAWorkerAreKilled(
      StackAddresses stack, TestIds ids, @TempDir Path dir) throws Exception {
    KillTests.withTwoCoordinators(
        log,
        stack,
        ids,
        PARTITIONS,
        dir,
        deployment -> {
          for (int i = 0; i < 2; i++) {
            deployment.addWorker("worker-" + i);
          }
          run(stack, deployment.layout(), deployment.processes(), ids);
        });
  }

  /** Runs the sessions on coordinators 0 and 1 and workers 2 and 3, killing 1 and 3. */
  private void run(
      StackAddresses stack, TopicLayout layout, List<BatonProcess> processes, TestIds ids)
      throws Exception {
    BatonProcess survivor = processes.get(0);
    BatonProcess victim = processes.get(1);
    List<BatonApi> apis =
        List.of(new BatonApi(survivor.httpPort()), new BatonApi(victim.httpPort()));
    BatonFleet.awaitOwnersKnown(apis, ids, PARTITIONS);
    List<String> sessions = IntStream.range(0, SESSIONS).mapToObj(i -> ids.sessionId()).toList();
    List<String> victimSessions = ownedBy(apis.get(0), victim.address(), sessions);
    log.info("{} of {} sessions are owned by {}", victimSessions.size(), SESSIONS, victim.name());
    assertThat(victimSessions).isNotEmpty().hasSizeLessThan(SESSIONS);

    Kill kill = driveAndKill(apis, sessions, victimSessions, victim, processes.get(3));

    try (TopicReader reader = new TopicReader(stack, layout)) {
      HistoryReport report = KillTests.cleanHistories(reader, SESSIONS * TURNS, log);
      assertThat(report.sessions()).isEqualTo(SESSIONS);
      assertThat(report.acceptedTurns()).isEqualTo(SESSIONS * TURNS);
      assertThat(report.completedTurns()).isEqualTo(SESSIONS * TURNS);
      assertThat(report.endedOtherwise()).isZero();
      assertUnavailabilityBounded(reader.events(), victimSessions, kill, report);
    }
    // The survivor found the victim dead from its refused connections and evicted it.
    assertThat(survivor.log()).contains("Evicted the instance at " + victim.address());
  }

  /**
   * When the coordinator was killed, and how long after that each of its sessions could be read
   * from the survivor again.
   */
  private record Kill(Instant at, Map<String, Duration> readableAfter) {}

  /**
   * Runs every session's turns through {@link #CLIENTS} clients, half of them on each coordinator
   * ({@code apis} 0 and 1), and kills {@code coordinator} (whose API is {@code apis.get(1)}) and
   * {@code worker} once half the turns completed.
   */
  private static Kill driveAndKill(
      List<BatonApi> apis,
      List<String> sessions,
      List<String> victimSessions,
      BatonProcess coordinator,
      BatonProcess worker)
      throws Exception {
    AtomicInteger completed = new AtomicInteger();
    long start = System.nanoTime();
    List<Future<?>> clients = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < CLIENTS; c++) {
        SessionClient client = new SessionClient(apis, c % 2, completed);
        List<String> mine = SessionClient.shareOf(sessions, c, CLIENTS);
        clients.add(
            pool.submit(
                () -> {
                  client.run(mine, TURNS);
                  return null;
                }));
      }
      await()
          .atMost(RUN_TIMEOUT)
          .until(
              () ->
                  completed.get() >= KILL_AFTER_TURNS || clients.stream().anyMatch(Future::isDone));
      coordinator.kill();
      // From when the process is gone: up to then it may still have completed turns itself.
      Instant killedAt = Instant.now();
      Future<Map<String, Duration>> readable =
          pool.submit(() -> awaitReadable(apis.getFirst(), victimSessions, killedAt));
      worker.kill();
      log.info(
          "killed {} and {} after {} turns ({} ms)",
          coordinator.name(),
          worker.name(),
          completed.get(),
          Duration.ofNanos(System.nanoTime() - start).toMillis());
      for (Future<?> client : clients) {
        client.get(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
      log.info(
          "{} turns completed in {} ms",
          completed.get(),
          Duration.ofNanos(System.nanoTime() - start).toMillis());
      return new Kill(killedAt, readable.get(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }
  }

  /**
   * Reads {@code sessions} from {@code survivor} until each answers itself (200, not forwarded to
   * the dead owner), and returns how long after {@code killedAt} each did.
   */
  private static Map<String, Duration> awaitReadable(
      BatonApi survivor, List<String> sessions, Instant killedAt) throws InterruptedException {
    Map<String, Duration> readable = new LinkedHashMap<>();
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    while (readable.size() < sessions.size() && System.nanoTime() < deadline) {
      for (String session : sessions) {
        if (!readable.containsKey(session) && answersItself(survivor, session)) {
          readable.put(session, Duration.between(killedAt, Instant.now()));
        }
      }
      Thread.sleep(50);
    }
    return readable;
  }

  /**
   * Prints and bounds how long the killed coordinator's sessions were unavailable: from the kill
   * until the first of them, and until the last of them, completed a turn on the survivor.
   */
  private static void assertUnavailabilityBounded(
      Map<String, List<SessionEvent>> events,
      List<String> victimSessions,
      Kill kill,
      HistoryReport report) {
    Map<String, Duration> back = new LinkedHashMap<>();
    for (String session : victimSessions) {
      firstCompletionAfter(events.getOrDefault(session, List.of()), kill.at())
          .ifPresent(at -> back.put(session, Duration.between(kill.at(), at)));
    }
    assertThat(back)
        .as("sessions of the killed coordinator with a turn after the kill")
        .isNotEmpty();
    List<Duration> completed = back.values().stream().sorted().toList();
    List<Duration> readable = kill.readableAfter().values().stream().sorted().toList();
    Duration first = completed.getFirst();
    System.out.printf(
        "CRASH RESULT: killed coordinator's sessions unavailable %d ms (first turn completed on"
            + " the survivor); %d of %d readable on the survivor after %d ms (first) / %d ms"
            + " (half) / %d ms (last); first turns completed after the kill: half by %d ms, last"
            + " %d ms (clients run their sessions one after another); steps retried"
            + " (attempt > 0): %d%n",
        first.toMillis(),
        readable.size(),
        victimSessions.size(),
        readable.getFirst().toMillis(),
        readable.get(readable.size() / 2).toMillis(),
        readable.getLast().toMillis(),
        completed.get(completed.size() / 2).toMillis(),
        completed.getLast().toMillis(),
        report.retriedSteps().size());
    assertThat(readable).as("sessions readable on the survivor").hasSize(victimSessions.size());
    assertThat(readable.getLast()).isLessThan(UNAVAILABLE_BOUND);
  }

  private static Optional<Instant> firstCompletionAfter(List<SessionEvent> events, Instant after) {
    return events.stream()
        .filter(e -> e.getBody() instanceof TurnCompleted)
        .map(SessionEvent::getOccurredAt)
        .filter(at -> !at.isBefore(after))
        .min(Instant::compareTo);
  }

  private static boolean answersItself(BatonApi api, String session) {
    try {
      return api.session(session).status() == 200;
    } catch (UncheckedIOException e) {
      return false; // a connection that timed out on a busy machine
    }
  }

  /** The sessions (never used yet) that {@code api}'s instance forwards to {@code owner}. */
  private static List<String> ownedBy(BatonApi api, String owner, List<String> sessions) {
    return sessions.stream()
        .filter(
            s ->
                owner.equals(
                    await()
                        .atMost(START_TIMEOUT)
                        .pollDelay(Duration.ZERO)
                        .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                        .until(() -> api.session(s), reply -> reply.status() == 404)
                        .forwardedTo()))
        .toList();
  }
}
