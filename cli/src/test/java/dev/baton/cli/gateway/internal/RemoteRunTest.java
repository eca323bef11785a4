package dev.baton.cli.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.cli.gateway.GatewayOptions;
import dev.baton.worker.StepFailedException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RemoteRunTest {

  private static final Capabilities AGENT = new Capabilities(true, Set.of());

  private final Deliveries deliveries = new Deliveries();
  private final AtomicBoolean turnStopped = new AtomicBoolean();

  private RemoteRun run(Duration heartbeatTimeout, Duration claimTimeout) {
    return new RemoteRun(
        deliveries,
        GatewayOptions.builder()
            .heartbeatTimeout(heartbeatTimeout)
            .claimTimeout(claimTimeout)
            .build());
  }

  private static RemoteDelivery agentStep(String id) {
    return new RemoteDelivery(
        id,
        new RemoteDelivery.Work.AgentStep(),
        new ObjectMapper().createObjectNode(),
        Optional.empty());
  }

  private Future<Optional<Object>> start(RemoteRun run, RemoteDelivery delivery) {
    return Executors.newVirtualThreadPerTaskExecutor()
        .submit(() -> run.run(delivery, turnStopped::get));
  }

  private RemoteDelivery claim() throws InterruptedException {
    return deliveries.claim(AGENT, Duration.ofSeconds(5)).orElseThrow();
  }

  @Test
  void shouldReturnTheResultTheRemoteWorkerPosts() throws Exception {
    Future<Optional<Object>> running =
        start(run(Duration.ofSeconds(5), Duration.ofSeconds(5)), agentStep("d-1"));
    RemoteDelivery claimed = claim();

    assertThat(claimed.finish(EndReason.COMPLETED)).isTrue();
    claimed.outcome().complete("answer");

    assertThat(running.get()).contains("answer");
    assertThat(deliveries.find("d-1")).isEqualTo(new Deliveries.Lookup.Ended(EndReason.COMPLETED));
  }

  @Test
  void shouldFailRetryablyAndEndTheDeliveryWhenHeartbeatsStop() throws Exception {
    Future<Optional<Object>> running =
        start(run(GatewayOptions.MIN_HEARTBEAT_TIMEOUT, Duration.ofSeconds(5)), agentStep("d-1"));
    RemoteDelivery claimed = claim();

    assertThatThrownBy(running::get)
        .hasCauseInstanceOf(StepFailedException.class)
        .cause()
        .satisfies(e -> assertThat(((StepFailedException) e).isRetryable()).isTrue())
        .hasMessageContaining("sent no heartbeat");
    assertThat(claimed.finish(EndReason.COMPLETED)).as("a late result counts").isFalse();
    assertThat(deliveries.find("d-1"))
        .isEqualTo(new Deliveries.Lookup.Ended(EndReason.HEARTBEAT_MISSED));
  }

  @Test
  void shouldKeepADeliveryWhoseHeartbeatsArrive() throws Exception {
    Future<Optional<Object>> running =
        start(run(GatewayOptions.MIN_HEARTBEAT_TIMEOUT, Duration.ofSeconds(5)), agentStep("d-1"));
    RemoteDelivery claimed = claim();
    long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();

    await()
        .pollInterval(Duration.ofMillis(50))
        .atMost(Duration.ofSeconds(2))
        .until(
            () -> {
              claimed.heartbeat();
              return System.nanoTime() > until;
            });
    assertThat(running).isNotDone();
    claimed.finish(EndReason.COMPLETED);
    claimed.outcome().complete("late but alive");

    assertThat(running.get()).contains("late but alive");
  }

  @Test
  void shouldTellTheWorkerOfACancelAndRethrowItsFailure() throws Exception {
    Future<Optional<Object>> running =
        start(run(Duration.ofSeconds(5), Duration.ofSeconds(5)), agentStep("d-1"));
    RemoteDelivery claimed = claim();

    turnStopped.set(true);
    await().atMost(Duration.ofSeconds(2)).until(claimed::isCancelled);
    claimed.finish(EndReason.FAILED);
    claimed.outcome().completeExceptionally(StepFailedException.nonRetryable("X", "gave up"));

    assertThatThrownBy(running::get).hasCauseInstanceOf(StepFailedException.class);
  }

  @Test
  void shouldWithdrawAnUnclaimedDeliveryOfAStoppedTurn() throws Exception {
    Future<Optional<Object>> running =
        start(run(Duration.ofSeconds(5), Duration.ofSeconds(5)), agentStep("d-1"));

    turnStopped.set(true);

    assertThat(running.get()).isEmpty();
    assertThat(deliveries.claim(AGENT, Duration.ZERO)).isEmpty();
    assertThat(deliveries.find("d-1")).isEqualTo(new Deliveries.Lookup.Ended(EndReason.CANCELLED));
  }

  @Test
  void shouldGiveBackADeliveryNobodyClaims() {
    Future<Optional<Object>> running =
        start(run(Duration.ofSeconds(5), Duration.ofMillis(200)), agentStep("d-1"));

    assertThatThrownBy(running::get)
        .hasCauseInstanceOf(StepFailedException.class)
        .hasMessageContaining("no remote worker claimed");
    assertThat(deliveries.find("d-1")).isEqualTo(new Deliveries.Lookup.Ended(EndReason.UNCLAIMED));
  }

  @Test
  void shouldEndAnInterruptedDelivery() throws Exception {
    CompletableFuture<Thread> handler = new CompletableFuture<>();
    RemoteRun run = run(Duration.ofSeconds(5), Duration.ofSeconds(5));
    Future<Optional<Object>> running =
        Executors.newVirtualThreadPerTaskExecutor()
            .submit(
                () -> {
                  handler.complete(Thread.currentThread());
                  return run.run(agentStep("d-1"), turnStopped::get);
                });
    claim();

    handler.get().interrupt();

    assertThatThrownBy(running::get).hasCauseInstanceOf(InterruptedException.class);
    assertThat(deliveries.find("d-1"))
        .isEqualTo(new Deliveries.Lookup.Ended(EndReason.INTERRUPTED));
  }

  @Test
  void shouldHandADeliveryOnlyToAWorkerThatRunsItsKind() throws Exception {
    deliveries.offer(
        new RemoteDelivery(
            "d-1",
            new RemoteDelivery.Work.ToolCall("recall"),
            new ObjectMapper().createObjectNode(),
            Optional.empty()));

    assertThat(deliveries.claim(AGENT, Duration.ZERO)).isEmpty();
    assertThat(deliveries.claim(new Capabilities(false, Set.of("remember")), Duration.ZERO))
        .isEmpty();
    assertThat(deliveries.claim(new Capabilities(false, Set.of("recall")), Duration.ZERO))
        .map(RemoteDelivery::id)
        .contains("d-1");
    assertThat(deliveries.find("nope")).isEqualTo(new Deliveries.Lookup.Unknown());
  }
}
