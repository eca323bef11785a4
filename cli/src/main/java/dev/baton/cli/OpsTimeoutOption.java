package dev.baton.cli;

import dev.baton.cli.ops.ClusterAccess;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --timeout}: how long an operator command waits for Kafka, the registry or the API. */
final class OpsTimeoutOption {

  @Option(
      names = "--timeout",
      description =
          "How long to wait for Kafka, the Schema Registry or a coordinator before failing,"
              + " ISO-8601.")
  Duration timeout = ClusterAccess.DEFAULT_TIMEOUT;
}
