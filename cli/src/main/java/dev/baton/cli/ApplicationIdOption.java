package dev.baton.cli;

import dev.baton.schemas.TopicLayout;
import picocli.CommandLine.Option;

/**
 * {@code --application-id} for the operator commands: it names the history topic ({@code
 * <application-id>-history-changelog}).
 */
final class ApplicationIdOption {

  @Option(
      names = "--application-id",
      defaultValue = TopicLayout.DEFAULT_APPLICATION_ID,
      description =
          "The coordinators' Kafka Streams application id, which names the history topic" + ".")
  String applicationId;
}
