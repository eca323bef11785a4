package dev.baton.worker;

import dev.baton.worker.internal.ClientFactory;
import dev.baton.worker.internal.FakeLocks;
import dev.baton.worker.internal.FakeShareConsumer;
import dev.baton.worker.internal.FakeSignals;
import dev.baton.worker.internal.Locks;
import dev.baton.worker.lock.LockOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A worker's clients without a broker or Redis: fake share consumers and signal consumers,
 * remembered in order, one mock producer and fake turn locks.
 */
final class MockClients implements ClientFactory {

  final List<FakeShareConsumer> consumers = new CopyOnWriteArrayList<>();
  final List<FakeSignals> signals = new CopyOnWriteArrayList<>();
  final MockProducer<String, byte[]> producer =
      new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  final FakeLocks locks = new FakeLocks();

  /** Shuts {@code worker} down now, if there is one, and waits for it to terminate. */
  static void stopNow(Worker worker) throws InterruptedException {
    if (worker != null) {
      worker.shutdownNow();
      worker.awaitTermination(Duration.ofSeconds(5));
    }
  }

  @Override
  public ShareConsumer<String, byte[]> shareConsumer(Map<String, Object> config) {
    FakeShareConsumer consumer = new FakeShareConsumer();
    consumers.add(consumer);
    return consumer;
  }

  @Override
  public Producer<String, byte[]> producer(Map<String, Object> config) {
    return producer;
  }

  @Override
  public Consumer<String, byte[]> consumer(Map<String, Object> config) {
    FakeSignals consumer = FakeSignals.consumer();
    signals.add(consumer);
    return consumer;
  }

  @Override
  public Locks locks(String redisUri, LockOptions options) {
    return locks;
  }
}
