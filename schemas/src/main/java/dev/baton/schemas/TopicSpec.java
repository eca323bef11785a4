package dev.baton.schemas;

import java.util.Map;
import java.util.Objects;

/**
 * How a topic is created: its name, partition count and topic-level configs.
 *
 * <p>{@code new TopicSpec("baton.commands", 12, Map.of("retention.ms", "604800000"))}
 *
 * @param name the topic name
 * @param partitions the partition count, at least 1
 * @param configs topic-level configs such as {@code cleanup.policy}
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {

  /** Validates the spec and copies {@code configs}. */
  public TopicSpec {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "partitions of " + name + " must be at least 1, got " + partitions);
    }
    configs = Map.copyOf(configs);
  }
}
