package dev.baton.cli;

import dev.baton.cli.config.SettingDefault;
import dev.baton.cli.config.SettingTypes;
import dev.baton.worker.Worker;
import dev.baton.worker.WorkerOptions;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --pollers} and {@code --hand-off-after-ms}: how a worker process shares its {@code
 * --max-in-flight} over share consumers, and when it hands a running step over to its lease (see
 * "Polling and parallelism" in docs/worker-sdk.md).
 */
final class PollerOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--pollers",
      converter = SettingTypes.PositiveInt.class,
      description =
          "Share consumers that share --max-in-flight, at most that many; fewer take more steps"
              + " per poll, which suits many short steps (docs/worker-sdk.md).")
  @SettingDefault("--max-in-flight: one step per share consumer")
  Integer pollers;

  @Option(
      names = "--hand-off-after-ms",
      converter = SettingTypes.HandOffAfterMs.class,
      description =
          "Accept a running step at the share group once it has run this long, so that its share"
              + " consumer takes new steps while it runs; from then on its lease alone covers it"
              + " (docs/worker-sdk.md). 0 at once; never renews its acquisition lock instead.")
  Long handOffAfterMs = WorkerOptions.DEFAULT_HAND_OFF_AFTER.toMillis();

  /**
   * Sets the pollers and the hand-off on {@code worker}, whose {@code maxInFlight} is {@code
   * maxInFlight}.
   *
   * @throws ParameterException if {@code --pollers} is more than {@code maxInFlight}
   */
  void applyTo(Worker.Builder worker, int maxInFlight) {
    if (pollers != null) {
      if (pollers > maxInFlight) {
        throw new ParameterException(
            spec.commandLine(),
            "--pollers="
                + pollers
                + " is more than --max-in-flight="
                + maxInFlight
                + "; each share consumer needs at least one step");
      }
      worker.pollers(pollers);
    }
    if (handOffAfterMs == null) {
      worker.neverHandOff();
    } else {
      worker.handOffAfter(Duration.ofMillis(handOffAfterMs));
    }
  }
}
