package dev.baton.client;

import static dev.baton.client.FakeCoordinator.json;
import static dev.baton.client.FakeCoordinator.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Submits and status requests against a fake coordinator. */
class BatonClientTest {

  private FakeCoordinator coordinator;

  @BeforeEach
  void start() throws Exception {
    coordinator = FakeCoordinator.start();
  }

  @AfterEach
  void stop() {
    coordinator.close();
  }

  @Test
  void shouldSubmitAgainWithTheSameTurnIdUntilTheCoordinatorAnswers() {
    coordinator
        .then(problem(503, "NOT_READY"))
        .then(
            json(
                200,
                "{\"sessionId\":\"s-1\",\"turnId\":\"t-1\",\"status\":\"COMPLETED\","
                    + "\"answer\":\"echo: hi\"}"));
    SubmitOptions options =
        SubmitOptions.builder().waitFor(Duration.ofMillis(1500)).onBusy(OnBusy.ROLLBACK).build();

    TurnAnswer answer;
    try (BatonClient client = client()) {
      answer = client.submit("s-1", "t-1", "hi", options);
    }

    assertThat(answer)
        .isEqualTo(
            new TurnAnswer("s-1", "t-1", "COMPLETED", Optional.of("echo: hi"), Optional.empty()));
    assertThat(answer.ended()).isTrue();
    assertThat(answer.completed()).isTrue();
    List<FakeCoordinator.Request> requests = coordinator.requests();
    assertThat(requests).hasSize(2);
    assertThat(requests)
        .allSatisfy(
            request -> {
              assertThat(request.rawPath()).isEqualTo("/v1/sessions/s-1/turns?wait=2");
              assertThat(request.body())
                  .isEqualTo("{\"turnId\":\"t-1\",\"input\":\"hi\",\"onBusy\":\"rollback\"}");
            });
  }

  @Test
  void shouldSendTheDebounceOfASubmitInMilliseconds() {
    coordinator.then(
        json(202, "{\"sessionId\":\"s-1\",\"turnId\":\"t-1\",\"status\":\"RUNNING\"}"));
    SubmitOptions options =
        SubmitOptions.builder().onBusy(OnBusy.MERGE).debounce(Duration.ofMillis(750)).build();

    try (BatonClient client = client()) {
      client.submit("s-1", "t-1", "hi", options);
    }

    assertThat(coordinator.requests().getFirst().body())
        .isEqualTo("{\"turnId\":\"t-1\",\"input\":\"hi\",\"onBusy\":\"merge\",\"debounceMs\":750}");
    assertThatThrownBy(() -> SubmitOptions.builder().debounce(Duration.ofMinutes(2)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRaiseARefusedSubmitAsAProblemWithItsCodeAndField() {
    coordinator.then(
        json(
            400,
            "{\"status\":400,\"code\":\"MISSING_INPUT\",\"field\":\"input\",\"detail\":\"x\"}"));

    try (BatonClient client = client()) {
      assertThatThrownBy(() -> client.submit("s-1", "t-1", " ", SubmitOptions.DEFAULTS))
          .isInstanceOfSatisfying(
              ProblemException.class,
              e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.code()).isEqualTo("MISSING_INPUT");
                assertThat(e.field()).contains("input");
                assertThat(e.isRetryable()).isFalse();
              })
          .hasMessageContaining("answered 400 for " + coordinator.uri() + "/v1/sessions/s-1/turns");
    }
  }

  @Test
  void shouldWaitWhatATenantLimitsRetryAfterAsksBeforeSubmittingAgain() {
    coordinator
        .then(problem(429, "SUBMIT_RATE_EXCEEDED", "1"))
        .then(json(202, "{\"sessionId\":\"s-1\",\"turnId\":\"t-1\",\"status\":\"RUNNING\"}"));
    ClientOptions options =
        ClientOptions.builder(coordinator.uri())
            .initialBackoff(Duration.ofMillis(1))
            .maxBackoff(Duration.ofSeconds(2))
            .build();

    long start = System.nanoTime();
    try (BatonClient client = BatonClient.create(options)) {
      assertThat(client.submit("s-1", "t-1", "hi", SubmitOptions.DEFAULTS).status())
          .isEqualTo("RUNNING");
    }

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("the Retry-After of the 429")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(coordinator.requests()).hasSize(2);
  }

  @Test
  void shouldLeaveARetryAfterLongerThanItsMaximumBackoffToTheCaller() {
    coordinator.then(problem(429, "TOO_MANY_ACTIVE_TURNS", "30"));

    try (BatonClient client = client()) {
      assertThatThrownBy(() -> client.submit("s-1", "t-1", "hi", SubmitOptions.DEFAULTS))
          .isInstanceOfSatisfying(
              ProblemException.class,
              e -> {
                assertThat(e.code()).isEqualTo("TOO_MANY_ACTIVE_TURNS");
                assertThat(e.isRetryable()).isTrue();
                assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
              });
    }
    assertThat(coordinator.requests()).hasSize(1);
  }

  @Test
  void shouldGiveATurnAnIdWhenTheCallerDoesNot() {
    coordinator.then(json(202, "{\"sessionId\":\"s-1\",\"turnId\":\"x\",\"status\":\"RUNNING\"}"));

    try (BatonClient client = client()) {
      TurnAnswer answer = client.submit("s-1", null, "hi", SubmitOptions.DEFAULTS);
      assertThat(answer.ended()).isFalse();
    }
    assertThat(coordinator.requests().getFirst().body())
        .matches(".*\"turnId\":\"[0-9a-f-]{36}\".*");
  }

  @Test
  void shouldReadATurnsStatus() {
    coordinator.then(
        json(
            200,
            "{\"sessionId\":\"s-1\",\"turnId\":\"t-1\",\"status\":\"FAILED\",\"error\":\"E\"}"));

    try (BatonClient client = client()) {
      TurnAnswer answer = client.status("s-1", "t-1");
      assertThat(answer.ended()).isTrue();
      assertThat(answer.completed()).isFalse();
      assertThat(answer.error()).contains("E");
    }
    assertThat(coordinator.requests().getFirst().rawPath()).isEqualTo("/v1/sessions/s-1/turns/t-1");
  }

  @Test
  void shouldForkASessionAndAnswerWithTheForksHistoryBounds() {
    coordinator.then(
        json(
            201,
            "{\"sessionId\":\"s/b\",\"status\":\"IDLE\",\"paused\":false,"
                + "\"history\":{\"fromSeq\":1,\"nextSeq\":5},\"nextEventSeq\":5}"));

    ForkedSession fork;
    try (BatonClient client = client()) {
      fork = client.fork("s 1", 4, "s/b");
    }

    assertThat(fork).isEqualTo(new ForkedSession("s/b", "IDLE", 1, 5));
    FakeCoordinator.Request request = coordinator.requests().getFirst();
    assertThat(request.rawPath()).isEqualTo("/v1/sessions/s%201/fork");
    assertThat(request.body()).isEqualTo("{\"sessionId\":\"s/b\",\"atSeq\":4}");
  }

  @Test
  void shouldRaiseARefusedForkAsAProblemWithItsCode() {
    coordinator.then(problem(422, "HISTORY_TOO_LARGE"));

    try (BatonClient client = client()) {
      assertThatThrownBy(() -> client.fork("s-1", 4, "s-2"))
          .isInstanceOfSatisfying(
              ProblemException.class,
              e -> {
                assertThat(e.status()).isEqualTo(422);
                assertThat(e.code()).isEqualTo("HISTORY_TOO_LARGE");
                assertThat(e.isRetryable()).isFalse();
              })
          .hasMessageContaining("/v1/sessions/s-1/fork");
    }
    assertThat(coordinator.requests()).hasSize(1);
  }

  @Test
  void shouldGiveUpOnAnUnreachableCoordinatorAfterItsRetries() {
    URI closed = coordinator.uri();
    coordinator.close();
    ClientOptions options =
        ClientOptions.builder(closed)
            .maxRetries(1)
            .initialBackoff(Duration.ofMillis(1))
            .maxBackoff(Duration.ofMillis(1))
            .build();

    try (BatonClient client = BatonClient.create(options)) {
      assertThatThrownBy(() -> client.submit("s-1", "t-1", "hi", SubmitOptions.DEFAULTS))
          .isInstanceOfSatisfying(
              BatonClientException.class, e -> assertThat(e.isRetryable()).isTrue())
          .hasMessageStartingWith("submit of turn t-1 to session s-1 failed after 2 attempt(s)");
    }
  }

  @Test
  void shouldRefuseABaseUriThatIsNotHttp() {
    assertThatThrownBy(() -> ClientOptions.builder(URI.create("ftp://x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http(s)://host[:port][/path]");
  }

  private BatonClient client() {
    return BatonClient.create(
        ClientOptions.builder(coordinator.uri())
            .initialBackoff(Duration.ofMillis(1))
            .maxBackoff(Duration.ofMillis(10))
            .build());
  }
}
