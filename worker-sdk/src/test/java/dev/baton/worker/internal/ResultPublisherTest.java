package dev.baton.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.schemas.avro.AgentAnswered;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.Message;
import dev.baton.schemas.avro.Role;
import dev.baton.schemas.avro.StepFailed;
import dev.baton.schemas.avro.ToolCallAssignment;
import dev.baton.schemas.avro.ToolCallFinished;
import dev.baton.schemas.avro.WorkerResult;
import dev.baton.worker.ToolResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class ResultPublisherTest {

  private static final Instant NOW = Instant.parse("2026-02-03T04:05:06Z");
  private static final int LIMIT = 4_096;

  private final TestAssignments assignments = new TestAssignments();
  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  private final ResultPublisher publisher =
      new ResultPublisher(
          producer,
          assignments.resultSerde(),
          assignments.deltaSerde(),
          new ResultPublisher.Topics("results", "stream"),
          "w-1",
          Clock.fixed(NOW, ZoneOffset.UTC),
          LIMIT);

  @Test
  void shouldPublishAResultWithinTheLimitAsItIs() {
    Assignment step = TestAssignments.agentStep("s-1", "hi", 7);

    publisher.publish(step, answer("x".repeat(LIMIT / 2))).join();

    AgentAnswered answered = (AgentAnswered) onlyResult().getBody();
    assertThat(answered.getMessage().getContent()).hasSize(LIMIT / 2);
  }

  @Test
  void shouldTurnAToolResultOverTheLimitIntoAnErrorResultOfTheSameCall() {
    Assignment call = TestAssignments.toolCall("s-1", "read", 7);
    ToolCallAssignment body = (ToolCallAssignment) call.getBody();
    Object finished =
        WorkerResults.toolCallFinished(
            body, ToolResult.ok("x".repeat(LIMIT * 2)), NOW, NOW, Duration.ZERO);

    publisher.publish(call, finished).join();

    ToolCallFinished published = (ToolCallFinished) onlyResult().getBody();
    assertThat(published.getCallId()).isEqualTo(body.getCallId());
    assertThat(published.getToolResult().getIsError()).isTrue();
    assertThat(published.getToolResult().getContent())
        .startsWith("LIMIT_RECORD_SIZE")
        .contains(Integer.toString(LIMIT));
    assertThat(producer.history().getFirst().value().length).isLessThanOrEqualTo(LIMIT);
  }

  @Test
  void shouldReportAnAnswerOverTheLimitAsAFailureThatIsNotRetried() {
    Assignment step = TestAssignments.agentStep("s-1", "hi", 7);

    publisher.publish(step, answer("x".repeat(LIMIT * 2))).join();

    StepFailed failed = (StepFailed) onlyResult().getBody();
    assertThat(failed.getRetryable()).isFalse();
    assertThat(failed.getError().getCode()).isEqualTo(WorkerResults.LIMIT_RECORD_SIZE);
  }

  private static AgentAnswered answer(String text) {
    return AgentAnswered.newBuilder()
        .setMessage(Message.newBuilder().setRole(Role.ASSISTANT).setContent(text).build())
        .build();
  }

  private WorkerResult onlyResult() {
    assertThat(producer.history()).hasSize(1);
    return assignments.result(producer.history().getFirst());
  }
}
