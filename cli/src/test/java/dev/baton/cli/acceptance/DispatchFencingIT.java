package dev.baton.cli.acceptance;

import static dev.baton.worker.OperationClass.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.cli.testkit.TopicReader;
import dev.baton.coordinator.session.SessionLimits;
import dev.baton.coordinator.topology.TopologyOptions;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.WorkerResultIgnored;
import dev.baton.worker.Step;
import dev.baton.worker.StepResult;
import dev.baton.worker.ToolCall;
import dev.baton.worker.ToolInvocation;
import dev.baton.worker.ToolResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dispatch the coordinator gave up on cannot overwrite the work of the one that replaced it, with
 * Redis unreachable (ordered dispatch, no turn lock). The worker's first run of a write hangs past
 * its lease, as a paused process would; the coordinator sends the call out again, and that run
 * writes. When the zombie wakes and writes too, the tool's store, which keeps the highest token it
 * has seen, refuses it, because every dispatch carries a greater token than the call's earlier
 * ones; the zombie's result is ignored. Before dispatches had tokens of their own both runs carried
 * the step's token and the zombie's write replaced the newer one.
 */
@BatonStackTest
class DispatchFencingIT {

  private static final Duration LEASE = Duration.ofSeconds(4);

  private final FencedStore store = new FencedStore();
  private final List<Long> tokens = new CopyOnWriteArrayList<>();
  private final AtomicInteger runs = new AtomicInteger();
  private final CountDownLatch rewritten = new CountDownLatch(1);

  @Test
  void shouldLetAToolsStoreRefuseTheWriteOfADispatchThatOutlivedItsLease(
      StackAddresses stack, TestIds ids, @TempDir Path dir) {
    TopologyOptions topology =
        TopologyOptions.builder()
            .limits(SessionLimits.builder().lease(LEASE).maxStepAttempts(5).build())
            .build();
    try (BatonFleet fleet =
            BatonFleet.builder(stack, ids, dir)
                .partitions(1)
                .workers(0)
                .topology(topology)
                .start();
        TopicReader topics = new TopicReader(stack, fleet.layout())) {
      fleet.startWorker(
          "tools",
          b ->
              b.maxInFlight(4)
                  .redis("redis://127.0.0.1:" + unusedPort()) // unreachable: ordered dispatch
                  .leaseRenewInterval(Duration.ofMinutes(10)) // a paused process renews nothing
                  .agent(DispatchFencingIT::step)
                  .tool("write_note", WRITE, this::write));
      String session = ids.sessionId();

      BatonApi.Reply reply = fleet.api(0).submitUntilDecided(session, "t-1", "go", "reject", 90);

      assertThat(reply.turnStatus()).as(reply.toString()).isEqualTo("COMPLETED");
      await().atMost(Duration.ofSeconds(30)).until(() -> store.refused.size() == 1);
      assertThat(tokens).hasSize(2);
      long zombie = tokens.get(0);
      long current = tokens.get(1);
      assertThat(current).as("the re-dispatch's token").isGreaterThan(zombie);
      assertThat(reply.text("answer")).isEqualTo("done: wrote with " + current);
      assertThat(store.value).isEqualTo("written with " + current);
      assertThat(store.refused).containsExactly(zombie);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(ignoredDispatches(topics.catchUp().events().get(session)))
                      .as("the zombie's result is ignored")
                      .contains(zombie));
    }
  }

  /** Step 0 writes the note; step 1 answers with what the write said. */
  private static StepResult step(Step step) {
    if (step.number() == 0) {
      return StepResult.callTools(ToolCall.of("write_note", "{}"));
    }
    String result =
        step.context().stream()
            .flatMap(m -> m.toolResult().stream())
            .map(r -> r.result().content())
            .findFirst()
            .orElseThrow();
    return StepResult.answer("done: " + result);
  }

  /** The first run hangs until the re-dispatch has written, then writes as a zombie would. */
  private ToolResult write(ToolInvocation call) throws InterruptedException {
    long token = call.fencingToken();
    boolean first = runs.getAndIncrement() == 0;
    tokens.add(token);
    if (first && !rewritten.await(60, TimeUnit.SECONDS)) {
      return ToolResult.error("the call was never sent again");
    }
    boolean written = store.write("written with " + token, token);
    if (!first) {
      rewritten.countDown();
    }
    return written
        ? ToolResult.ok("wrote with " + token)
        : ToolResult.error("refused: token " + token + " is older than the store's");
  }

  private static List<Long> ignoredDispatches(List<SessionEvent> events) {
    return events == null
        ? List.of()
        : events.stream()
            .map(SessionEvent::getBody)
            .filter(WorkerResultIgnored.class::isInstance)
            .map(body -> ((WorkerResultIgnored) body).getDispatchToken())
            .toList();
  }

  private static int unusedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A store that keeps the highest fencing token it has seen and refuses lower ones. */
  private static final class FencedStore {
    private final List<Long> refused = new CopyOnWriteArrayList<>();
    private long highest;
    private volatile String value;

    synchronized boolean write(String newValue, long token) {
      if (token < highest) {
        refused.add(token);
        return false;
      }
      highest = token;
      value = newValue;
      return true;
    }
  }
}
