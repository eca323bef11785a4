package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonProcess;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams across a coordinator crash: two coordinator JVMs and a worker JVM; {@value #STREAMS}
 * clients each stream a turn of a session the victim owns, from the victim, while the turn emits
 * {@value #DELTAS} deltas. Once every client has some of its events, the victim is killed with
 * SIGKILL; each client resumes on the survivor with the id of the last event it got, retrying while
 * the survivor takes the sessions over, and must end with every event of its turn once and in
 * order.
 */
@BatonStackTest
class StreamCrashIT {

  private static final Logger log = LoggerFactory.getLogger(StreamCrashIT.class);

  private static final int PARTITIONS = 4;
  private static final int STREAMS = 100;
  private static final int DELTAS = 100;
  private static final int DELTA_INTERVAL_MS = 400;
  private static final int EVENTS_BEFORE_KILL = 4;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration RESUME_TIMEOUT = Duration.ofSeconds(90);

  @Test
  @Timeout(600)
  void shouldGiveEveryClientTheRestOnceOnTheSurvivorWhenTheServingCoordinatorIsKilled(
      StackAddresses stack, TestIds ids, @TempDir Path dir) throws Exception {
    KillTests.withTwoCoordinators(
        log,
        stack,
        ids,
        PARTITIONS,
        dir,
        deployment -> {
          // Every emit its own delta, so that each client counts its turn's deltas.
          deployment.addWorker("worker", "--max-in-flight=" + STREAMS, "--delta-linger-ms=0");
          run(deployment.processes().get(0), deployment.processes().get(1), ids);
        });
  }

  private void run(BatonProcess survivor, BatonProcess victim, TestIds ids) throws Exception {
    BatonApi survivorApi = new BatonApi(survivor.httpPort());
    BatonApi victimApi = new BatonApi(victim.httpPort());
    BatonFleet.awaitOwnersKnown(List.of(survivorApi, victimApi), ids, PARTITIONS);
    List<String> sessions = sessionsOwnedBy(survivorApi, victim.address(), ids);
    AtomicInteger ready = new AtomicInteger();
    List<Future<List<SseStream.Event>>> clients = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (String session : sessions) {
        clients.add(threads.submit(() -> stream(session, victim, survivor, ready)));
      }
      await()
          .atMost(START_TIMEOUT)
          .until(() -> ready.get() == STREAMS || clients.stream().anyMatch(Future::isDone));
      for (Future<List<SseStream.Event>> client : clients) {
        if (client.isDone()) {
          client.get(); // a client that failed before the kill fails the test with its cause
        }
      }
      int open = ready.get();
      // All the sessions are on the victim's partitions, half of the four, so only the worker's
      // share consumers of those partitions can take their steps: without the hand-off the other
      // half of its 100 slots stays idle while the rest of the steps wait for a stream to end.
      assertThat(open).as("streams live at the kill").isEqualTo(STREAMS);
      victim.kill();
      long killedAt = System.nanoTime();
      List<List<SseStream.Event>> streams = new ArrayList<>();
      for (Future<List<SseStream.Event>> client : clients) {
        streams.add(client.get(RESUME_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS));
      }
      long endedAfterMs = (System.nanoTime() - killedAt) / 1_000_000;
      int retried = streams.stream().mapToInt(StreamCrashIT::assertWholeTurn).sum();
      System.out.printf(
          "STREAM CRASH RESULT: killed %s with %d of %d streams past their first %d events; every"
              + " stream ended on the survivor %d ms after the kill, whole and once; attempts that"
              + " failed or restarted (and were shown so) while the sessions moved: %d%n",
          victim.name(), open, STREAMS, EVENTS_BEFORE_KILL, endedAfterMs, retried);
    }
  }

  /** Sessions never used yet that the victim owns, found by asking the survivor. */
  private static List<String> sessionsOwnedBy(BatonApi survivor, String owner, TestIds ids) {
    List<String> owned = new ArrayList<>();
    while (owned.size() < STREAMS) {
      owned.add(BatonFleet.unusedSessionOwnedBy(survivor, owner, ids));
    }
    return owned;
  }

  /**
   * Submits a streaming turn to the victim and reads its stream there until the connection dies,
   * then resumes on the survivor until the terminal event.
   */
  private static List<SseStream.Event> stream(
      String session, BatonProcess victim, BatonProcess survivor, AtomicInteger ready)
      throws Exception {
    BatonApi.Reply submitted =
        new BatonApi(victim.httpPort())
            .submitUntilDecided(
                session, "t-1", "stream " + DELTAS + " " + DELTA_INTERVAL_MS, null, 0);
    assertThat(submitted.status()).as(submitted.toString()).isIn(200, 202);
    List<SseStream.Event> got = new ArrayList<>();
    try (SseStream stream = open(victim, session, null)) {
      assertThat(stream.status()).isEqualTo(200);
      while (readOne(stream, got)) {
        if (got.size() == EVENTS_BEFORE_KILL) {
          ready.incrementAndGet();
        }
      }
    }
    if (!got.isEmpty() && got.getLast().type().equals("turn.ended")) {
      return got; // ended before the kill
    }
    long deadline = System.nanoTime() + RESUME_TIMEOUT.toNanos();
    while (!ended(got)) {
      assertThat(System.nanoTime()).as("resumed in time").isLessThan(deadline);
      try (SseStream resumed = open(survivor, session, got.isEmpty() ? null : got.getLast().id())) {
        if (resumed.status() != 200) {
          Thread.sleep(200); // the survivor is taking the session over: try again
          continue;
        }
        while (readOne(resumed, got)) {
          // reads to the end, or to the next disconnect
        }
      }
    }
    return got;
  }

  /** Reads the next event into {@code got}; false when the stream ended or the connection died. */
  private static boolean readOne(SseStream stream, List<SseStream.Event> got) {
    try {
      Optional<SseStream.Event> next = stream.next();
      next.ifPresent(got::add);
      return next.isPresent() && !ended(got);
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean ended(List<SseStream.Event> got) {
    return !got.isEmpty() && got.getLast().type().equals("turn.ended");
  }

  private static SseStream open(BatonProcess coordinator, String session, String lastEventId) {
    return SseStream.open(
        coordinator.httpPort(), "/v1/sessions/" + session + "/turns/t-1/stream", lastEventId);
  }

  /**
   * Exactly the turn's events, each once and in order: its start, then per attempt of its step the
   * attempt's start and its deltas from the first in order (from the first again after a {@code
   * step.restarted}: the share group delivered the attempt again), ending with the attempt's
   * failure or, for the last, all {@value #DELTAS} deltas and the step's completion; then the
   * turn's end. Returns how many attempts failed or restarted.
   */
  private static int assertWholeTurn(List<SseStream.Event> events) {
    assertThat(new HashSet<>(events.stream().map(SseStream.Event::id).toList()))
        .as("every event id is distinct")
        .hasSize(events.size());
    assertThat(events.getFirst().type()).isEqualTo("turn.started");
    int at = 1;
    int failed = 0;
    int restarts = 0;
    while (true) {
      assertThat(events.get(at).type()).as("event %d", at).isEqualTo("step.started");
      int deltas = 0;
      for (at++; isOutput(events.get(at)); at++) {
        if (events.get(at).type().equals("step.restarted")) {
          log.info("a run of an attempt took over while the sessions moved: {}", events.get(at));
          restarts++;
          deltas = 0;
        } else {
          assertThat(events.get(at).data().path("text").asText()).isEqualTo(deltas + " ");
          deltas++;
        }
      }
      if (!events.get(at).type().equals("step.attempt_failed")) {
        assertThat(deltas).as("deltas of the completed attempt").isEqualTo(DELTAS);
        break;
      }
      log.info("an attempt failed while the sessions moved: {}", events.get(at).data());
      failed++;
      at++;
    }
    assertThat(events.subList(at, events.size()))
        .extracting(SseStream.Event::type)
        .containsExactly("step.completed", "turn.ended");
    assertThat(events.getLast().data().path("status").asText()).isEqualTo("COMPLETED");
    return failed + restarts;
  }

  private static boolean isOutput(SseStream.Event event) {
    return event.type().equals("delta") || event.type().equals("step.restarted");
  }
}
