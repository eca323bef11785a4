package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.client.BatonClient;
import dev.baton.client.ClientOptions;
import dev.baton.client.ProblemException;
import dev.baton.client.SubmitOptions;
import dev.baton.client.TurnStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turn streams on a fleet of two coordinators: many clients each stream a turn that emits {@value
 * #DELTAS} deltas and see every delta once, in order; clients whose connection drops at a random
 * point and that resume with {@code Last-Event-ID} on the other coordinator (the Java client's own
 * resume) see the rest once; bad requests get problems. {@code -Dbaton.it.streams=50} runs fewer
 * streams at once (200 by default).
 */
@BatonStackTest
class TurnStreamIT {

  private static final Logger log = LoggerFactory.getLogger(TurnStreamIT.class);

  private static final int STREAMS = Integer.getInteger("baton.it.streams", 200);
  private static final int DELTAS = 100;

  /** Each worker's handler slots, and its share consumers (members of the group's 200). */
  private static final int MAX_IN_FLIGHT = 64;

  private static final int POLLERS = 8;

  /**
   * The proxy cuts a stream within its first this many bytes, well before the terminal event: each
   * of the {@value #DELTAS} events takes more than 60 bytes.
   */
  private static final int CUT_WITHIN = 4000;

  @Test
  @Timeout(300)
  void shouldGiveEveryClientEveryDeltaOnceAndInOrder(
      StackAddresses stack, TestIds ids, @TempDir Path dir) throws Exception {
    try (BatonFleet fleet = fleet(stack, ids, dir)) {
      long start = System.nanoTime();
      List<List<SseStream.Event>> streams =
          concurrently(
              i -> {
                String session = ids.sessionId();
                submit(fleet.api(i % 2), session, "stream " + DELTAS + " 5");
                return readAll(fleet, i % 2, session, null);
              });
      log.info(
          "{} streams of {} deltas read in {} ms",
          STREAMS,
          DELTAS,
          (System.nanoTime() - start) / 1_000_000);
      streams.forEach(TurnStreamIT::assertWholeTurn);
    }
  }

  /**
   * Each client's first connection goes through a proxy to one coordinator that cuts it at a random
   * byte of the stream; the Java client resumes on its own on the other coordinator, with the last
   * event id it delivered.
   */
  @Test
  @Timeout(300)
  void shouldGiveAClientThatResumesOnTheOtherCoordinatorTheRestOnce(
      StackAddresses stack, TestIds ids, @TempDir Path dir) throws Exception {
    try (BatonFleet fleet = fleet(stack, ids, dir);
        CuttingProxy toFirst = CuttingProxy.start(fleet.coordinator(0).httpPort(), CUT_WITHIN);
        BatonClient client =
            BatonClient.create(
                ClientOptions.builder(local(toFirst.port()), local(fleet.coordinator(1).httpPort()))
                    .build())) {
      List<List<SseStream.Event>> streams =
          concurrently(
              i -> {
                String session = ids.sessionId();
                submit(fleet.api(i % 2), session, "stream " + DELTAS + " 10");
                try (TurnStream stream = client.stream(session, "t-1")) {
                  List<SseStream.Event> got = drain(stream);
                  assertThat(stream.reconnects()).as("reconnections of %s", session).isPositive();
                  return got;
                }
              });
      streams.forEach(TurnStreamIT::assertWholeTurn);
      assertThat(toFirst.cuts()).isGreaterThanOrEqualTo(STREAMS);
    }
  }

  @Test
  @Timeout(300)
  void shouldRefuseUnknownTurnsForeignTurnsAndBadEventIds(
      StackAddresses stack, TestIds ids, @TempDir Path dir) throws Exception {
    try (BatonFleet fleet = fleet(stack, ids, dir)) {
      String session = ids.sessionId();
      String other = ids.sessionId();
      BatonApi api = fleet.api(0);
      assertThat(api.submit(session, "t-1", "hello baton", null, 30).status()).isEqualTo(200);
      assertThat(api.submit(other, "t-2", "hello other", null, 30).status()).isEqualTo(200);

      // An ended turn streams from its start: the echo agent's words, then the end.
      List<SseStream.Event> ended = readAll(fleet, 1, session, "t-1", null);
      assertThat(deltaTexts(ended)).containsExactly("echo: ", "hello ", "baton");
      assertThat(ended.getLast().type()).isEqualTo("turn.ended");
      String otherTurnsId = readAll(fleet, 0, other, "t-2", null).getFirst().id();

      assertProblem(open(fleet, 0, session, "nope", null), 404, "TURN_NOT_FOUND");
      assertProblem(open(fleet, 1, session, "t-2", null), 404, "TURN_NOT_FOUND");
      assertProblem(open(fleet, 0, session, "t-1", "garbage"), 400, "INVALID_LAST_EVENT_ID");
      assertProblem(open(fleet, 1, session, "t-1", otherTurnsId), 400, "INVALID_LAST_EVENT_ID");
      try (SseStream afterQuery =
          SseStream.open(
              fleet.coordinator(0).httpPort(),
              "/v1/sessions/" + session + "/turns/t-1/stream?after=1.x",
              null)) {
        assertThat(afterQuery.status()).isEqualTo(400);
        assertThat(afterQuery.problem().path("field").asText()).isEqualTo("after");
      }
      try (SseStream afterEnd = open(fleet, 0, session, "t-1", ended.getLast().id())) {
        assertThat(afterEnd.status()).as("after the terminal event").isEqualTo(204);
      }
    }
  }

  @Test
  @Timeout(300)
  void shouldAnswerASubmitThatAcceptsAnEventStreamWithTheTurnsStream(
      StackAddresses stack, TestIds ids, @TempDir Path dir) throws Exception {
    try (BatonFleet fleet = fleet(stack, ids, dir);
        BatonClient first = BatonClient.create(local(fleet.coordinator(0).httpPort()));
        BatonClient second = BatonClient.create(local(fleet.coordinator(1).httpPort()))) {
      List<List<SseStream.Event>> streams =
          concurrently(
              i -> {
                // A busy machine may answer 503 or 504 before the turn is decided: the client sends
                // the same submit again, which is idempotent.
                try (TurnStream stream =
                    (i % 2 == 0 ? first : second)
                        .submitAndStream(
                            ids.sessionId(),
                            "t-1",
                            "stream " + DELTAS + " 5",
                            SubmitOptions.DEFAULTS)) {
                  return drain(stream);
                }
              });
      streams.forEach(TurnStreamIT::assertWholeTurn);

      String busy = ids.sessionId();
      assertThat(fleet.api(0).submit(busy, "slow", "sleep 20000 slow", null, 0).status())
          .isEqualTo(202);
      assertThatThrownBy(
              () -> second.submitAndStream(busy, "t-2", "too soon", SubmitOptions.DEFAULTS))
          .isInstanceOfSatisfying(
              ProblemException.class,
              e -> {
                assertThat(e.status()).isEqualTo(409);
                assertThat(e.code()).isEqualTo("SESSION_BUSY");
              });
    }
  }

  @Test
  @Timeout(300)
  void shouldFeedEveryTurnOfASessionAndResumeTheFeedOnTheOtherCoordinator(
      StackAddresses stack, TestIds ids, @TempDir Path dir) throws Exception {
    try (BatonFleet fleet = fleet(stack, ids, dir)) {
      String session = ids.sessionId();
      assertThat(fleet.api(0).submit(session, "t-0", "hello", null, 30).status()).isEqualTo(200);
      List<SseStream.Event> got = new ArrayList<>();
      List<SseStream.Event> fromTheRunningTurn;
      try (SseStream feed = openFeed(fleet, 0, session, null)) {
        assertThat(feed.status()).isEqualTo(200);
        submit(fleet.api(1), session, "t-1", "stream 20 20");
        while (got.size() < 8) {
          got.add(feed.next().orElseThrow());
        }
        // A feed opened while a turn runs starts with that turn, not with the one before it.
        try (SseStream late = openFeed(fleet, 1, session, null)) {
          fromTheRunningTurn = readUntilEnded(late, "t-1");
        }
      }
      assertThat(fleet.api(1).submit(session, "t-1", "stream 20 20", null, 30).status())
          .isEqualTo(200);
      submit(fleet.api(0), session, "t-2", "stream 20 5");
      try (SseStream resumed = openFeed(fleet, 1, session, got.getLast().id())) {
        assertThat(resumed.status()).isEqualTo(200);
        got.addAll(readUntilEnded(resumed, "t-2"));
      }

      assertFeedOf(fromTheRunningTurn, "t-1");
      assertFeedOf(got.stream().filter(e -> turnOf(e).equals("t-1")).toList(), "t-1");
      assertFeedOf(got.stream().filter(e -> turnOf(e).equals("t-2")).toList(), "t-2");
      assertThat(got).extracting(TurnStreamIT::turnOf).containsOnly("t-1", "t-2");
      assertThat(new HashSet<>(got.stream().map(SseStream.Event::id).toList())).hasSize(got.size());
      String turnStreamId = readAll(fleet, 0, session, "t-2", null).getFirst().id();
      assertProblem(openFeed(fleet, 0, session, turnStreamId), 400, "INVALID_LAST_EVENT_ID");
      assertProblem(openFeed(fleet, 0, ids.sessionId(), null), 404, "SESSION_NOT_FOUND");
    }
  }

  @Test
  @Timeout(300)
  void shouldEndAResumedStreamWithTheCancellationWhenItsClientCancelsTheTurn(
      StackAddresses stack, TestIds ids, @TempDir Path dir) throws Exception {
    try (BatonFleet fleet = fleet(stack, ids, dir)) {
      String session = ids.sessionId();
      submit(fleet.api(0), session, "stream 1000 20");
      List<SseStream.Event> got = new ArrayList<>();
      try (SseStream first = open(fleet, 0, session, null)) {
        while (got.size() < 5) {
          got.add(first.next().orElseThrow());
        }
      }
      try (SseStream resumed = open(fleet, 1, session, got.getLast().id())) {
        assertThat(resumed.status()).isEqualTo(200);
        got.add(resumed.next().orElseThrow());
        assertThat(fleet.api(1).cancel(session, "t-1").status()).isIn(200, 202);
        got.addAll(drain(resumed));
      }

      SseStream.Event end = got.getLast();
      assertThat(end.type()).isEqualTo("turn.ended");
      assertThat(end.data().path("status").asText()).isEqualTo("CANCELLED");
      assertThat(end.data().has("usage")).isTrue();
      assertThat(got).filteredOn(e -> e.type().equals("turn.ended")).hasSize(1);
      List<String> texts = deltaTexts(got);
      assertThat(texts)
          .as("the deltas up to the cancellation, once and in order")
          .isEqualTo(IntStream.range(0, texts.size()).mapToObj(i -> i + " ").toList())
          .hasSizeLessThan(1000);
    }
  }

  private static SseStream openFeed(
      BatonFleet fleet, int coordinator, String session, String lastEventId) {
    return SseStream.open(
        fleet.coordinator(coordinator).httpPort(),
        "/v1/sessions/" + session + "/stream",
        lastEventId);
  }

  private static List<SseStream.Event> readUntilEnded(SseStream feed, String turnId)
      throws IOException {
    List<SseStream.Event> events = new ArrayList<>();
    while (events.isEmpty()
        || !(events.getLast().type().equals("turn.ended")
            && turnOf(events.getLast()).equals(turnId))) {
      events.add(feed.next().orElseThrow());
    }
    return events;
  }

  private static String turnOf(SseStream.Event event) {
    return event.data().path("turnId").asText();
  }

  /** One turn's events in a feed: started, its 20 deltas in order, completed, ended. */
  private static void assertFeedOf(List<SseStream.Event> events, String turnId) {
    assertThat(events).extracting(TurnStreamIT::turnOf).containsOnly(turnId);
    List<String> expected = new ArrayList<>(List.of("turn.started", "step.started"));
    IntStream.range(0, 20).forEach(i -> expected.add("delta"));
    expected.addAll(List.of("step.completed", "turn.ended"));
    assertThat(events).extracting(SseStream.Event::type).isEqualTo(expected);
    assertThat(deltaTexts(events))
        .isEqualTo(IntStream.range(0, 20).mapToObj(i -> i + " ").toList());
  }

  private static BatonFleet fleet(StackAddresses stack, TestIds ids, Path dir) {
    return BatonFleet.builder(stack, ids, dir)
        .partitions(4)
        .coordinators(2)
        .workers(2)
        .maxInFlight(Math.min(STREAMS, MAX_IN_FLIGHT))
        .pollers(POLLERS)
        // Every emit its own delta, so that the tests count the deltas and cut streams between
        // them.
        .deltaLinger(Duration.ZERO)
        .start();
  }

  private static URI local(int port) {
    return URI.create("http://127.0.0.1:" + port);
  }

  @FunctionalInterface
  private interface Client {
    List<SseStream.Event> run(int index) throws Exception;
  }

  private static List<List<SseStream.Event>> concurrently(Client client) throws Exception {
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<List<SseStream.Event>>> futures =
          IntStream.range(0, STREAMS).mapToObj(i -> threads.submit(() -> client.run(i))).toList();
      List<List<SseStream.Event>> results = new ArrayList<>();
      for (Future<List<SseStream.Event>> future : futures) {
        results.add(future.get());
      }
      return results;
    }
  }

  private static void submit(BatonApi api, String session, String input) {
    submit(api, session, "t-1", input);
  }

  private static void submit(BatonApi api, String session, String turnId, String input) {
    BatonApi.Reply reply = api.submitUntilDecided(session, turnId, input, null, 0);
    assertThat(reply.status()).as(reply.toString()).isIn(200, 202);
  }

  private static List<SseStream.Event> readAll(
      BatonFleet fleet, int coordinator, String session, String lastEventId) throws IOException {
    return readAll(fleet, coordinator, session, "t-1", lastEventId);
  }

  private static List<SseStream.Event> readAll(
      BatonFleet fleet, int coordinator, String session, String turnId, String lastEventId)
      throws IOException {
    try (SseStream stream = open(fleet, coordinator, session, turnId, lastEventId)) {
      if (stream.status() != 200) {
        throw new AssertionError(
            "stream of "
                + session
                + " on "
                + coordinator
                + ": "
                + stream.status()
                + " "
                + stream.problem());
      }
      return drain(stream);
    }
  }

  private static List<SseStream.Event> drain(SseStream stream) throws IOException {
    assertThat(stream.contentType()).startsWith("text/event-stream");
    List<SseStream.Event> events = new ArrayList<>();
    for (Optional<SseStream.Event> e = stream.next(); e.isPresent(); e = stream.next()) {
      events.add(e.get());
    }
    return events;
  }

  /** The events of a stream of the Java client, as the test reader's events. */
  private static List<SseStream.Event> drain(TurnStream stream) {
    List<SseStream.Event> events = new ArrayList<>();
    stream.forEachRemaining(e -> events.add(new SseStream.Event(e.id(), e.type(), e.data())));
    return events;
  }

  private static SseStream open(
      BatonFleet fleet, int coordinator, String session, String lastEventId) {
    return open(fleet, coordinator, session, "t-1", lastEventId);
  }

  private static SseStream open(
      BatonFleet fleet, int coordinator, String session, String turnId, String lastEventId) {
    return SseStream.open(
        fleet.coordinator(coordinator).httpPort(),
        "/v1/sessions/" + session + "/turns/" + turnId + "/stream",
        lastEventId);
  }

  /**
   * Exactly the turn's events, each once and in order: any lost, repeated or moved one fails. A
   * step whose worker could not publish (the machine stalled) runs again in a new delivery: its
   * stream then says {@code step.restarted}, the output before it is void, and the new run's output
   * follows whole. Each run's output is a prefix of the answer, in order.
   */
  private static void assertWholeTurn(List<SseStream.Event> events) {
    List<String> types = events.stream().map(SseStream.Event::type).toList();
    int lastRun = types.lastIndexOf("step.restarted") + 1;
    assertThat(types.subList(2, Math.max(2, lastRun)))
        .as("before the last run: only voided output and restarts")
        .allMatch(type -> type.equals("delta") || type.equals("step.restarted"));
    List<String> expectedTypes = new ArrayList<>(List.of("turn.started", "step.started"));
    expectedTypes.addAll(types.subList(2, Math.max(2, lastRun)));
    IntStream.range(0, DELTAS).forEach(i -> expectedTypes.add("delta"));
    expectedTypes.addAll(List.of("step.completed", "turn.ended"));
    assertThat(types).isEqualTo(expectedTypes);
    List<String> answer = IntStream.range(0, DELTAS).mapToObj(i -> i + " ").toList();
    assertThat(deltaTexts(events.subList(Math.max(2, lastRun), events.size())))
        .as("the last run's output, whole")
        .isEqualTo(answer);
    for (List<SseStream.Event> voided : runsBefore(events, lastRun)) {
      assertThat(answer)
          .as("a restarted run's output")
          .startsWith(deltaTexts(voided).toArray(String[]::new));
    }
    assertThat(new HashSet<>(events.stream().map(SseStream.Event::id).toList()))
        .as("every event id is distinct")
        .hasSize(events.size());
    assertThat(events.getLast().data().path("status").asText()).isEqualTo("COMPLETED");
  }

  /** The events of each run that {@code step.restarted} voided, before index {@code lastRun}. */
  private static List<List<SseStream.Event>> runsBefore(List<SseStream.Event> events, int lastRun) {
    List<List<SseStream.Event>> runs = new ArrayList<>();
    int from = 2;
    for (int i = 2; i < lastRun; i++) {
      if (events.get(i).type().equals("step.restarted")) {
        runs.add(events.subList(from, i));
        from = i + 1;
      }
    }
    return runs;
  }

  private static List<String> deltaTexts(List<SseStream.Event> events) {
    return events.stream()
        .filter(e -> e.type().equals("delta"))
        .map(e -> e.data().path("text").asText())
        .toList();
  }

  private static void assertProblem(SseStream response, int status, String code)
      throws IOException {
    try (response) {
      assertThat(response.status()).isEqualTo(status);
      assertThat(response.contentType()).startsWith("application/problem+json");
      assertThat(response.problem().path("code").asText()).isEqualTo(code);
    }
  }
}
