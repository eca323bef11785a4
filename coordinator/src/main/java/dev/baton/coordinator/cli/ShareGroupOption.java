package dev.baton.coordinator.cli;

import dev.baton.worker.WorkerOptions;
import picocli.CommandLine.Option;

/** {@code --share-group}: the share group the workers consume assignments through. */
final class ShareGroupOption {

  @Option(
      names = "--share-group",
      defaultValue = "${env:BATON_SHARE_GROUP:-" + WorkerOptions.DEFAULT_SHARE_GROUP + "}",
      description = "Share group of the workers (env BATON_SHARE_GROUP). Default: ${DEFAULT-VALUE}")
  String shareGroup;
}
