package dev.baton.schemas;

/**
 * Registry subject names by Confluent's TopicNameStrategy: {@code <topic>-value} and {@code
 * <topic>-key}. Each Baton topic has one value subject because each has one envelope record.
 *
 * <p>{@code SubjectNames.forValue("baton.commands") // "baton.commands-value"}
 */
public final class SubjectNames {

  private SubjectNames() {}

  /** The subject of a topic's values. */
  public static String forValue(String topic) {
    return topic + "-value";
  }

  /** The subject of a topic's keys. */
  public static String forKey(String topic) {
    return topic + "-key";
  }

  /** The subject of a topic's keys or values. */
  public static String of(String topic, boolean isKey) {
    return isKey ? forKey(topic) : forValue(topic);
  }
}
