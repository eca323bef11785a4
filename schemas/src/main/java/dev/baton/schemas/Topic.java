package dev.baton.schemas;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic name with the serdes of its keys and values. Immutable.
 *
 * <p>{@code Consumed.with(topic.keySerde(), topic.valueSerde())}
 *
 * @param name the topic name
 * @param keySerde the serde of its keys
 * @param valueSerde the serde of its values
 * @param <K> the key type
 * @param <V> the value type
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

  /** Checks that nothing is null. */
  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
  }

  /** The registry subject of the topic's values, {@code <name>-value}. */
  public String valueSubject() {
    return SubjectNames.forValue(name);
  }
}
