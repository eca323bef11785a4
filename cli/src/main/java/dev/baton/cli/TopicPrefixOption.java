package dev.baton.cli;

import dev.baton.schemas.TopicLayout;
import picocli.CommandLine.Option;

/** {@code --topic-prefix}: the prefix of every Baton topic, shared by coordinators and workers. */
final class TopicPrefixOption {

  @Option(
      names = "--topic-prefix",
      defaultValue = TopicLayout.DEFAULT_PREFIX,
      description = "Prefix of every topic name.")
  String topicPrefix;
}
