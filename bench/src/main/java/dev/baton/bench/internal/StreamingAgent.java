package dev.baton.bench.internal;

import dev.baton.worker.AgentHandler;
import dev.baton.worker.Step;
import dev.baton.worker.StepResult;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent of the streams case, in the benchmark's workers: an input {@code bench-stream <n> <ms>}
 * emits {@code n} {@link StampedDelta}s, one every {@code ms} milliseconds on a fixed schedule (a
 * model's token stream), then answers; with {@code gated} at the end it first waits at the {@link
 * StreamGate}. Any other input is answered at once, with no deltas.
 *
 * <pre>{@code
 * "bench-stream 200 20 gated" -> waits at the gate, then 200 deltas "0:<nanos> ", ... 20 ms apart
 * "hello"                     -> answer "ok"
 * }</pre>
 */
final class StreamingAgent implements AgentHandler {

  private static final Pattern INPUT =
      Pattern.compile("^bench-stream (\\d{1,9}) (\\d{1,6})( gated)?$");

  /**
   * What one input asks for.
   *
   * @param deltas how many deltas
   * @param interval how far apart
   * @param gated whether to wait at the gate first
   */
  record Plan(int deltas, Duration interval, boolean gated) {

    /** The input that asks for this plan. */
    String input() {
      return "bench-stream " + deltas + " " + interval.toMillis() + (gated ? " gated" : "");
    }

    /** The plan {@code input} asks for, if it is one. */
    static Optional<Plan> of(String input) {
      Matcher matcher = INPUT.matcher(input);
      if (!matcher.matches()) {
        return Optional.empty();
      }
      return Optional.of(
          new Plan(
              Integer.parseInt(matcher.group(1)),
              Duration.ofMillis(Long.parseLong(matcher.group(2))),
              matcher.group(3) != null));
    }
  }

  private final StreamGate gate;

  /** An agent whose gated steps wait at {@code gate}. */
  StreamingAgent(StreamGate gate) {
    this.gate = gate;
  }

  @Override
  public StepResult handle(Step step) throws InterruptedException {
    Optional<Plan> plan = Plan.of(step.input());
    if (plan.isEmpty()) {
      return StepResult.answer("ok");
    }
    if (plan.get().gated()) {
      gate.arriveAndAwait();
    }
    emit(step, plan.get());
    return StepResult.answer("streamed " + plan.get().deltas());
  }

  /**
   * The deltas on a fixed schedule: the i-th at {@code start + i * interval} or at once if late.
   */
  private static void emit(Step step, Plan plan) throws InterruptedException {
    long start = System.nanoTime();
    long interval = plan.interval().toNanos();
    for (int i = 0; i < plan.deltas() && !step.isCancelled(); i++) {
      long wait = start + i * interval - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(Duration.ofNanos(wait));
      }
      step.emit(new StampedDelta(i, System.nanoTime()).text());
    }
  }
}
