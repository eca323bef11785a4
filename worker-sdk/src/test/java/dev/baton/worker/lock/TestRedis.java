package dev.baton.worker.lock;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/**
 * A real {@code redis-server} from embedded-redis on 127.0.0.1 and a free port, without
 * persistence. {@link #shared()} is started once per test JVM; {@link #start()} gives a private one
 * to stop.
 */
final class TestRedis implements AutoCloseable {

  private static final String LOOPBACK = "127.0.0.1";
  private static TestRedis shared;

  private final RedisServer server;
  private final int port;
  private final RedisClient adminClient;
  private final StatefulRedisConnection<String, String> admin;

  private TestRedis(int port) throws IOException {
    this.port = port;
    this.server =
        RedisServer.newRedisServer()
            .port(port)
            .bind(LOOPBACK)
            .setting("save \"\"")
            .setting("appendonly no")
            .build();
    server.start();
    this.adminClient = RedisClient.create(uri());
    this.admin = adminClient.connect();
  }

  /** The server shared by every test of this JVM; stopped when the JVM exits. */
  static synchronized TestRedis shared() {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /** A server of its own, for a test that stops it. */
  static TestRedis start() {
    try {
      return new TestRedis(freePort());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start redis-server", e);
    }
  }

  String uri() {
    return "redis://" + LOOPBACK + ":" + port;
  }

  /** Synchronous commands for the test's own checks. */
  RedisCommands<String, String> admin() {
    return admin.sync();
  }

  /**
   * Commands clients have sent so far for locks: script runs and (un)subscriptions. Redis's own
   * counts also include the commands a script runs inside, which cost no round trip.
   */
  long commandsIssued() {
    return commandsRun("evalsha") + commandsRun("subscribe") + commandsRun("unsubscribe");
  }

  /** Commands of one kind ({@code evalsha}, {@code publish}...) run so far. */
  long commandsRun(String command) {
    return commandStat(command, "calls");
  }

  /** Commands of one kind refused so far (not allowed, wrong arguments...), not run. */
  long commandsRejected(String command) {
    return commandStat(command, "rejected_calls");
  }

  private long commandStat(String command, String field) {
    String prefix = "cmdstat_" + command + ":";
    for (String line : admin().info("commandstats").split("\r?\n")) {
      if (line.startsWith(prefix)) {
        for (String pair : line.substring(prefix.length()).split(",")) {
          if (pair.startsWith(field + "=")) {
            return Long.parseLong(pair.substring(field.length() + 1));
          }
        }
      }
    }
    return 0;
  }

  /** Stops the server. */
  void stop() {
    try {
      admin.close();
      adminClient.shutdown();
      server.stop();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stop redis-server", e);
    }
  }

  @Override
  public void close() {
    if (server.isActive()) {
      stop();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      return socket.getLocalPort();
    }
  }
}
