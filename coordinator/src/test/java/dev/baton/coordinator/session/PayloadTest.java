package dev.baton.coordinator.session;

import static dev.baton.coordinator.session.SessionFixture.attempt;
import static dev.baton.coordinator.session.SessionFixture.enqueue;
import static dev.baton.coordinator.session.SessionFixture.fixture;
import static dev.baton.coordinator.session.SessionFixture.running;
import static dev.baton.coordinator.session.ToolCallStepTest.finish;
import static dev.baton.coordinator.session.ToolCallStepTest.requestCalls;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The payload bodies of a state, which a store may keep apart and put back. */
class PayloadTest {

  private static final StepAttempt FIRST = attempt("t1", 1, 1, 1);
  private static final StepAttempt BATCH = attempt("t1", 1, 1, 2);
  private static final List<ToolCall> CALLS =
      List.of(
          new ToolCall("c0", 0, "read_a", "{}", OperationClass.READ),
          new ToolCall("c1", 1, "read_b", "{}", OperationClass.READ));

  @Test
  void shouldNameEveryBodyAndChangeNothingElse() {
    SessionState whole =
        fixture()
            .given(running("t1", "Hello", 1, 1))
            .givenCommands(requestCalls(FIRST, "", CALLS), finish(BATCH, "c0", "file a"))
            .when(enqueue("t2", "Later"))
            .after();
    Map<Payload, String> bodies = new HashMap<>();

    SessionState stripped =
        whole.withPayloads(
            (payload, body) -> {
              bodies.put(payload, body);
              return "";
            });

    assertThat(bodies)
        .containsOnly(
            Map.entry(new Payload.QueuedInput("t2"), "Later"),
            Map.entry(new Payload.ToolResultContent("t1", BATCH, "c0"), "file a"));
    assertThat(stripped.queue().getFirst().input()).isEmpty();
    assertThat(stripped.queue().getFirst().inputDigest()).isEqualTo(InputDigest.of("Later"));
    assertThat(stripped.activeTurn().orElseThrow().tools().orElseThrow().results())
        .containsExactly(new ToolResult("c0", "", false));
    assertThat(stripped.withPayloads((payload, body) -> bodies.get(payload))).isEqualTo(whole);
  }
}
