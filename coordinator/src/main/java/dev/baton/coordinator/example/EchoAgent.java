package dev.baton.coordinator.example;

import dev.baton.worker.AgentHandler;
import dev.baton.worker.Step;
import dev.baton.worker.StepResult;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example agent: it answers {@code echo: <input>}, with the whole input. An input that starts
 * with {@code sleep <ms> } (the word {@code sleep}, a space, a whole number of milliseconds, a
 * space) makes it wait that long first, so busy sessions and long turns can be shown; the answer
 * still echoes the whole input.
 *
 * <pre>{@code
 * "hello"            -> "echo: hello"                 at once
 * "sleep 500 hello"  -> "echo: sleep 500 hello"       after 500 ms
 * "sleep 500"        -> "echo: sleep 500"             at once (no space after the number)
 * }</pre>
 *
 * <p>The wait is interruptible: a worker shutting down now interrupts it, and the step is delivered
 * again.
 */
public final class EchoAgent implements AgentHandler {

  /** What every answer starts with. */
  public static final String PREFIX = "echo: ";

  /** The longest wait; a larger number waits this long. */
  public static final Duration MAX_SLEEP = Duration.ofMinutes(10);

  private static final Pattern SLEEP = Pattern.compile("^sleep (\\d{1,12}) ");

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
    Optional<Duration> delay = delayOf(step.input());
    if (delay.isPresent()) {
      sleeper.sleep(delay.get());
    }
    return StepResult.answer(answerTo(step.input()));
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
