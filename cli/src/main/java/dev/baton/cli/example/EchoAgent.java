package dev.baton.cli.example;

import dev.baton.worker.AgentHandler;
import dev.baton.worker.Message;
import dev.baton.worker.Message.Role;
import dev.baton.worker.Step;
import dev.baton.worker.StepResult;
import dev.baton.worker.ToolCall;
import dev.baton.worker.ToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example agent: it answers {@code echo: <input>}, with the whole input, or runs a script of
 * tool calls on the {@link NotesTools} and the {@link ApprovalTool}. An input that starts with
 * {@code sleep <ms> } (the word {@code sleep}, a space, a whole number of milliseconds, a space)
 * makes it wait that long first, so busy sessions and long turns can be shown; the answer still
 * echoes the whole input.
 *
 * <pre>{@code
 * "hello"            -> "echo: hello"                 at once
 * "sleep 500 hello"  -> "echo: sleep 500 hello"       after 500 ms
 * "sleep 500"        -> "echo: sleep 500"             at once (no space after the number)
 * }</pre>
 *
 * <p>Messages steered or merged into the turn ({@link Step#steered()}) follow the echo, each after
 * {@code " | "}: {@code "hi"} with {@code "order 4711 is late"} merged answers {@code "echo: hi |
 * order 4711 is late"}.
 *
 * <p>The wait is interruptible: a worker shutting down now interrupts it, and the step is delivered
 * again.
 *
 * <p>The answer is streamed as it would be from a model: emitted word by word ({@link Step#emit},
 * at most {@value #MAX_ANSWER_DELTAS} deltas) before the step answers. An input {@code stream <n>
 * <ms>} emits {@code n} deltas {@code "0 "}, {@code "1 "}, ... one every {@code ms} milliseconds
 * (at most {@value #MAX_STREAM_DELTAS} deltas, {@link #MAX_SLEEP} apart), then answers {@code echo:
 * stream <n> <ms>}:
 *
 * <pre>{@code
 * "hello baton"      -> deltas "echo: ", "hello ", "baton"; answer "echo: hello baton"
 * "stream 3 100"     -> deltas "0 ", "1 ", "2 " 100 ms apart; answer "echo: stream 3 100"
 * }</pre>
 *
 * <p>An input {@code steerable <n> <ms>} is a slow turn that can be steered: see {@link
 * SteerableTurn}.
 *
 * <p>An input that starts with {@code tools:} is a script of notes operations, separated by commas:
 * {@code read <name>}, {@code write <name>=<text>}, {@code list}. The first step of the turn asks
 * for all of them at once as tool calls, in order, so the turn lock shows at work: the reads before
 * a write overlap, the write runs alone, the reads after it wait. The next step, which sees the
 * results in its context, answers with a summary:
 *
 * <pre>{@code
 * "tools: read a, write a=hello, read a"
 *   step 0 -> read_note{name:a}, write_note{name:a,text:hello}, read_note{name:a}
 *   step 1 -> "done: read a -> error: no note a, write a=hello -> wrote a, read a -> hello"
 * }</pre>
 *
 * <p>An input {@code approve-me <text>} asks for one call of {@link ApprovalTool} ({@value
 * ApprovalTool#NAME}), whose calls wait for a person's approval; a script may ask for it too
 * ({@code approve-me <text>} among its operations), beside notes calls that run while it waits. The
 * next step answers with its result as above: what the tool answered if the call was approved (with
 * the approver's edit of its arguments, if any), or the error result of a denial:
 *
 * <pre>{@code
 * "approve-me deploy to prod"
 *   step 0 -> approve-me{text:"deploy to prod"}, which waits for a person's decision
 *   step 1 -> done: approve-me deploy to prod -> approved: {"text":"deploy to prod"}
 *          or done: approve-me deploy to prod -> error: Not run: the call of approve-me ...
 * }</pre>
 */
public final class EchoAgent implements AgentHandler {

  /** What every answer starts with. */
  public static final String PREFIX = "echo: ";

  /** The longest wait; a larger number waits this long. */
  public static final Duration MAX_SLEEP = Duration.ofMinutes(10);

  /** The most deltas an answer is emitted in. */
  public static final int MAX_ANSWER_DELTAS = 32;

  /** The most deltas a {@code stream <n> <ms>} input emits. */
  public static final int MAX_STREAM_DELTAS = 100_000;

  private static final Pattern SLEEP = Pattern.compile("^sleep (\\d{1,12}) ");
  private static final Pattern STREAM = Pattern.compile("^stream (\\d{1,9}) (\\d{1,12})$");

  /** Waits; tests substitute a recorder. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final Sleeper sleeper;

  /** An echo agent that really waits. */
  public EchoAgent() {
    this(Thread::sleep);
  }

  EchoAgent(Sleeper sleeper) {
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  @Override
  public StepResult handle(Step step) throws InterruptedException {
    Optional<ToolScript> script;
    try {
      script = ToolScript.parse(step.input());
    } catch (IllegalArgumentException e) {
      return StepResult.answer(ToolScript.PREFIX + " " + e.getMessage());
    }
    if (script.isPresent()) {
      return run(script.get(), withoutSteered(step));
    }
    Optional<SteerableTurn> steerable = SteerableTurn.parse(step.input());
    if (steerable.isPresent()) {
      return steerable.get().run(step, sleeper);
    }
    Optional<Duration> delay = delayOf(step.input());
    if (delay.isPresent()) {
      sleeper.sleep(delay.get());
    }
    Matcher stream = STREAM.matcher(step.input());
    if (stream.matches()) {
      emitCounting(step, Integer.parseInt(stream.group(1)), Long.parseLong(stream.group(2)));
    } else {
      emitWords(step, answerOf(step));
    }
    return StepResult.answer(answerOf(step));
  }

  /**
   * The answer to a plain input: {@link #answerTo} its input, then each message steered or merged
   * into the turn so far, after {@code " | "}.
   */
  static String answerOf(Step step) {
    StringBuilder answer = new StringBuilder(answerTo(step.input()));
    step.steered().forEach(message -> answer.append(" | ").append(message.content()));
    return answer.toString();
  }

  /** Emits {@code "0 "}, {@code "1 "}, ... {@code count} deltas, {@code intervalMs} apart. */
  private void emitCounting(Step step, int count, long intervalMs) throws InterruptedException {
    Duration interval = Duration.ofMillis(Math.min(intervalMs, MAX_SLEEP.toMillis()));
    for (int i = 0; i < Math.min(count, MAX_STREAM_DELTAS) && !step.isCancelled(); i++) {
      if (i > 0 && !interval.isZero()) {
        sleeper.sleep(interval);
      }
      step.emit(i + " ");
    }
  }

  /** Emits {@code answer} in pieces of whole words, at most {@value #MAX_ANSWER_DELTAS}. */
  static void emitWords(Step step, String answer) {
    String[] words = answer.split("(?<= )");
    int perDelta = (words.length + MAX_ANSWER_DELTAS - 1) / MAX_ANSWER_DELTAS;
    for (int i = 0; i < words.length; i += perDelta) {
      step.emit(String.join("", List.of(words).subList(i, Math.min(words.length, i + perDelta))));
    }
  }

  /**
   * The tool calls of {@code script} if the turn so far (the context after its last user message)
   * has not asked for them yet; otherwise the summary of their results.
   */
  static StepResult run(ToolScript script, List<Message> context) {
    List<Message> turn = turnSoFar(context);
    Optional<Message> asked =
        turn.stream()
            .filter(m -> m.role() == Role.ASSISTANT && !m.toolCalls().isEmpty())
            .reduce((first, second) -> second);
    if (asked.isEmpty()) {
      return StepResult.callTools(script.calls())
          .withContent("calling " + script.calls().size() + " tools");
    }
    Map<String, ToolResult> results = new HashMap<>();
    for (Message message : turn) {
      if (message.role() == Role.TOOL) {
        message.toolResult().ifPresent(r -> results.put(r.callId(), r.result()));
      }
    }
    List<ToolCall> calls = asked.get().toolCalls();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      String operation =
          i < script.operations().size() ? script.operations().get(i) : calls.get(i).name();
      ToolResult result = calls.get(i).callId().map(results::get).orElse(null);
      String outcome =
          result == null
              ? "(no result)"
              : result.isError() ? "error: " + result.content() : result.content();
      lines.add(operation + " -> " + outcome);
    }
    return StepResult.answer("done: " + String.join(", ", lines));
  }

  /** The step's context without the messages steered into the turn, which are no script's. */
  private static List<Message> withoutSteered(Step step) {
    List<Message> context = new ArrayList<>(step.context());
    for (Message steered : step.steered().reversed()) {
      int at = context.lastIndexOf(steered);
      if (at >= 0) {
        context.remove(at);
      }
    }
    return context;
  }

  private static List<Message> turnSoFar(List<Message> context) {
    for (int i = context.size() - 1; i >= 0; i--) {
      if (context.get(i).role() == Role.USER) {
        return context.subList(i + 1, context.size());
      }
    }
    return context;
  }

  /** The answer to {@code input}. */
  public static String answerTo(String input) {
    return PREFIX + input;
  }

  /** How long {@code input} asks to wait, if it starts with {@code sleep <ms> }. */
  public static Optional<Duration> delayOf(String input) {
    Matcher matcher = SLEEP.matcher(input);
    if (!matcher.find()) {
      return Optional.empty();
    }
    Duration asked = Duration.ofMillis(Long.parseLong(matcher.group(1)));
    return Optional.of(asked.compareTo(MAX_SLEEP) > 0 ? MAX_SLEEP : asked);
  }
}
