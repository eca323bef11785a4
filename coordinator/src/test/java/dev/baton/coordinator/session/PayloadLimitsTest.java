package dev.baton.coordinator.session;

import static dev.baton.coordinator.session.SessionFixture.answer;
import static dev.baton.coordinator.session.SessionFixture.attempt;
import static dev.baton.coordinator.session.SessionFixture.fixture;
import static dev.baton.coordinator.session.SessionFixture.running;
import static dev.baton.coordinator.session.ToolCallStepTest.finish;
import static dev.baton.coordinator.session.ToolCallStepTest.requestCalls;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.SessionEvent.StepAssigned;
import dev.baton.coordinator.session.SessionEvent.StepFailed;
import dev.baton.coordinator.session.SessionEvent.ToolCallFinished;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What workers send back is bounded in bytes, so that no payload can grow a record past the
 * broker's limit: too large tool calls or answers fail the step attempt, typed, and a too large
 * tool result becomes the call's error result.
 */
class PayloadLimitsTest {

  private static final StepAttempt FIRST = attempt("t1", 1, 1, 1);
  private static final StepAttempt BATCH = attempt("t1", 1, 1, 2);
  private static final SessionLimits SMALL =
      SessionLimits.builder()
          .payloads(
              PayloadLimits.builder()
                  .maxToolCallBytes(100)
                  .maxStepToolCallBytes(150)
                  .maxAnswerBytes(50)
                  .maxToolResultBytes(40)
                  .build())
          .build();

  @Test
  void shouldFailTheStepAttemptWhenOneCallIsTooLarge() {
    ToolCall large = call("c1", "x".repeat(100));

    StepFailed failed =
        fixture(SMALL)
            .given(running("t1", "Hello", 1, 1))
            .when(requestCalls(FIRST, "", List.of(large)))
            .expectTypes(StepFailed.class, StepAssigned.class)
            .event(0, StepFailed.class);

    assertThat(failed.failure().code()).isEqualTo("LIMIT_TOOL_CALL_BYTES");
    assertThat(failed.failure().message()).contains("call c1 of write_note has 110 bytes > 100");
    assertThat(failed.willRetry()).isTrue();
  }

  @Test
  void shouldFailTheStepAttemptWhenItsCallsAreTooLargeTogether() {
    List<ToolCall> calls = List.of(call("c1", "a".repeat(65)), call("c2", "b".repeat(65)));

    StepFailed failed =
        fixture(SMALL)
            .given(running("t1", "Hello", 1, 1))
            .when(requestCalls(FIRST, "thinking", calls))
            .expectTypes(StepFailed.class, StepAssigned.class)
            .event(0, StepFailed.class);

    assertThat(failed.failure().message())
        .isEqualTo("LIMIT_TOOL_CALL_BYTES: the step's calls have 158 bytes > 150");
  }

  @Test
  void shouldFailTheStepAttemptWhenTheAnswerIsTooLarge() {
    StepFailed failed =
        fixture(SMALL)
            .given(running("t1", "Hello", 1, 1))
            .when(answer(FIRST, "y".repeat(51)))
            .expectTypes(StepFailed.class, StepAssigned.class)
            .event(0, StepFailed.class);

    assertThat(failed.failure().message()).isEqualTo("LIMIT_ANSWER_BYTES: 51 bytes > 50");
  }

  @Test
  void shouldKeepATooLargeToolResultAsAnErrorThatSaysSo() {
    ToolCallFinished finished =
        fixture(SMALL)
            .given(running("t1", "Hello", 1, 1))
            .givenCommands(requestCalls(FIRST, "", List.of(call("c1", "{}"), call("c2", "{}"))))
            .when(finish(BATCH, "c1", "z".repeat(41)))
            .expectTypes(ToolCallFinished.class)
            .expectState(
                state ->
                    assertThat(state.activeTurn().orElseThrow().tools().orElseThrow().result("c1"))
                        .hasValueSatisfying(r -> assertThat(r.isError()).isTrue()))
            .event(0, ToolCallFinished.class);

    assertThat(finished.result().isError()).isTrue();
    assertThat(finished.result().content())
        .isEqualTo(
            "LIMIT_TOOL_RESULT_BYTES: the output of write_note had 41 bytes, at most 40 are kept;"
                + " it was dropped");
  }

  private static ToolCall call(String callId, String arguments) {
    return new ToolCall(callId, 0, "write_note", arguments, OperationClass.WRITE);
  }
}
