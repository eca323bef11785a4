package dev.baton.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --timeout}: how long an operator command waits for Kafka, the registry or the API. */
final class OpsTimeoutOption {

  @Option(
      names = "--timeout",
      defaultValue = "PT5S",
      description =
          "How long to wait for Kafka, the Schema Registry or a coordinator before failing,"
              + " ISO-8601.")
  Duration timeout;
}
