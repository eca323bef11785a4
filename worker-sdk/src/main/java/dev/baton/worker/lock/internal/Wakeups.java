package dev.baton.worker.lock.internal;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The process's one pub/sub connection. A session's channel is subscribed while at least one waiter
 * of this process waits on it, and each message is handed to that channel's waiters, which decide
 * whether it concerns them. Lettuce subscribes again after a reconnect; messages published
 * meanwhile are lost, so every waiter is woken when the connection drops (to fail fast if Redis is
 * gone) and when it is back, and the waiters' backstop poll covers the rest.
 */
final class Wakeups extends RedisPubSubAdapter<String, String> implements AutoCloseable {

  /** Something that waits for wake-ups on a channel. */
  interface Waiter {
    /** Called on a Lettuce I/O thread for every message on the waiter's channel; must not block. */
    void wake(Notice notice);
  }

  private final StatefulRedisPubSubConnection<String, String> connection;
  private final Duration timeout;
  private final Map<String, Channel> channels = new ConcurrentHashMap<>();

  Wakeups(StatefulRedisPubSubConnection<String, String> connection, Duration timeout) {
    this.connection = connection;
    this.timeout = timeout;
    connection.addListener(this);
  }

  /** Adds {@code waiter} to {@code channel}; completes once the channel is subscribed. */
  synchronized CompletableFuture<Void> add(String channel, Waiter waiter) {
    Channel c = channels.computeIfAbsent(channel, name -> new Channel());
    if (c.subscribed == null || c.subscribed.isCompletedExceptionally()) {
      c.subscribed =
          connection
              .async()
              .subscribe(channel)
              .toCompletableFuture()
              .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    c.waiters.add(waiter);
    return c.subscribed;
  }

  /** Removes {@code waiter}; the channel is unsubscribed when its last waiter leaves. */
  synchronized void remove(String channel, Waiter waiter) {
    Channel c = channels.get(channel);
    if (c == null || !c.waiters.remove(waiter) || !c.waiters.isEmpty()) {
      return;
    }
    channels.remove(channel);
    if (connection.isOpen()) {
      connection.async().unsubscribe(channel);
    }
  }

  /** The number of channels subscribed now. */
  int channelCount() {
    return channels.size();
  }

  @Override
  public void message(String channel, String message) {
    Channel c = channels.get(channel);
    if (c == null) {
      return;
    }
    Notice notice = Notice.parse(message);
    for (Waiter waiter : c.waiters) {
      waiter.wake(notice);
    }
  }

  /** Wakes every waiter when the pub/sub connection drops or is back; added to the client. */
  final RedisConnectionStateListener connectionEvents =
      new RedisConnectionStateListener() {
        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
          if (handler == connection) {
            wakeEveryone();
          }
        }

        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
          if (handler == connection) {
            wakeEveryone();
          }
        }
      };

  private void wakeEveryone() {
    for (Channel c : channels.values()) {
      for (Waiter waiter : c.waiters) {
        waiter.wake(Notice.EVERYONE);
      }
    }
  }

  @Override
  public void close() {
    connection.removeListener(this);
    connection.close();
  }

  private static final class Channel {
    final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
    CompletableFuture<Void> subscribed;
  }
}
