package dev.baton.cli.example;

import dev.baton.worker.Message;
import dev.baton.worker.Step;
import dev.baton.worker.StepResult;
import dev.baton.worker.ToolCall;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example agent's slow turn that can be steered: input {@code steerable <n> <ms>} runs {@code
 * n} steps that each think for {@code ms} milliseconds and then call {@link NotesTools#LIST_NOTES},
 * then answers with the messages steered into the turn ({@code onBusy} {@code steer}) that it saw,
 * in order, so a client can watch its inputs reach a running turn at its step boundaries:
 *
 * <pre>{@code
 * "steerable 3 500"    -> steps 0..2 call list_notes, 500 ms apart
 *   (steered "left")   -> step 3 answers "steered 1: left"
 * }</pre>
 *
 * @param steps how many tool-calling steps the turn takes, at most {@value #MAX_STEPS}
 * @param think how long each step waits first
 */
record SteerableTurn(int steps, Duration think) {

  /** The most steps a steerable turn takes (the coordinator also limits steps per turn). */
  static final int MAX_STEPS = 1000;

  /** What a steerable turn's answer starts with. */
  static final String ANSWER_PREFIX = "steered ";

  /** What separates the steered messages in the answer. */
  static final String SEPARATOR = " | ";

  private static final Pattern INPUT = Pattern.compile("^steerable (\\d{1,9}) (\\d{1,12})$");

  /** The steerable turn {@code input} asks for, if it is one. */
  static Optional<SteerableTurn> parse(String input) {
    Matcher matcher = INPUT.matcher(input);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    int steps = Math.min(Integer.parseInt(matcher.group(1)), MAX_STEPS);
    long ms = Math.min(Long.parseLong(matcher.group(2)), EchoAgent.MAX_SLEEP.toMillis());
    return Optional.of(new SteerableTurn(steps, Duration.ofMillis(ms)));
  }

  /** The answer that lists {@code steered}: {@code steered <k>: <m1> | <m2> ...}. */
  static String answer(List<Message> steered) {
    List<String> texts = steered.stream().map(Message::content).toList();
    return ANSWER_PREFIX + texts.size() + ": " + String.join(SEPARATOR, texts);
  }

  /**
   * Step {@code step} of the turn: wait, then call a tool, or answer once all steps are done. Each
   * step but the last calls a tool, so the step's number is how many have.
   */
  StepResult run(Step step, EchoAgent.Sleeper sleeper) throws InterruptedException {
    if (step.number() >= steps) {
      return StepResult.answer(answer(step.steered()));
    }
    if (!think.isZero()) {
      sleeper.sleep(think);
    }
    return StepResult.callTools(ToolCall.of(NotesTools.LIST_NOTES, "{}"))
        .withContent("steerable step " + (step.number() + 1) + " of " + steps);
  }
}
