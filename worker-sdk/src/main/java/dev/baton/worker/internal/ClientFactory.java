package dev.baton.worker.internal;

import dev.baton.worker.lock.LockOptions;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Creates the worker's Kafka clients; tests substitute mocks. */
public interface ClientFactory {

  /** The real Kafka clients. */
  ClientFactory KAFKA =
      new ClientFactory() {
        @Override
        public ShareConsumer<String, byte[]> shareConsumer(Map<String, Object> config) {
          return new KafkaShareConsumer<>(
              config, new StringDeserializer(), new ByteArrayDeserializer());
        }

        @Override
        public Producer<String, byte[]> producer(Map<String, Object> config) {
          return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        }

        @Override
        public Consumer<String, byte[]> consumer(Map<String, Object> config) {
          return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        }
      };

  /** A share consumer with string keys and raw values. */
  ShareConsumer<String, byte[]> shareConsumer(Map<String, Object> config);

  /** A producer with string keys and raw values. */
  Producer<String, byte[]> producer(Map<String, Object> config);

  /** A plain consumer with string keys and raw values, for the turn signals. */
  Consumer<String, byte[]> consumer(Map<String, Object> config);

  /** The process's turn locks, in the Redis at {@code redisUri}. */
  default Locks locks(String redisUri, LockOptions options) {
    return new RedisLocks(redisUri, options);
  }
}
