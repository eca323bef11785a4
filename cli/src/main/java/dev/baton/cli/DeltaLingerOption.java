package dev.baton.cli;

import dev.baton.cli.config.SettingTypes;
import dev.baton.worker.WorkerOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --delta-linger-ms}: how long a worker gathers a step's emitted text into one delta. */
final class DeltaLingerOption {

  @Option(
      names = "--delta-linger-ms",
      converter = SettingTypes.DeltaLingerMs.class,
      description =
          "How long text a step emits may wait to be sent with the text emitted after it, as one"
              + " delta; 0 sends every emit at once.")
  long deltaLingerMs = WorkerOptions.DEFAULT_DELTA_LINGER.toMillis();

  Duration deltaLinger() {
    return Duration.ofMillis(deltaLingerMs);
  }
}
