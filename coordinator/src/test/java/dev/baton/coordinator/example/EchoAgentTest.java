package dev.baton.coordinator.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.schemas.avro.Message;
import dev.baton.worker.Step;
import dev.baton.worker.StepResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EchoAgentTest {

  private final List<Duration> sleeps = new ArrayList<>();
  private final EchoAgent agent = new EchoAgent(sleeps::add);

  @Test
  void shouldEchoTheInputAtOnce() throws InterruptedException {
    assertThat(agent.handle(step("hello"))).isEqualTo(StepResult.answer("echo: hello"));
    assertThat(sleeps).isEmpty();
  }

  @Test
  void shouldWaitTheMillisecondsASleepPrefixAsksForThenEchoTheWholeInput()
      throws InterruptedException {
    StepResult result = agent.handle(step("sleep 500 hello world"));

    assertThat(sleeps).containsExactly(Duration.ofMillis(500));
    assertThat(result).isEqualTo(StepResult.answer("echo: sleep 500 hello world"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"sleep 500", "sleep x hello", "sleep -5 hello", " sleep 5 hi", "sleepy 5 a"})
  void shouldNotWaitForAnInputThatIsNotASleepPrefix(String input) throws InterruptedException {
    assertThat(agent.handle(step(input))).isEqualTo(StepResult.answer("echo: " + input));
    assertThat(sleeps).isEmpty();
  }

  @Test
  void shouldWaitNoLongerThanTheMaximum() {
    assertThat(EchoAgent.delayOf("sleep 999999999999 long")).contains(EchoAgent.MAX_SLEEP);
  }

  @Test
  void shouldReallyWaitByDefault() throws InterruptedException {
    long start = System.nanoTime();

    new EchoAgent().handle(step("sleep 30 hi"));

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(30));
  }

  private static Step step(String input) {
    return new Step() {
      @Override
      public String sessionId() {
        return "s-1";
      }

      @Override
      public String turnId() {
        return "t-1";
      }

      @Override
      public int number() {
        return 0;
      }

      @Override
      public int attempt() {
        return 0;
      }

      @Override
      public long fencingToken() {
        return 1;
      }

      @Override
      public String assignmentId() {
        return "a-1";
      }

      @Override
      public String input() {
        return input;
      }

      @Override
      public List<Message> context() {
        return List.of();
      }

      @Override
      public Map<String, String> metadata() {
        return Map.of();
      }

      @Override
      public Optional<Instant> deadline() {
        return Optional.empty();
      }

      @Override
      public boolean isCancelled() {
        return false;
      }

      @Override
      public void emit(String text) {}
    };
  }
}
