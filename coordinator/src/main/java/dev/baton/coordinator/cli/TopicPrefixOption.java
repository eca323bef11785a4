package dev.baton.coordinator.cli;

import picocli.CommandLine.Option;

/** {@code --topic-prefix}: the prefix of every Baton topic, shared by coordinators and workers. */
final class TopicPrefixOption {

  @Option(
      names = "--topic-prefix",
      defaultValue = "${env:BATON_TOPIC_PREFIX:-baton.}",
      description =
          "Prefix of every topic name (env BATON_TOPIC_PREFIX). Default: ${DEFAULT-VALUE}")
  String topicPrefix;
}
