package dev.baton.cli;

import dev.baton.cli.config.SettingTypes;
import dev.baton.worker.WorkerOptions;
import picocli.CommandLine.Option;

/** {@code --share-group}: the share group the workers consume assignments through. */
final class ShareGroupOption {

  @Option(
      names = "--share-group",
      defaultValue = WorkerOptions.DEFAULT_SHARE_GROUP,
      converter = SettingTypes.Text.class,
      description = "Share group of the workers.")
  String shareGroup;
}
