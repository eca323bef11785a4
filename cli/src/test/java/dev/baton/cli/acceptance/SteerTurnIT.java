package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.example.EchoAgent;
import dev.baton.cli.example.NotesTools;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.EventSummary;
import dev.baton.cli.testkit.HistoryMessage;
import dev.baton.cli.testkit.TestIds;
import dev.baton.client.BatonClient;
import dev.baton.client.OnBusy;
import dev.baton.client.SubmitOptions;
import dev.baton.client.TurnStream;
import dev.baton.worker.OperationClass;
import dev.baton.worker.ToolResult;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code onBusy=steer} on the real stack: 50 sessions each run a slow steerable turn of the echo
 * agent ({@code steerable <n> <ms>}) and are sent messages with {@code steer} at random times,
 * during the turn, around its end and after it. No message is lost or doubled: each appears exactly
 * once in the history, as a user message of the steerable turn (which lists it in its answer) or as
 * the input of a turn of its own (answered with its echo, then the messages steered into it), and
 * the messages appear in the order sent. The stream of a steered input ends with the end of the
 * turn it joined.
 */
@BatonStackTest
class SteerTurnIT {

  private static final Logger log = LoggerFactory.getLogger(SteerTurnIT.class);

  private static final int SESSIONS = 50;
  private static final int MESSAGES = 6;

  /** How many of a session's messages it sends after its steerable turn completed. */
  private static final int AFTER_THE_END = 2;

  /** The most steps of a session's steerable turn; each takes 1 to this many. */
  private static final int STEPS = 4;

  private static final int THINK_MS = 80;
  private static final int MAX_GAP_MS = 900;
  private static final Duration SETTLE = Duration.ofSeconds(120);

  @Test
  void shouldDeliverEverySteeredMessageExactlyOnceInOrder(
      StackAddresses stack, TestIds ids, @TempDir Path dir) throws Exception {
    try (BatonFleet fleet =
        BatonFleet.builder(stack, ids, dir).partitions(6).workers(0).maxInFlight(32).start()) {
      for (int w = 0; w < 2; w++) {
        startSteerableWorker(fleet, "steer-" + w);
      }
      BatonApi api = fleet.api(0);
      List<String> sessions = IntStream.range(0, SESSIONS).mapToObj(i -> ids.sessionId()).toList();
      Map<String, Map<String, String>> replies = new ConcurrentHashMap<>();

      long start = System.nanoTime();
      forEachConcurrently(sessions, session -> replies.put(session, drive(api, session)));
      log.info("{} sessions steered in {} ms", SESSIONS, millisSince(start));

      await()
          .atMost(SETTLE)
          .untilAsserted(
              () -> {
                for (String session : sessions) {
                  BatonApi.Reply state = api.session(session);
                  assertThat(state.text("status")).as("status of %s", session).isEqualTo("IDLE");
                  assertThat(state.json().get("queuedTurns")).as("queue of %s", session).isEmpty();
                }
              });
      log.info("every turn ended after {} ms", millisSince(start));

      int steered = 0;
      int requeued = 0;
      for (String session : sessions) {
        List<EventSummary> events = api.events(session);
        steered += checkHistory(session, api.history(session), events);
        checkEvents(session, events);
        requeued += requeued(events);
        assertThat(replies.get(session).values())
            .as("the replies to the steers of %s", session)
            .allMatch(status -> List.of("STEERED", "RUNNING", "QUEUED").contains(status));
      }
      log.info(
          "{} of {} messages reached a running turn; the rest started turns of their own, {} of"
              + " them steered into a turn that answered before its next step",
          steered,
          SESSIONS * MESSAGES,
          requeued);
      assertThat(steered).as("messages steered into running turns").isPositive();
      assertThat(steered).as("messages that started turns").isLessThan(SESSIONS * MESSAGES);
    }
  }

  @Test
  void shouldAnswerJoinedInputsWithTheAnswerOfTheTurnTheyJoined(
      StackAddresses stack, TestIds ids, @TempDir Path dir) throws Exception {
    try (BatonFleet fleet = BatonFleet.builder(stack, ids, dir).workers(0).start()) {
      startSteerableWorker(fleet, "join-1");
      BatonApi api = fleet.api(0);

      String steered = ids.sessionId();
      api.submitUntilDecided(steered, "main", "steerable 4 300", null, 0);
      BatonApi.Reply steer = api.submitUntilDecided(steered, "s-1", "turn left", "steer", 60);
      assertThat(steer.status()).as("%s", steer).isEqualTo(200);
      assertThat(steer.turnStatus()).isEqualTo("COMPLETED");
      assertThat(steer.text("joinedTurnId")).isEqualTo("main");
      assertThat(steer.text("answer")).isEqualTo("steered 1: turn left");

      String requeued = ids.sessionId();
      api.submitUntilDecided(requeued, "slow", "sleep 1500 first", null, 0);
      BatonApi.Reply left = api.submitUntilDecided(requeued, "s-1", "left", "steer", 0);
      assertThat(left.turnStatus()).as("%s", left).isEqualTo("STEERED");
      BatonApi.Reply right = api.submitUntilDecided(requeued, "s-2", "right", "steer", 60);
      assertThat(right.status()).as("%s", right).isEqualTo(200);
      assertThat(right.text("joinedTurnId"))
          .as("an input the ended turn did not take joins the next turn")
          .isEqualTo("s-1");
      assertThat(right.text("answer")).isEqualTo(EchoAgent.answerTo("left") + " | right");

      String merged = ids.sessionId();
      api.submitUntilDecided(merged, "slow", "sleep 1500 first", null, 0);
      api.submitUntilDecided(merged, "q-1", "one", "enqueue", 0);
      BatonApi.Reply two = api.submitUntilDecided(merged, "m-2", "two", "merge", 0);
      assertThat(two.turnStatus()).isEqualTo("QUEUED");
      assertThat(two.text("joinedTurnId")).isEqualTo("q-1");
      BatonApi.Reply three = api.submitUntilDecided(merged, "m-3", "three", "merge", 60);
      assertThat(three.status()).as("%s", three).isEqualTo(200);
      String answer = EchoAgent.answerTo("one") + " | two | three";
      assertThat(three.text("answer")).as("the echo, then the merged messages").isEqualTo(answer);
      assertThat(api.history(merged))
          .filteredOn(h -> "q-1".equals(h.turnId()))
          .extracting(HistoryMessage::role, HistoryMessage::content)
          .containsExactly(
              Tuple.tuple("USER", "one"),
              Tuple.tuple("USER", "two"),
              Tuple.tuple("USER", "three"),
              Tuple.tuple("ASSISTANT", answer));
    }
  }

  /**
   * The stream of an input steered into a running turn, opened while the turn runs, and that of one
   * submitted and streamed in one request, both end by themselves with the end of the turn they
   * joined; a resume after {@code turn.steered} gets that end once, and one after it nothing.
   */
  @Test
  @Timeout(120)
  void shouldEndTheStreamOfASteeredInputWithTheEndOfTheTurnItJoined(
      StackAddresses stack, TestIds ids, @TempDir Path dir) throws Exception {
    try (BatonFleet fleet = BatonFleet.builder(stack, ids, dir).workers(0).start();
        BatonClient client =
            BatonClient.create(URI.create("http://127.0.0.1:" + fleet.coordinator(0).httpPort()))) {
      startSteerableWorker(fleet, "stream-1");
      BatonApi api = fleet.api(0);
      String session = ids.sessionId();
      BatonApi.Reply main = api.submitUntilDecided(session, "main", "steerable 3 1500", null, 0);
      assertThat(main.turnStatus()).as("%s", main).isEqualTo("RUNNING");
      BatonApi.Reply steer = api.submitUntilDecided(session, "s-1", "turn left", "steer", 0);
      assertThat(steer.turnStatus()).as("%s", steer).isEqualTo("STEERED");

      List<SseStream.Event> streamed;
      List<SseStream.Event> submitted = new ArrayList<>();
      try (SseStream stream = openStream(fleet, session, "s-1", null);
          TurnStream both =
              client.submitAndStream(
                  session,
                  "s-2",
                  "and right",
                  SubmitOptions.builder().onBusy(OnBusy.STEER).build())) {
        assertThat(stream.status()).isEqualTo(200);
        streamed = drain(stream);
        both.forEachRemaining(e -> submitted.add(new SseStream.Event(e.id(), e.type(), e.data())));
      }

      assertThat(api.turn(session, "main").text("answer"))
          .as("both inputs reached the running turn")
          .isEqualTo("steered 2: turn left | and right");
      for (List<SseStream.Event> events : List.of(streamed, submitted)) {
        assertThat(events)
            .extracting(SseStream.Event::type)
            .containsExactly("turn.steered", "turn.ended");
        assertThat(events.getFirst().data().path("intoTurnId").asText()).isEqualTo("main");
        SseStream.Event end = events.getLast();
        assertThat(end.data().path("status").asText()).isEqualTo("COMPLETED");
        assertThat(end.data().path("joinedTurnId").asText()).isEqualTo("main");
        assertThat(end.data().has("usage")).isTrue();
      }
      try (SseStream resumed = openStream(fleet, session, "s-1", streamed.getFirst().id())) {
        assertThat(drain(resumed)).containsExactly(streamed.getLast());
      }
      try (SseStream afterEnd = openStream(fleet, session, "s-1", streamed.getLast().id())) {
        assertThat(afterEnd.status()).as("after the terminal event").isEqualTo(204);
      }
    }
  }

  /** Starts a worker of the echo agent with the tool its steerable turns call. */
  private static void startSteerableWorker(BatonFleet fleet, String workerId) {
    fleet.startWorker(
        workerId,
        b ->
            b.redis(fleet.stack().redisUri())
                .tool(NotesTools.LIST_NOTES, OperationClass.READ, call -> ToolResult.ok("")));
  }

  private static SseStream openStream(
      BatonFleet fleet, String session, String turnId, String lastEventId) {
    return SseStream.open(
        fleet.coordinator(0).httpPort(),
        "/v1/sessions/" + session + "/turns/" + turnId + "/stream",
        lastEventId);
  }

  private static List<SseStream.Event> drain(SseStream stream) throws IOException {
    List<SseStream.Event> events = new ArrayList<>();
    for (Optional<SseStream.Event> e = stream.next(); e.isPresent(); e = stream.next()) {
      events.add(e.get());
    }
    return events;
  }

  /**
   * Starts the session's steerable turn, then sends its messages with {@code steer}, one after the
   * other at random gaps, the last {@link #AFTER_THE_END} once the turn completed (they start turns
   * of their own, or join one that a message started); answers the status each was accepted with,
   * by message.
   */
  private static Map<String, String> drive(BatonApi api, String session) {
    Random random = new Random(session.hashCode());
    BatonApi.Reply first =
        api.submitUntilDecided(
            session, "main", "steerable " + (1 + random.nextInt(STEPS)) + " " + THINK_MS, null, 0);
    assertThat(first.turnStatus()).as("%s: %s", session, first).isEqualTo("RUNNING");
    Map<String, String> statuses = new ConcurrentHashMap<>();
    for (int m = 1; m <= MESSAGES; m++) {
      if (m == MESSAGES - AFTER_THE_END + 1) {
        await()
            .atMost(SETTLE)
            .until(() -> "COMPLETED".equals(api.turn(session, "main").turnStatus()));
      }
      LockSupport.parkNanos(Duration.ofMillis(random.nextInt(MAX_GAP_MS)).toNanos());
      BatonApi.Reply reply = api.submitUntilDecided(session, "m-" + m, message(m), "steer", 0);
      assertThat(reply.status()).as("%s m-%d: %s", session, m, reply).isIn(200, 202);
      statuses.put("m-" + m, reply.turnStatus());
    }
    return statuses;
  }

  /**
   * Each message is in the history once, in the order sent: steered into the turn it joined (whose
   * answer lists the messages steered into it) or as the input of its own turn (answered with its
   * echo, then the messages a later steer put into that turn). Answers how many were steered into a
   * running turn.
   */
  private static int checkHistory(
      String session, List<HistoryMessage> history, List<EventSummary> events) {
    List<HistoryMessage> messages =
        history.stream()
            .filter(h -> h.role().equals("USER") && h.content().startsWith("message "))
            .toList();
    assertThat(messages)
        .as(
            "the messages of %s, once each, in the order sent; history %s; events %s",
            session, history, events)
        .extracting(HistoryMessage::content)
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, MESSAGES).mapToObj(m -> message(m)).toList());
    Map<String, List<String>> steeredInto = new ConcurrentHashMap<>();
    int steered = 0;
    for (HistoryMessage message : messages) {
      String own = "m-" + message.content().substring("message ".length());
      if (!message.turnId().equals(own)) {
        steeredInto
            .computeIfAbsent(message.turnId(), t -> new ArrayList<>())
            .add(message.content());
        steered++;
      }
    }
    for (HistoryMessage answer : history) {
      if (!answer.role().equals("ASSISTANT") || answer.content().isEmpty()) {
        continue;
      }
      List<String> into = steeredInto.getOrDefault(answer.turnId(), List.of());
      if (answer.content().startsWith("steered ")) {
        assertThat(answer.content())
            .as("the answer of %s/%s", session, answer.turnId())
            .isEqualTo("steered " + into.size() + ": " + String.join(" | ", into));
      } else if (answer.turnId().startsWith("m-") && !answer.content().startsWith("steerable")) {
        String own = message(Integer.parseInt(answer.turnId().substring(2)));
        assertThat(answer.content())
            .as(
                "the answer of %s/%s, its echo then what was steered into it",
                session, answer.turnId())
            .isEqualTo(
                Stream.concat(Stream.of(EchoAgent.answerTo(own)), into.stream())
                    .collect(Collectors.joining(" | ")));
      }
    }
    return steered;
  }

  /** Every message was accepted once: a {@code TurnSteered} or a turn of its own. */
  private static void checkEvents(String session, List<EventSummary> events) {
    for (int m = 1; m <= MESSAGES; m++) {
      String id = "m-" + m;
      long accepted =
          events.stream()
              .filter(e -> id.equals(e.turnId()) && e.type().equals("TurnAccepted"))
              .count();
      assertThat(accepted).as("TurnAccepted of %s/%s", session, id).isEqualTo(1);
    }
  }

  /** How many messages were steered into a turn that then ended before a step carried them. */
  private static int requeued(List<EventSummary> events) {
    List<String> steered =
        events.stream()
            .filter(e -> e.type().equals("TurnSteered"))
            .map(EventSummary::turnId)
            .toList();
    return (int)
        events.stream()
            .filter(e -> e.type().equals("TurnQueued") && steered.contains(e.turnId()))
            .count();
  }

  private static String message(int m) {
    return "message " + m;
  }

  @FunctionalInterface
  private interface SessionTask {
    void run(String session) throws Exception;
  }

  private static void forEachConcurrently(List<String> sessions, SessionTask task)
      throws Exception {
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>();
      for (String session : sessions) {
        futures.add(
            executor.submit(
                () -> {
                  task.run(session);
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    }
  }

  private static long millisSince(long start) {
    return Duration.ofNanos(System.nanoTime() - start).toMillis();
  }
}
