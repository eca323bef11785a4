package dev.baton.client;

import static dev.baton.client.FakeCoordinator.delta;
import static dev.baton.client.FakeCoordinator.dropAfter;
import static dev.baton.client.FakeCoordinator.end;
import static dev.baton.client.FakeCoordinator.event;
import static dev.baton.client.FakeCoordinator.noContent;
import static dev.baton.client.FakeCoordinator.problem;
import static dev.baton.client.FakeCoordinator.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A turn stream against a fake coordinator that drops, cuts, stalls or refuses it: the caller sees
 * every event once and in order, and each reconnection asks for the events after the last one
 * delivered.
 */
class TurnStreamTest {

  private FakeCoordinator coordinator;
  private FakeCoordinator other;

  @BeforeEach
  void start() throws Exception {
    coordinator = FakeCoordinator.start();
    other = FakeCoordinator.start();
  }

  @AfterEach
  void stop() {
    coordinator.close();
    other.close();
  }

  @Test
  void shouldResumeADroppedStreamAfterTheLastEventDelivered() {
    coordinator
        .then(dropAfter(delta("1"), delta("2"), "id: 3\nevent: delta\ndata: {\"te"))
        .then(stream(delta("3"), end("4")));

    try (BatonClient client = client(coordinator);
        TurnStream turn = client.stream("s-1", "t-1")) {
      assertThat(ids(turn)).containsExactly("1", "2", "3", "4");
      assertThat(turn.reconnects()).isEqualTo(1);
      assertThat(turn.lastEventId()).isEqualTo("4");
    }
    assertThat(coordinator.requests())
        .extracting(FakeCoordinator.Request::lastEventId)
        .containsExactly(null, "2");
    assertThat(coordinator.requests().getFirst().rawPath())
        .isEqualTo("/v1/sessions/s-1/turns/t-1/stream");
    assertThat(coordinator.requests().getFirst().accept()).isEqualTo("text/event-stream");
  }

  @Test
  void shouldFollowASessionPastEachTurnsEndAndResumeItsFeedAfterTheLastEvent() {
    coordinator
        .then(
            dropAfter(
                event("1", "turn.started", "{\"turnId\":\"t-1\"}"),
                event("2", "turn.ended", "{\"turnId\":\"t-1\",\"status\":\"COMPLETED\"}")))
        .then(
            stream(
                event("3", "turn.started", "{\"turnId\":\"t-2\"}"),
                event("4", "delta", "{\"turnId\":\"t-2\",\"text\":\"hi\"}")));

    List<String> seen = new ArrayList<>();
    try (BatonClient client = client(coordinator);
        SessionFeed feed = client.follow("s-1")) {
      for (int i = 0; i < 4; i++) {
        assertThat(feed.hasNext()).isTrue();
        TurnEvent event = feed.next();
        seen.add(event.turnId() + " " + event.type());
      }
      assertThat(feed.reconnects()).isEqualTo(1);
      assertThat(feed.lastEventId()).isEqualTo("4");
      feed.close();
      assertThat(feed.hasNext()).isFalse();
    }
    assertThat(seen)
        .containsExactly("t-1 turn.started", "t-1 turn.ended", "t-2 turn.started", "t-2 delta");
    assertThat(coordinator.requests())
        .extracting(FakeCoordinator.Request::lastEventId)
        .startsWith(null, "2");
    assertThat(coordinator.requests().getFirst().rawPath()).isEqualTo("/v1/sessions/s-1/stream");
  }

  @Test
  void shouldResumeOnTheNextCoordinatorAfterAStreamEndsBeforeItsLastEvent() {
    coordinator.then(stream(": heartbeat\n\n", delta("1")));
    other.then(stream(delta("2"), end("3")));

    try (BatonClient client = client(coordinator, other);
        TurnStream turn = client.stream("s-1", "t-1")) {
      assertThat(ids(turn)).containsExactly("1", "2", "3");
    }
    assertThat(coordinator.requests()).hasSize(1);
    assertThat(other.requests())
        .extracting(FakeCoordinator.Request::lastEventId)
        .containsExactly("1");
  }

  @Test
  void shouldResumeWhenTheCoordinatorCutsASlowClient() {
    coordinator
        .then(stream(delta("1"), event("1", "cut", "{\"reason\":\"slow\"}")))
        .then(stream(delta("2"), end("3")));

    try (BatonClient client = client(coordinator);
        TurnStream turn = client.stream("s-1", "t-1")) {
      assertThat(types(turn)).containsExactly("delta", "delta", "turn.ended");
    }
    assertThat(coordinator.requests().getLast().lastEventId()).isEqualTo("1");
  }

  @Test
  void shouldResumeAStreamThatFallsSilentPastTheIdleTimeout() {
    coordinator.then(coordinator.stallAfter(delta("1"))).then(stream(delta("2"), end("3")));
    ClientOptions options = fast(coordinator).idleTimeout(Duration.ofMillis(300)).build();

    try (BatonClient client = BatonClient.create(options);
        TurnStream turn = client.stream("s-1", "t-1")) {
      assertThat(ids(turn)).containsExactly("1", "2", "3");
    }
    assertThat(coordinator.requests().getLast().lastEventId()).isEqualTo("1");
  }

  @Test
  void shouldKeepAStreamThatOutlastsTheRequestTimeout() {
    Duration requestTimeout = Duration.ofMillis(200);
    coordinator.then(
        exchange -> {
          OutputStream out = FakeCoordinator.startStream(exchange, 0);
          out.write(delta("1").getBytes(StandardCharsets.UTF_8));
          out.flush();
          Thread.sleep(requestTimeout.multipliedBy(2)); // the turn's pace, not the test's
          out.write(end("2").getBytes(StandardCharsets.UTF_8));
          out.close();
        });
    ClientOptions options = fast(coordinator).requestTimeout(requestTimeout).build();

    try (BatonClient client = BatonClient.create(options);
        TurnStream turn = client.stream("s-1", "t-1")) {
      assertThat(ids(turn)).containsExactly("1", "2");
      assertThat(turn.reconnects()).isZero();
    }
  }

  @Test
  void shouldStartCountingRetriesAgainWithEachEventDelivered() {
    coordinator
        .then(dropAfter(delta("1")))
        .then(problem(503, "NOT_READY"))
        .then(dropAfter(delta("2")))
        .then(problem(503, "NOT_READY"))
        .then(stream(end("3")));
    ClientOptions options = fast(coordinator).maxRetries(2).build();

    try (BatonClient client = BatonClient.create(options);
        TurnStream turn = client.stream("s-1", "t-1")) {
      assertThat(ids(turn)).containsExactly("1", "2", "3");
    }
    assertThat(coordinator.requests())
        .extracting(FakeCoordinator.Request::lastEventId)
        .containsExactly(null, "1", "1", "2", "2");
  }

  @Test
  void shouldGiveUpAfterTheRetriesInARow() {
    coordinator
        .then(dropAfter(delta("1")))
        .then(problem(503, "NOT_READY"))
        .then(problem(504, "TIMEOUT"));
    ClientOptions options = fast(coordinator).maxRetries(2).build();

    try (BatonClient client = BatonClient.create(options);
        TurnStream turn = client.stream("s-1", "t-1")) {
      assertThat(turn.next().id()).isEqualTo("1");
      assertThatThrownBy(turn::hasNext)
          .isInstanceOfSatisfying(
              BatonClientException.class, e -> assertThat(e.isRetryable()).isTrue())
          .hasMessageContaining("failed after 3 attempt(s)")
          .hasMessageContaining("504")
          .hasMessageContaining("resume after event 1");
      assertThat(turn.hasNext()).isFalse();
    }
    assertThat(coordinator.requests()).hasSize(3);
  }

  @Test
  void shouldRaiseARefusalAtOnceAsAProblem() {
    coordinator.then(problem(404, "TURN_NOT_FOUND"));

    try (BatonClient client = client(coordinator)) {
      assertThatThrownBy(() -> client.stream("s-1", "nope"))
          .isInstanceOfSatisfying(
              ProblemException.class,
              e -> {
                assertThat(e.status()).isEqualTo(404);
                assertThat(e.code()).isEqualTo("TURN_NOT_FOUND");
                assertThat(e.isRetryable()).isFalse();
              });
    }
    assertThat(coordinator.requests()).hasSize(1);
  }

  @Test
  void shouldBeEmptyAfterTheTerminalEvent() {
    coordinator.then(noContent());

    try (BatonClient client = client(coordinator);
        TurnStream turn = client.stream("s-1", "t-1", "4")) {
      assertThat(turn.hasNext()).isFalse();
    }
    assertThat(coordinator.requests().getFirst().lastEventId()).isEqualTo("4");
  }

  @Test
  void shouldSubmitAndStreamThenResumeWithTheTurnsStream() {
    coordinator.then(dropAfter(delta("1"))).then(stream(end("2")));

    try (BatonClient client = client(coordinator);
        TurnStream turn =
            client.submitAndStream(
                "s-1", "t 1/ü", "hello", SubmitOptions.builder().onBusy(OnBusy.ENQUEUE).build())) {
      assertThat(ids(turn)).containsExactly("1", "2");
    }
    List<FakeCoordinator.Request> requests = coordinator.requests();
    assertThat(requests.getFirst().method()).isEqualTo("POST");
    assertThat(requests.getFirst().rawPath()).isEqualTo("/v1/sessions/s-1/turns");
    assertThat(requests.getFirst().accept()).isEqualTo("text/event-stream");
    assertThat(requests.getFirst().body())
        .isEqualTo("{\"turnId\":\"t 1/ü\",\"input\":\"hello\",\"onBusy\":\"enqueue\"}");
    assertThat(requests.getLast().method()).isEqualTo("GET");
    assertThat(requests.getLast().rawPath())
        .isEqualTo("/v1/sessions/s-1/turns/t%201%2F%C3%BC/stream");
    assertThat(requests.getLast().lastEventId()).isEqualTo("1");
  }

  @Test
  void shouldSubmitAgainWhenTheSubmitFailsBeforeItsStreamBegins() {
    coordinator.then(problem(503, "NOT_READY")).then(stream(delta("1"), end("2")));

    try (BatonClient client = client(coordinator);
        TurnStream turn = client.submitAndStream("s-1", null, "hello", SubmitOptions.DEFAULTS)) {
      assertThat(ids(turn)).containsExactly("1", "2");
    }
    List<FakeCoordinator.Request> requests = coordinator.requests();
    assertThat(requests)
        .extracting(FakeCoordinator.Request::method)
        .containsExactly("POST", "POST");
    assertThat(requests.getLast().body()).isEqualTo(requests.getFirst().body()).contains("turnId");
  }

  @Test
  void shouldStopReadingWhenClosedFromAnotherThread() {
    coordinator.then(coordinator.stallAfter(delta("1")));

    try (BatonClient client = client(coordinator)) {
      TurnStream turn = client.stream("s-1", "t-1");
      assertThat(turn.next().id()).isEqualTo("1");
      CompletableFuture<Void> closing = CompletableFuture.runAsync(client::close);
      assertThat(turn.hasNext()).isFalse();
      closing.join();
    }
    assertThat(coordinator.requests()).hasSize(1);
  }

  private static BatonClient client(FakeCoordinator... coordinators) {
    return BatonClient.create(fast(coordinators).build());
  }

  /** Retries with a short backoff, so that the tests run fast. */
  private static ClientOptions.Builder fast(FakeCoordinator... coordinators) {
    ClientOptions.Builder options =
        ClientOptions.builder(
            coordinators[0].uri(),
            Arrays.stream(coordinators).skip(1).map(FakeCoordinator::uri).toArray(URI[]::new));
    return options.initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(20));
  }

  private static List<String> ids(TurnStream turn) {
    List<String> ids = new ArrayList<>();
    turn.forEachRemaining(event -> ids.add(event.id()));
    return ids;
  }

  private static List<String> types(TurnStream turn) {
    List<String> types = new ArrayList<>();
    turn.forEachRemaining(event -> types.add(event.type()));
    return types;
  }
}
