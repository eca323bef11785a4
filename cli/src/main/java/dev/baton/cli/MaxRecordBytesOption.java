package dev.baton.cli;

import dev.baton.cli.config.SettingTypes;
import dev.baton.coordinator.topology.TopologyOptions;
import picocli.CommandLine.Option;

/**
 * {@code --max-record-bytes}: the largest record Baton writes, which the producers' {@code
 * max.request.size} and the topics' {@code max.message.bytes} must allow; shared by the coordinator
 * and the commands that create topics.
 */
final class MaxRecordBytesOption {

  /** The flag. */
  static final String FLAG = "--max-record-bytes";

  @Option(
      names = FLAG,
      converter = SettingTypes.PositiveInt.class,
      description =
          "The largest record Baton writes or accepts, in bytes: the producers' max.request.size;"
              + " topics are created with this max.message.bytes, and an existing topic that"
              + " allows less stops the start.")
  int maxRecordBytes = TopologyOptions.DEFAULT_MAX_RECORD_BYTES;
}
