package dev.baton.cli.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.worker.Message;
import dev.baton.worker.Step;
import dev.baton.worker.StepResult;
import dev.baton.worker.ToolCall;
import dev.baton.worker.ToolResult;
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
  private final List<String> emitted = new ArrayList<>();
  private final EchoAgent agent = new EchoAgent(sleeps::add);

  @Test
  void shouldEchoTheInputAtOnce() throws InterruptedException {
    assertThat(agent.handle(step("hello"))).isEqualTo(StepResult.answer("echo: hello"));
    assertThat(sleeps).isEmpty();
  }

  @Test
  void shouldEmitTheAnswerWordByWord() throws InterruptedException {
    agent.handle(step("hello stream of baton"));

    assertThat(emitted).containsExactly("echo: ", "hello ", "stream ", "of ", "baton");
  }

  @Test
  void shouldEmitALongAnswerInAtMostTheMaximumOfDeltas() throws InterruptedException {
    String input = "word ".repeat(1000).strip();

    agent.handle(step(input));

    assertThat(emitted).hasSizeLessThanOrEqualTo(EchoAgent.MAX_ANSWER_DELTAS);
    assertThat(String.join("", emitted)).isEqualTo(EchoAgent.answerTo(input));
  }

  @Test
  void shouldEmitCountedDeltasAtTheIntervalAStreamInputAsksFor() throws InterruptedException {
    StepResult result = agent.handle(step("stream 4 250"));

    assertThat(emitted).containsExactly("0 ", "1 ", "2 ", "3 ");
    assertThat(sleeps)
        .containsExactly(Duration.ofMillis(250), Duration.ofMillis(250), Duration.ofMillis(250));
    assertThat(result).isEqualTo(StepResult.answer("echo: stream 4 250"));
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

  @Test
  void shouldAskForTheToolCallsOfAToolScriptInOrder() throws InterruptedException {
    StepResult result = agent.handle(step("tools: read a, read b, write a=hello, read a, list"));

    StepResult.ToolCalls calls = (StepResult.ToolCalls) result;
    assertThat(calls.calls())
        .extracting(ToolCall::name)
        .containsExactly("read_note", "read_note", "write_note", "read_note", "list_notes");
    assertThat(calls.calls())
        .extracting(ToolCall::argumentsJson)
        .containsExactly(
            "{\"name\":\"a\"}",
            "{\"name\":\"b\"}",
            "{\"name\":\"a\",\"text\":\"hello\"}",
            "{\"name\":\"a\"}",
            "{}");
    assertThat(sleeps).isEmpty();
  }

  @Test
  void shouldSummarizeTheToolResultsOnceTheTurnHasThem() throws InterruptedException {
    String input = "tools: read a, write a=hello, read a";
    List<Message> context =
        List.of(
            Message.user("earlier"),
            assistant(call("old-0")),
            Message.tool("old-0", ToolResult.ok("stale")),
            Message.user(input),
            assistant(call("c-0"), call("c-1"), call("c-2")),
            Message.tool("c-1", ToolResult.ok("wrote a")),
            Message.tool("c-0", ToolResult.error("no note a")),
            Message.tool("c-2", ToolResult.ok("hello")));

    assertThat(agent.handle(step(input, context)))
        .isEqualTo(
            StepResult.answer(
                "done: read a -> error: no note a, write a=hello -> wrote a, read a -> hello"));
  }

  @Test
  void shouldSayWhenAResultIsMissing() throws InterruptedException {
    String input = "tools: list";
    List<Message> context = List.of(Message.user(input), assistant(call("c-0")));

    assertThat(agent.handle(step(input, context)))
        .isEqualTo(StepResult.answer("done: list -> (no result)"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "tools: delete a",
        "tools: write a",
        "tools: read",
        "tools: ,",
        "tools: approve-me",
        "approve-me "
      })
  void shouldExplainAToolScriptItCannotUnderstand(String input) throws InterruptedException {
    StepResult.Answer answer = (StepResult.Answer) agent.handle(step(input));

    assertThat(answer.content()).startsWith("tools: ");
    assertThat(answer.content()).doesNotStartWith("echo");
  }

  @Test
  void shouldAskForOneCallOfTheApprovalToolWithTheWholeTextOfAnApproveMeInput()
      throws InterruptedException {
    StepResult result = agent.handle(step("approve-me deploy to prod, then tell me"));

    assertThat(((StepResult.ToolCalls) result).calls())
        .containsExactly(
            ToolCall.of(ApprovalTool.NAME, "{\"text\":\"deploy to prod, then tell me\"}"));
  }

  @Test
  void shouldAskForTheApprovalToolBesideNotesCallsInAToolScript() throws InterruptedException {
    StepResult result = agent.handle(step("tools: read a, approve-me deploy, list"));

    assertThat(((StepResult.ToolCalls) result).calls())
        .extracting(ToolCall::name)
        .containsExactly("read_note", ApprovalTool.NAME, "list_notes");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void shouldAnswerAnApproveMeInputWithTheCallsResult(boolean approved)
      throws InterruptedException {
    String input = "approve-me deploy to prod";
    ToolResult result =
        approved
            ? ApprovalTool.answer("{\"text\":\"deploy to staging\"}")
            : ToolResult.error("Not run: the call of approve-me was denied by alice: not today");
    List<Message> context =
        List.of(
            Message.user(input),
            assistant(ToolCall.of("c-0", ApprovalTool.NAME, ApprovalTool.arguments("x"))),
            Message.tool("c-0", result));

    StepResult answer = agent.handle(step(input, context));

    assertThat(answer)
        .isEqualTo(
            StepResult.answer(
                approved
                    ? "done: approve-me deploy to prod -> approved: {\"text\":\"deploy to staging\"}"
                    : "done: approve-me deploy to prod -> error: Not run: the call of approve-me"
                        + " was denied by alice: not today"));
  }

  private static Message assistant(ToolCall... calls) {
    return Message.assistant("", List.of(calls));
  }

  @Test
  void shouldCallAToolInEachStepOfASteerableTurnAfterThinking() throws Exception {
    StepResult result = agent.handle(step("steerable 2 250", List.of(), 1, List.of()));

    assertThat(result).isInstanceOf(StepResult.ToolCalls.class);
    assertThat(((StepResult.ToolCalls) result).calls())
        .extracting(ToolCall::name)
        .containsExactly(NotesTools.LIST_NOTES);
    assertThat(sleeps).containsExactly(Duration.ofMillis(250));
  }

  @Test
  void shouldAnswerASteerableTurnWithTheSteeredMessagesItSaw() throws Exception {
    List<Message> steered = List.of(Message.user("left"), Message.user("then right"));

    StepResult result = agent.handle(step("steerable 2 250", List.of(), 2, steered));

    assertThat(result).isEqualTo(StepResult.answer("steered 2: left | then right"));
    assertThat(sleeps).isEmpty();
  }

  @Test
  void shouldRunAToolScriptWhoseTurnWasSteered() throws Exception {
    Message steered = Message.user("also this");
    List<Message> context =
        List.of(
            Message.user("tools: read a"),
            Message.assistant("", List.of(call("c-0"))),
            Message.tool("c-0", ToolResult.ok("hello")),
            steered);

    StepResult result = agent.handle(step("tools: read a", context, 1, List.of(steered)));

    assertThat(result).isEqualTo(StepResult.answer("done: read a -> hello"));
  }

  private static ToolCall call(String callId) {
    return ToolCall.of(callId, "read_note", "{}");
  }

  private Step step(String input) {
    return step(input, List.of());
  }

  private Step step(String input, List<Message> context) {
    return step(input, context, 0, List.of());
  }

  private Step step(String input, List<Message> context, int number, List<Message> steered) {
    return new Step() {
      @Override
      public List<Message> steered() {
        return steered;
      }

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
        return number;
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
        return context;
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
      public void emit(String text) {
        emitted.add(text);
      }
    };
  }

  @Test
  void shouldEchoTheMessagesSteeredOrMergedIntoAPlainTurnAfterItsInput() throws Exception {
    List<Message> merged = List.of(Message.user("order 4711"), Message.user("is late"));

    StepResult result = new EchoAgent().handle(step("hi", List.of(), 1, merged));

    assertThat(result).isEqualTo(StepResult.answer("echo: hi | order 4711 | is late"));
  }
}
