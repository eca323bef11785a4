package dev.baton.worker;

import dev.baton.worker.internal.ClientFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Kafka's clients for a worker whose turn-signal consumer can be paused: while paused, its next
 * poll waits until {@link #resume()}, so the worker reads no signal and a test controls when it
 * learns of a stop. In this package to reach the builder's client seam, {@link
 * Worker.Builder#clients}.
 */
public final class PausableSignals implements ClientFactory {

  private volatile CountDownLatch resumed = new CountDownLatch(0);
  private volatile boolean holding;
  private final AtomicInteger endsAskedWhilePaused = new AtomicInteger();

  /** Builds {@code builder}'s worker with these clients. */
  public Worker.Builder applyTo(Worker.Builder builder) {
    return builder.clients(this);
  }

  /** Makes the signal consumer's next poll wait until {@link #resume()}. */
  public void pause() {
    resumed = new CountDownLatch(1);
  }

  /** Lets the signal consumer poll again. */
  public void resume() {
    resumed.countDown();
  }

  /** Whether the signal consumer waits in a paused poll, having read nothing since the pause. */
  public boolean isHolding() {
    return holding;
  }

  /**
   * How many times a signal consumer asked for end offsets while paused: the worker's barrier
   * before a tool call asks, the paused listener cannot.
   */
  public int endsAskedWhilePaused() {
    return endsAskedWhilePaused.get();
  }

  @Override
  public ShareConsumer<String, byte[]> shareConsumer(Map<String, Object> config) {
    return KAFKA.shareConsumer(config);
  }

  @Override
  public Producer<String, byte[]> producer(Map<String, Object> config) {
    return KAFKA.producer(config);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Consumer<String, byte[]> consumer(Map<String, Object> config) {
    Consumer<String, byte[]> real = KAFKA.consumer(config);
    return (Consumer<String, byte[]>)
        Proxy.newProxyInstance(
            Consumer.class.getClassLoader(),
            new Class<?>[] {Consumer.class},
            (proxy, method, args) -> {
              if (method.getName().equals("poll")) {
                waitWhilePaused();
              } else if (method.getName().equals("endOffsets") && resumed.getCount() > 0) {
                endsAskedWhilePaused.incrementAndGet();
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private void waitWhilePaused() throws InterruptedException {
    CountDownLatch latch = resumed;
    if (latch.getCount() == 0) {
      return;
    }
    holding = true;
    try {
      latch.await();
    } finally {
      holding = false;
    }
  }
}
